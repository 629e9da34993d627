import type { Rng } from "../ids.ts";

/**
 * Cases a year per bundle in Yinzhou district (2021, the seeds' scale): up to 4,900 funeral-subsidy
 * households (身后一件事); 2,400+ 婚育户 cases; 2,598 temporary-assistance cases plus 3,199 people on 低保
 * (救助一件事); a handful of elderly-care homes opening.
 */
export const SCALE_PER_YEAR: Readonly<Record<string, number>> = {
  "after-death": 4_900,
  "marriage-birth-household": 2_400,
  "social-assistance": 2_598 + 3_199,
  "elderly-care-opening": 10,
};

export class MixError extends Error {
  override name = "MixError";
}

/** `after-death:0.3,social-assistance:0.5` → weights normalised to sum to 1 (only the bundles listed). */
export function parseMix(text: string, known: readonly string[]): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const part of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = part.lastIndexOf(":");
    const id = at > 0 ? part.slice(0, at).trim() : "";
    const weight = Number(at > 0 ? part.slice(at + 1) : Number.NaN);
    if (!id || !Number.isFinite(weight) || weight < 0) {
      throw new MixError(`--mix takes <bundle>:<weight>,…, not '${part}'`);
    }
    if (!known.includes(id))
      throw new MixError(`--mix: unknown bundle '${id}' (one of: ${known.join(", ")})`);
    if (id in weights) throw new MixError(`--mix names ${id} twice`);
    weights[id] = weight;
  }
  return normalise(weights);
}

export function normalise(weights: Readonly<Record<string, number>>): Record<string, number> {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new MixError("the mix weights must not all be 0");
  return Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, v / total]));
}

/** The default mix: the seeds' yearly volumes, for the bundles the catalogue has. */
export function defaultMix(known: readonly string[]): Record<string, number> {
  return normalise(Object.fromEntries(known.map((id) => [id, SCALE_PER_YEAR[id] ?? 0])));
}

/**
 * Splits `n` cases over the weights exactly (largest remainder: every bundle gets the floor of its share,
 * the rest go to the largest fractions), so a small run still follows the mix as closely as whole cases can.
 */
export function apportion(n: number, weights: Readonly<Record<string, number>>): Record<string, number> {
  const entries = Object.entries(weights);
  const counts = Object.fromEntries(entries.map(([k, w]) => [k, Math.floor(n * w)]));
  let left = n - Object.values(counts).reduce((a, b) => a + b, 0);
  const byRemainder = entries
    .map(([k, w]) => [k, n * w - Math.floor(n * w)] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [k] of byRemainder) {
    if (left <= 0) break;
    counts[k] = (counts[k] ?? 0) + 1;
    left--;
  }
  return counts;
}

/** The order cases are submitted in: the apportioned bundles, shuffled (Fisher–Yates with the seeded rng). */
export function submissionOrder(n: number, weights: Readonly<Record<string, number>>, rng: Rng): string[] {
  const order = Object.entries(apportion(n, weights)).flatMap(([id, count]) => Array<string>(count).fill(id));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  return order;
}

import { residentIdCheckChar, residentIdProblem, usccCheckChar } from "@onething/domain";

/** A seeded PRNG (mulberry32): the same `--seed` gives the same load, ID numbers included. */
export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randomInt = (rng: Rng, min: number, max: number): number =>
  min + Math.floor(rng() * (max - min + 1));

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * An 18-character resident ID number (GB 11643): 6-digit region, birth date, 3-digit sequence (odd for men,
 * even for women), and the check character.
 * @example residentId("330212", new Date(Date.UTC(1964, 2, 21)), 13) // "330212196403210134"
 */
export function residentId(region: string, birth: Date, sequence: number): string {
  if (!/^[1-9]\d{5}$/.test(region)) throw new Error(`region ${region} must be 6 digits, not starting with 0`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999)
    throw new Error(`sequence ${sequence} out of range`);
  const date = `${birth.getUTCFullYear()}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}`;
  const first17 = `${region}${date}${pad(sequence, 3)}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

const DAY_MS = 86_400_000;

/**
 * Another valid ID number like `original`: same region and sex, a birth date within `spreadDays` of the
 * original's (so ages stay plausible for the sample), never one already in `used` (which it adds to).
 */
export function residentIdLike(original: string, rng: Rng, used: Set<string>, spreadDays = 730): string {
  if (residentIdProblem(original) !== null) throw new Error(`not a valid resident ID number: ${original}`);
  const region = original.slice(0, 6);
  const birth = Date.UTC(
    Number(original.slice(6, 10)),
    Number(original.slice(10, 12)) - 1,
    Number(original.slice(12, 14)),
  );
  const male = Number(original[16]) % 2 === 1;
  for (let tries = 0; tries < 10_000; tries++) {
    const shifted = new Date(birth + randomInt(rng, -spreadDays, spreadDays) * DAY_MS);
    const sequence = randomInt(rng, 0, 499) * 2 + (male ? 1 : 0);
    const id = residentId(region, shifted, sequence);
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
  throw new Error(`ran out of ID numbers like ${original}`);
}

const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/**
 * Another valid unified social credit code like `original` (GB 32100): same registration authority, kind
 * and region (first 8 characters), a new organisation code, the check character recomputed.
 */
export function usccLike(original: string, rng: Rng, used: Set<string>): string {
  const head = original.slice(0, 8);
  for (let tries = 0; tries < 10_000; tries++) {
    let body = "";
    for (let i = 0; i < 9; i++) body += USCC_CHARS[randomInt(rng, 0, USCC_CHARS.length - 1)];
    const first17 = `${head}${body}`;
    const code = `${first17}${usccCheckChar(first17)}`;
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
  throw new Error(`ran out of credit codes like ${original}`);
}

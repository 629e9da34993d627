import { createHash } from "node:crypto";

/**
 * A reproducible random number in [0, 1) for a seed and a key: the same task gets the same draw however often it is
 * delivered and in whatever order tasks arrive, so a run is reproducible given its seed and a re-sent task is
 * answered the same way as the first time.
 *
 * @example draw("demo", "OT-1:household-cancellation:1:outcome") // 0.4132…, every time
 */
export function draw(seed: string, key: string): number {
  const digest = createHash("sha256").update(seed).update("\u0000").update(key).digest();
  // 48 bits: exact in a double, plenty for rates and delays.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** A whole number in [min, max] from a draw. */
export function drawInt(seed: string, key: string, min: number, max: number): number {
  if (max <= min) return min;
  return min + Math.floor(draw(seed, key) * (max - min + 1));
}

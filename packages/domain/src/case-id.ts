import { chinaDate } from "./calendar/dates.ts";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/**
 * A case id people can read out on the phone: `OT-<Beijing date>-<10 base32 characters>`, the characters drawn from
 * the first ten of `bytes` (random for an application, a digest for a case a rule starts, so a redelivery derives
 * the same id).
 * @example caseIdOf(new Date("2026-03-02T02:00:00Z"), digest) // "OT-20260302-ZA9FRLHV4T"
 */
export function caseIdOf(day: Date, bytes: Uint8Array): string {
  if (bytes.length < 10) throw new Error("a case id takes 10 bytes");
  const suffix = [...bytes.subarray(0, 10)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  return `OT-${chinaDate(day).replaceAll("-", "")}-${suffix}`;
}

/**
 * An offer id in the same form as a case id: `OF-<Beijing date>-<10 base32 characters>` from the first ten of
 * `bytes` (a digest of the offer's key, so a replay derives the same id).
 * @example offerIdOf(new Date("2026-03-02T02:00:00Z"), digest) // "OF-20260302-ZA9FRLHV4T"
 */
export function offerIdOf(day: Date, bytes: Uint8Array): string {
  return `OF-${caseIdOf(day, bytes).slice("OT-".length)}`;
}

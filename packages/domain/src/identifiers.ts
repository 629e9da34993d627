/**
 * Validators for Chinese identifiers. Each returns `null` when valid, or a short reason.
 * @example residentIdProblem("11010519491231002X") // null
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = "10X98765432";

/** GB 11643-1999 check character for the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS[sum % 11] ?? "?";
}

/** 18-character resident identity number (GB 11643): region, birth date, sequence, check character. */
export function residentIdProblem(value: string): string | null {
  if (!/^\d{17}[\dX]$/.test(value)) return "must be 18 characters: 17 digits and a digit or X";
  if (!/^[1-9]/.test(value)) return "region code must not start with 0";
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (isoDateProblem(birth) !== null) return `birth date ${birth} is not a real date`;
  const expected = residentIdCheckChar(value.slice(0, 17));
  if (value[17] !== expected) return `check character must be ${expected} (GB 11643)`;
  return null;
}

/** Birth date (YYYY-MM-DD) encoded in a valid resident ID number. */
export function birthDateFromResidentId(value: string): string {
  return `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
}

const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 32100-2015 check character for the first 17 characters of a unified social credit code. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i] ?? "") * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] ?? "?";
}

/** Unified social credit code (统一社会信用代码, GB 32100) of an organisation. */
export function usccProblem(value: string): string | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) {
    return "must be 18 characters of the GB 32100 alphabet (digits and capitals except I, O, S, V, Z)";
  }
  const expected = usccCheckChar(value.slice(0, 17));
  if (value[17] !== expected) return `check character must be ${expected} (GB 32100)`;
  return null;
}

/** Mainland mobile number (11 digits starting 13–19) or a landline with area code. */
export function phoneProblem(value: string): string | null {
  if (/^1[3-9]\d{9}$/.test(value)) return null;
  if (/^0\d{2,3}-?\d{7,8}$/.test(value)) return null;
  return "must be a mainland mobile number (11 digits, 13x–19x) or a landline such as 0574-87654321";
}

/** Calendar date as YYYY-MM-DD that exists (no 2月30日). */
export function isoDateProblem(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return "must be a date as YYYY-MM-DD";
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return "is not a real calendar date";
  }
  return null;
}

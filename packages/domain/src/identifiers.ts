/**
 * Validators for Chinese identifiers. `…Issue` returns `null` when valid, or a stable code (which the pages
 * translate), an English sentence and its parameters; `…Problem` the sentence alone.
 * @example residentIdProblem("11010519491231002X") // null
 */

/** What is wrong with one value: a stable code, a sentence, and what the sentence names. */
export interface ValueIssue {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

const messageOf = (issue: ValueIssue | null): string | null => issue?.message ?? null;

/** Both codes end in a check character computed from the first 17; `standard` names whose rule it is. */
function checkCharIssue(value: string, expected: string, code: string, standard: string): ValueIssue | null {
  if (value[17] === expected) return null;
  return { code, message: `check character must be ${expected} (${standard})`, params: { expected } };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = "10X98765432";

/** GB 11643-1999 check character for the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS[sum % 11] ?? "?";
}

/** 18-character resident identity number (GB 11643): region, birth date, sequence, check character. */
export function residentIdIssue(value: string): ValueIssue | null {
  if (!/^\d{17}[\dX]$/.test(value))
    return { code: "id_number_format", message: "must be 18 characters: 17 digits and a digit or X" };
  if (!/^[1-9]/.test(value))
    return { code: "id_number_region", message: "region code must not start with 0" };
  const birth = birthDateFromResidentId(value);
  if (isoDateProblem(birth) !== null)
    return {
      code: "id_number_birth_date",
      message: `birth date ${birth} is not a real date`,
      params: { birth },
    };
  return checkCharIssue(value, residentIdCheckChar(value.slice(0, 17)), "id_number_check_char", "GB 11643");
}

export const residentIdProblem = (value: string): string | null => messageOf(residentIdIssue(value));

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
export function usccIssue(value: string): ValueIssue | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) {
    return {
      code: "uscc_format",
      message: "must be 18 characters of the GB 32100 alphabet (digits and capitals except I, O, S, V, Z)",
    };
  }
  return checkCharIssue(value, usccCheckChar(value.slice(0, 17)), "uscc_check_char", "GB 32100");
}

export const usccProblem = (value: string): string | null => messageOf(usccIssue(value));

/** Mainland mobile number (11 digits starting 13–19) or a landline with area code. */
export function phoneIssue(value: string): ValueIssue | null {
  if (/^1[3-9]\d{9}$/.test(value)) return null;
  if (/^0\d{2,3}-?\d{7,8}$/.test(value)) return null;
  return {
    code: "phone_format",
    message: "must be a mainland mobile number (11 digits, 13x–19x) or a landline such as 0574-87654321",
  };
}

export const phoneProblem = (value: string): string | null => messageOf(phoneIssue(value));

/** Calendar date as YYYY-MM-DD that exists (no 2月30日). */
export function isoDateIssue(value: string): ValueIssue | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return { code: "date_format", message: "must be a date as YYYY-MM-DD" };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return { code: "date_not_real", message: "is not a real calendar date" };
  }
  return null;
}

export const isoDateProblem = (value: string): string | null => messageOf(isoDateIssue(value));

import { CalendarRangeError } from "../errors.ts";

/** Mainland China keeps one time zone with no daylight saving: UTC+8 all year. */
export const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** YYYY-MM-DD of a UTC-midnight epoch value; four-digit years only (a date past 9999 is out of every calendar). */
function isoDay(epochMs: number): string {
  const text = new Date(epochMs).toISOString();
  if (!/^\d{4}-/.test(text)) throw new CalendarRangeError(new Date(epochMs).getUTCFullYear(), []);
  return text.slice(0, 10);
}

/** The local (Beijing) calendar date of an instant, as YYYY-MM-DD. */
export function chinaDate(instant: Date): string {
  return isoDay(instant.getTime() + CHINA_OFFSET_MS);
}

export function nextDate(date: string): string {
  return isoDay(Date.parse(`${date}T00:00:00Z`) + DAY_MS);
}

export function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The instant a Beijing day begins (00:00 in UTC+8). */
export function startOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS);
}

/** The instant a Beijing day ends (24:00, i.e. the next day's 00:00 in UTC+8). */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - CHINA_OFFSET_MS);
}

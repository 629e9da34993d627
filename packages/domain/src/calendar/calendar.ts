import { z } from "zod";
import { LocalizedTextSchema } from "../bundle/schema.ts";
import { CalendarRangeError, CatalogueValidationError } from "../errors.ts";
import { isoDateProblem } from "../identifiers.ts";

const IsoDate = z.string().refine((v) => isoDateProblem(v) === null, "must be a real date as YYYY-MM-DD");

/** One year of the State Council's public-holiday notice: days off, and weekend days worked instead (调休). */
export const CalendarYearSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  source: z.string().min(1),
  holidays: z.array(
    z.strictObject({
      name: LocalizedTextSchema,
      from: IsoDate,
      to: IsoDate,
      makeUpWorkdays: z.array(IsoDate).default([]),
    }),
  ),
});
export type CalendarYear = z.infer<typeof CalendarYearSchema>;
export type CalendarYearInput = z.input<typeof CalendarYearSchema>;

/** Mainland China keeps one time zone with no daylight saving: UTC+8 all year. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The local (Beijing) calendar date of an instant, as YYYY-MM-DD. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * Working days (工作日) in mainland China: Monday–Friday, minus public holidays, plus make-up
 * workdays. Built only from published calendar years; any other year is a CalendarRangeError.
 * @example calendar.dueAt(new Date("2025-09-30T10:00:00+08:00"), 2) // end of 2025-10-10 (the holiday is skipped)
 */
export class WorkingCalendar {
  private readonly years = new Set<number>();
  private readonly daysOff = new Set<string>();
  private readonly makeUpDays = new Set<string>();

  constructor(years: readonly CalendarYear[]) {
    const problems: string[] = [];
    for (const y of years) {
      if (this.years.has(y.year)) problems.push(`calendar ${y.year}: year listed twice`);
      this.years.add(y.year);
      for (const h of y.holidays) {
        if (h.from > h.to) problems.push(`calendar ${y.year}: holiday ${h.name.en} ends before it starts`);
        for (let d = h.from; d <= h.to; d = nextDate(d)) this.daysOff.add(d);
        for (const w of h.makeUpWorkdays) {
          const weekday = new Date(`${w}T00:00:00Z`).getUTCDay();
          if (weekday !== 0 && weekday !== 6) {
            problems.push(`calendar ${y.year}: make-up workday ${w} of ${h.name.en} is not a weekend day`);
          }
          this.makeUpDays.add(w);
        }
      }
    }
    if (problems.length > 0) throw new CatalogueValidationError(problems.map((message) => ({ message })));
  }

  /** Parses raw calendar data (e.g. seeds/calendar/2026.json) and builds the calendar. */
  static fromData(data: readonly unknown[]): WorkingCalendar {
    const years = data.map((raw, i) => {
      const parsed = CalendarYearSchema.safeParse(raw);
      if (parsed.success) return parsed.data;
      throw new CatalogueValidationError(
        parsed.error.issues.map((issue) => ({
          field: `calendar[${i}].${issue.path.join(".")}`,
          message: issue.message,
        })),
      );
    });
    return new WorkingCalendar(years);
  }

  get knownYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** Whether a local date (YYYY-MM-DD) is a working day; throws CalendarRangeError outside known years. */
  isWorkingDay(date: string): boolean {
    const year = Number(date.slice(0, 4));
    if (!this.years.has(year)) throw new CalendarRangeError(year, this.knownYears);
    if (this.makeUpDays.has(date)) return true;
    if (this.daysOff.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The local date of the n-th working day after the local date of `start` (the day of receipt is not counted). */
  addWorkingDays(start: Date, workingDays: number): string {
    let date = chinaDate(start);
    let left = workingDays;
    while (left > 0) {
      date = nextDate(date);
      if (this.isWorkingDay(date)) left--;
    }
    return date;
  }

  /** Deadline instant for a time limit of n working days: the end (24:00 Beijing time) of the n-th working day. */
  dueAt(start: Date, workingDays: number): Date {
    const lastDay = this.addWorkingDays(start, workingDays);
    return new Date(Date.parse(`${lastDay}T00:00:00Z`) + DAY_MS - CHINA_OFFSET_MS);
  }
}

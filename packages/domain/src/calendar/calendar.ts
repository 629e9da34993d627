import { z } from "zod";
import { LocalizedTextSchema } from "../bundle/schema.ts";
import { CalendarRangeError, CatalogueValidationError } from "../errors.ts";
import { isoDateProblem } from "../identifiers.ts";
import { chinaDate, endOfChinaDay, isWeekend, nextDate } from "./dates.ts";
import {
  FIRST_STATUTORY_YEAR,
  LAST_STATUTORY_YEAR,
  STATUTORY_RULE_SOURCE,
  statutoryHolidays,
} from "./statutory.ts";

export { CHINA_OFFSET_MS, chinaDate, endOfChinaDay, startOfChinaDay } from "./dates.ts";

const IsoDate = z.string().refine((v) => isoDateProblem(v) === null, "must be a real date as YYYY-MM-DD");

/** One year of the State Council's public-holiday notice: days off, and weekend days worked instead (调休). */
export const CalendarYearSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  source: z.string().min(1).max(500),
  holidays: z
    .array(
      z.strictObject({
        name: LocalizedTextSchema,
        from: IsoDate,
        to: IsoDate,
        makeUpWorkdays: z.array(IsoDate).max(10).default([]),
      }),
    )
    .max(20),
});
export type CalendarYear = z.infer<typeof CalendarYearSchema>;
export type CalendarYearInput = z.input<typeof CalendarYearSchema>;

/** `official`: a published notice; `provisional`: derived from the statutory rule until the notice is loaded. */
export type CalendarYearStatus = "official" | "provisional";

/** A year as the calendar uses it, for people and for the API (`GET /v1/ops/calendar`). */
export interface CalendarYearView {
  year: number;
  status: CalendarYearStatus;
  source: string;
  holidays: { name: { zh: string; en: string }; from: string; to: string; makeUpWorkdays: string[] }[];
  /** Every day off that is not a weekend day or is a holiday on a weekend, sorted. */
  daysOff: string[];
  /** Weekend days worked (调休), sorted; always empty for a provisional year. */
  makeUpWorkdays: string[];
}

/** A committed time limit's end, and whether any day counted towards it came from a provisional year. */
export interface Deadline {
  /** ISO instant: 24:00 Beijing time of the last working day. */
  dueAt: string;
  provisional: boolean;
  /** The provisional years the count passed through, ascending; empty when every day was official. */
  provisionalYears: number[];
}

interface YearDays {
  view: CalendarYearView;
  daysOff: ReadonlySet<string>;
  makeUpDays: ReadonlySet<string>;
}

export interface CalendarOptions {
  /**
   * Derive years without a notice from the statutory rule (default true). Off only to model a platform that knows
   * published notices alone, e.g. in tests of what happens where no year can be derived.
   */
  provisional?: boolean;
}

function dayRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = nextDate(d)) days.push(d);
  return days;
}

/** Problems of one notice on its own (order, weekday make-up days, dates outside its year). */
export function calendarYearProblems(y: CalendarYear): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  y.holidays.forEach((h, i) => {
    const at = `holidays.${i}`;
    if (h.from > h.to) problems.push({ field: `${at}.to`, message: `${h.name.en} ends before it starts` });
    for (const [key, date] of [
      ["from", h.from],
      ["to", h.to],
    ] as const) {
      if (Math.abs(Number(date.slice(0, 4)) - y.year) > 1)
        problems.push({ field: `${at}.${key}`, message: `${date} is not near ${y.year}` });
    }
    h.makeUpWorkdays.forEach((w, j) => {
      if (!isWeekend(w))
        problems.push({
          field: `${at}.makeUpWorkdays.${j}`,
          message: `make-up workday ${w} of ${h.name.en} is not a weekend day`,
        });
    });
  });
  return problems;
}

function officialYearDays(y: CalendarYear): YearDays {
  const daysOff = new Set<string>();
  const makeUpDays = new Set<string>();
  for (const h of y.holidays) {
    for (const d of dayRange(h.from, h.to)) daysOff.add(d);
    for (const w of h.makeUpWorkdays) makeUpDays.add(w);
  }
  return {
    daysOff,
    makeUpDays,
    view: {
      year: y.year,
      status: "official",
      source: y.source,
      holidays: y.holidays.map((h) => ({ ...h, makeUpWorkdays: [...h.makeUpWorkdays] })),
      daysOff: [...daysOff].sort(),
      makeUpWorkdays: [...makeUpDays].sort(),
    },
  };
}

/** Consecutive days as from–to runs. */
function runs(days: readonly string[]): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (const d of [...days].sort()) {
    const last = out.at(-1);
    if (last && nextDate(last.to) === d) last.to = d;
    else out.push({ from: d, to: d });
  }
  return out;
}

function provisionalYearDays(year: number): YearDays {
  const holidays = statutoryHolidays(year);
  const daysOff = new Set(holidays.flatMap((h) => [...h.days, ...h.inLieu]));
  return {
    daysOff,
    makeUpDays: new Set(),
    view: {
      year,
      status: "provisional",
      source: `${STATUTORY_RULE_SOURCE}: provisional until the State Council's notice for ${year} is loaded`,
      holidays: holidays.flatMap((h) =>
        runs([...h.days, ...h.inLieu]).map((r) => ({ name: h.name, ...r, makeUpWorkdays: [] })),
      ),
      daysOff: [...daysOff].sort(),
      makeUpWorkdays: [],
    },
  };
}

/**
 * Working days (工作日) in mainland China: Monday–Friday, minus public holidays, plus make-up workdays (调休).
 * Years with a published notice are official; any other year from 2025 to 9999 is derived from the statutory rule
 * (`statutoryHolidays`) and provisional, so a deadline can always be computed there — `deadline()` says whether it
 * is provisional. Only outside that range is a date a CalendarRangeError (or, from `deadline()`, no deadline).
 * @example calendar.deadline(new Date("2026-12-28T10:00:00+08:00"), 5) // { dueAt: …2027-01-05…, provisional: true, provisionalYears: [2027] }
 */
export class WorkingCalendar {
  private readonly official = new Map<number, YearDays>();
  private readonly provisional = new Map<number, YearDays>();
  private readonly deriveProvisional: boolean;

  constructor(years: readonly CalendarYear[], options: CalendarOptions = {}) {
    this.deriveProvisional = options.provisional ?? true;
    const problems: { field: string; message: string }[] = [];
    years.forEach((y, i) => {
      if (this.official.has(y.year))
        problems.push({ field: `calendar[${i}]`, message: `${y.year} listed twice` });
      for (const p of calendarYearProblems(y))
        problems.push({ field: `calendar[${i}].${p.field}`, message: `calendar ${y.year}: ${p.message}` });
      this.official.set(y.year, officialYearDays(y));
    });
    if (problems.length > 0) throw new CatalogueValidationError(problems);
  }

  /** Parses raw calendar data (e.g. seeds/calendar/2026.json) and builds the calendar. */
  static fromData(data: readonly unknown[], options: CalendarOptions = {}): WorkingCalendar {
    return new WorkingCalendar(data.map(parseCalendarYear), options);
  }

  /** A new calendar with these notices added, replacing the same years' (e.g. a notice loaded at run time). */
  withYears(years: readonly CalendarYear[]): WorkingCalendar {
    const replaced = new Set(years.map((y) => y.year));
    const kept = [...this.official.values()]
      .filter((d) => !replaced.has(d.view.year))
      .map((d) => ({ year: d.view.year, source: d.view.source, holidays: d.view.holidays }));
    return new WorkingCalendar([...kept, ...years], { provisional: this.deriveProvisional });
  }

  /** Years with a published notice, ascending. */
  get officialYears(): number[] {
    return [...this.official.keys()].sort((a, b) => a - b);
  }

  /** Whether `year` is official, provisional (derived), or out of every calendar. */
  statusOf(year: number): CalendarYearStatus | "unavailable" {
    if (this.official.has(year)) return "official";
    if (this.deriveProvisional && year >= FIRST_STATUTORY_YEAR && year <= LAST_STATUTORY_YEAR)
      return "provisional";
    return "unavailable";
  }

  /** The year as the calendar counts it, or undefined where no year can be had. */
  year(year: number): CalendarYearView | undefined {
    return this.statusOf(year) === "unavailable" ? undefined : this.days(year).view;
  }

  private days(year: number): YearDays {
    const official = this.official.get(year);
    if (official) return official;
    if (this.statusOf(year) === "unavailable") throw new CalendarRangeError(year, this.officialYears);
    let derived = this.provisional.get(year);
    if (!derived) {
      derived = provisionalYearDays(year);
      this.provisional.set(year, derived);
    }
    return derived;
  }

  /** Whether a local date (YYYY-MM-DD) is a working day; throws CalendarRangeError where no year can be had. */
  isWorkingDay(date: string): boolean {
    const year = Number(date.slice(0, 4));
    // A notice may name a day of the year before (e.g. a 31 December worked for 元旦): it is official there too.
    for (const days of [this.days(year), this.official.get(year + 1), this.official.get(year - 1)]) {
      if (days?.makeUpDays.has(date)) return true;
      if (days?.daysOff.has(date)) return false;
    }
    return !isWeekend(date);
  }

  /** The local date of the n-th working day after the local date of `start` (the day of receipt is not counted). */
  addWorkingDays(start: Date, workingDays: number): string {
    return this.count(start, workingDays).date;
  }

  private count(start: Date, workingDays: number): { date: string; provisionalYears: number[] } {
    let date = chinaDate(start);
    let left = workingDays;
    const provisionalYears = new Set<number>();
    while (left > 0) {
      date = nextDate(date);
      const year = Number(date.slice(0, 4));
      if (this.isWorkingDay(date)) left--;
      if (!this.official.has(year)) provisionalYears.add(year);
    }
    return { date, provisionalYears: [...provisionalYears].sort((a, b) => a - b) };
  }

  /** Deadline instant for a time limit of n working days: the end (24:00 Beijing time) of the n-th working day. */
  dueAt(start: Date, workingDays: number): Date {
    return endOfChinaDay(this.addWorkingDays(start, workingDays));
  }

  /**
   * The deadline of a time limit of n working days from `start`, and whether it is provisional; undefined where no
   * year of the count can be had (beyond 9999, or a calendar built without the statutory rule).
   */
  deadline(start: Date, workingDays: number): Deadline | undefined {
    try {
      const { date, provisionalYears } = this.count(start, workingDays);
      return {
        dueAt: endOfChinaDay(date).toISOString(),
        provisional: provisionalYears.length > 0,
        provisionalYears,
      };
    } catch (error) {
      if (error instanceof CalendarRangeError) return undefined;
      throw error;
    }
  }
}

/** Parses one notice, naming every bad field (`calendar[<i>].<path>`). */
function parseCalendarYear(raw: unknown, i: number): CalendarYear {
  const parsed = CalendarYearSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new CatalogueValidationError(
    parsed.error.issues.map((issue) => ({
      field: `calendar[${i}].${issue.path.join(".")}`,
      message: issue.message,
    })),
  );
}

/**
 * Statutory days of the notice's year that the notice does not give off: a published notice only ever adds days,
 * so any here is most likely a typo in the import (reported, not refused: the regulation may change again).
 */
export function statutoryDaysMissing(notice: CalendarYear): string[] {
  if (notice.year < FIRST_STATUTORY_YEAR || notice.year > LAST_STATUTORY_YEAR) return [];
  const off = officialYearDays(notice).daysOff;
  return statutoryHolidays(notice.year)
    .flatMap((h) => h.days)
    .filter((d) => !off.has(d));
}

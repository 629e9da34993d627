import type { CaseLogger } from "@onething/cases";
import { chinaDate, type WorkingCalendar } from "@onething/domain";

/**
 * How far ahead the working-day calendar must reach. Deadlines are a few to a few dozen working days out, so a
 * calendar that ends within this many days will soon fail submissions (`CalendarRangeError`, a 503
 * `calendar_unavailable`); the State Council publishes next year's notice in November, which leaves time to add it.
 */
export const CALENDAR_HORIZON_DAYS = 60;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The years between the Beijing date of `now` and `horizonDays` later that the calendar has no data for (empty
 * when it covers the whole stretch).
 * @example calendarGap(calendarOf(2024, 2025, 2026), new Date("2026-11-23T00:00:00Z")) // [2027]
 */
export function calendarGap(
  calendar: Pick<WorkingCalendar, "knownYears">,
  now: Date,
  horizonDays = CALENDAR_HORIZON_DAYS,
): number[] {
  const from = Number(chinaDate(now).slice(0, 4));
  const to = Number(chinaDate(new Date(now.getTime() + horizonDays * DAY_MS)).slice(0, 4));
  const known = new Set(calendar.knownYears);
  const missing: number[] = [];
  for (let year = from; year <= to; year++) if (!known.has(year)) missing.push(year);
  return missing;
}

/**
 * Logs a warning when the calendar covers less than `CALENDAR_HORIZON_DAYS` from `now`, so operators see it at
 * cold start — before a submission whose deadline falls in the missing year is refused. Returns the missing years.
 */
export function warnIfCalendarEndsSoon(
  calendar: Pick<WorkingCalendar, "knownYears">,
  now: Date,
  log: Pick<CaseLogger, "warn">,
): number[] {
  const missing = calendarGap(calendar, now);
  if (missing.length > 0) {
    log.warn("working-day calendar ends soon", {
      knownYears: calendar.knownYears,
      missingYears: missing,
      horizonDays: CALENDAR_HORIZON_DAYS,
      action: `add seeds/calendar/${missing[0]}.json from the State Council holiday notice`,
    });
  }
  return missing;
}

import { type CaseLogger, provisionalYearsAhead } from "@onething/cases";
import type { WorkingCalendar } from "@onething/domain";

/**
 * How far ahead the cold-start log looks. Deadlines are a few to a few dozen working days out, so a provisional year
 * within this many days is one deadlines are being counted in now or soon.
 */
export const CALENDAR_HORIZON_DAYS = 60;

/**
 * Logs, once, the years within `CALENDAR_HORIZON_DAYS` of `now` that count provisionally (derived from the
 * statutory rule: no State Council notice loaded yet), and what to do about it. Returns those years.
 */
export function warnIfCalendarProvisional(
  calendar: WorkingCalendar,
  now: Date,
  log: Pick<CaseLogger, "warn">,
): number[] {
  const provisional = provisionalYearsAhead(calendar, now, CALENDAR_HORIZON_DAYS);
  if (provisional.length > 0) {
    log.warn("working-day calendar is provisional", {
      officialYears: calendar.officialYears,
      provisionalYears: provisional,
      horizonDays: CALENDAR_HORIZON_DAYS,
      action: `load the State Council notice for ${provisional[0]}: onething calendar import <file> (PUT /v1/ops/calendar/${provisional[0]})`,
    });
  }
  return provisional;
}

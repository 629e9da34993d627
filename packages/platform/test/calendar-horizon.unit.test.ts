import { WorkingCalendar } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { CALENDAR_HORIZON_DAYS, warnIfCalendarProvisional } from "../src/index.ts";

const calendarOf = (...years: number[]) =>
  WorkingCalendar.fromData(years.map((year) => ({ year, source: "test", holidays: [] })));

function warnings() {
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const log = {
    warn: (message: string, fields: Record<string, unknown> = {}) => lines.push({ message, fields }),
  };
  return { lines, log };
}

describe("the calendar at cold start", () => {
  it("names the provisional years the next 60 days reach, and how to load the notice", () => {
    const { lines, log } = warnings();

    const provisional = warnIfCalendarProvisional(
      calendarOf(2025, 2026),
      new Date("2026-11-23T13:00:00Z"),
      log,
    );

    expect(CALENDAR_HORIZON_DAYS).toBe(60);
    expect(provisional).toEqual([2027]);
    expect(lines).toEqual([
      {
        message: "working-day calendar is provisional",
        fields: {
          officialYears: [2025, 2026],
          provisionalYears: [2027],
          horizonDays: 60,
          action:
            "load the State Council notice for 2027: onething calendar import <file> (PUT /v1/ops/calendar/2027)",
        },
      },
    ]);
  });

  it("says nothing while every day of the next 60 is official, and goes by the Beijing date", () => {
    const { lines, log } = warnings();
    // 1 November + 60 days is 31 December, Beijing time: still covered.
    expect(warnIfCalendarProvisional(calendarOf(2026), new Date("2026-11-01T00:00:00+08:00"), log)).toEqual(
      [],
    );
    expect(warnIfCalendarProvisional(calendarOf(2026, 2027), new Date("2026-11-23T13:00:00Z"), log)).toEqual(
      [],
    );
    expect(lines).toEqual([]);
    // 16:00 UTC on 31 December is already 1 January in Beijing: the current year itself is provisional.
    expect(warnIfCalendarProvisional(calendarOf(2026), new Date("2026-12-31T16:00:00Z"), log)).toEqual([
      2027,
    ]);
  });
});

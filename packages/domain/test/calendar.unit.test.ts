import { CalendarRangeError, CatalogueValidationError, chinaDate, WorkingCalendar } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { calendar } from "./fixtures.ts";

const at = (iso: string) => new Date(iso);

describe("working-day calendar", () => {
  it("skips weekends and public holidays and counts make-up workdays (调休)", () => {
    expect(calendar.isWorkingDay("2025-10-03")).toBe(false); // National Day holiday (a Friday)
    expect(calendar.isWorkingDay("2025-10-11")).toBe(true); // make-up Saturday
    expect(calendar.isWorkingDay("2025-10-12")).toBe(false); // Sunday
    expect(calendar.isWorkingDay("2026-02-14")).toBe(true); // Saturday before Spring Festival
    expect(calendar.isWorkingDay("2026-02-23")).toBe(false); // a Monday inside the holiday
  });

  it("does not count the day of receipt and runs across holidays and years", () => {
    expect(calendar.addWorkingDays(at("2025-09-30T10:00:00+08:00"), 1)).toBe("2025-10-09");
    expect(calendar.addWorkingDays(at("2025-09-30T10:00:00+08:00"), 3)).toBe("2025-10-11");
    expect(calendar.addWorkingDays(at("2026-02-13T16:00:00+08:00"), 2)).toBe("2026-02-24");
    expect(calendar.addWorkingDays(at("2025-12-31T09:00:00+08:00"), 1)).toBe("2026-01-01");
  });

  it("uses the Beijing date, not the UTC date, of the moment of receipt", () => {
    // 23:30 UTC on Monday 29 Sep is already Tuesday 30 Sep in Beijing.
    expect(chinaDate(at("2025-09-29T23:30:00Z"))).toBe("2025-09-30");
    expect(calendar.dueAt(at("2025-09-29T23:30:00Z"), 1).toISOString()).toBe("2025-10-09T16:00:00.000Z");
  });

  it("refuses to guess for a year with no published calendar", () => {
    expect(() => calendar.addWorkingDays(at("2026-12-30T10:00:00+08:00"), 5)).toThrow(CalendarRangeError);
    expect(() => calendar.isWorkingDay("2027-01-04")).toThrow(/No working-day calendar for 2027/);
  });

  it("rejects malformed calendar data", () => {
    const base = { year: 2025, source: "x" };
    expect(() =>
      WorkingCalendar.fromData([
        { ...base, holidays: [{ name: { zh: "a", en: "a" }, from: "2025-02-30", to: "2025-03-01" }] },
      ]),
    ).toThrow(CatalogueValidationError);
    expect(() =>
      WorkingCalendar.fromData([
        {
          ...base,
          holidays: [
            {
              name: { zh: "a", en: "a" },
              from: "2025-10-01",
              to: "2025-10-02",
              makeUpWorkdays: ["2025-10-09"],
            },
          ],
        },
      ]),
    ).toThrow(/not a weekend day/);
    expect(() =>
      WorkingCalendar.fromData([
        { ...base, holidays: [] },
        { ...base, holidays: [] },
      ]),
    ).toThrow(/twice/);
  });
});

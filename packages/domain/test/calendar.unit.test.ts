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

  it("rejects malformed calendar data, naming the field", () => {
    const base = { year: 2025, source: "x" };
    expect(() =>
      WorkingCalendar.fromData([
        { ...base, holidays: [{ name: { zh: "a", en: "a" }, from: "2025-02-30", to: "2025-03-01" }] },
      ]),
    ).toThrow(CatalogueValidationError);
    const weekday = () =>
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
      ]);
    expect(weekday).toThrow(/not a weekend day/);
    try {
      weekday();
    } catch (error) {
      expect((error as CatalogueValidationError).issues[0]?.field).toBe(
        "calendar[0].holidays.0.makeUpWorkdays.0",
      );
    }
    expect(() =>
      WorkingCalendar.fromData([
        { ...base, holidays: [] },
        { ...base, holidays: [] },
      ]),
    ).toThrow(/twice/);
  });

  it("honours a day a notice names in the year before (a 31 December worked for 元旦)", () => {
    const withCrossYear = WorkingCalendar.fromData([
      { year: 2026, source: "x", holidays: [] },
      {
        year: 2027,
        source: "x",
        holidays: [
          {
            name: { zh: "元旦", en: "New Year" },
            from: "2027-01-01",
            to: "2027-01-03",
            makeUpWorkdays: ["2026-12-26"],
          },
        ],
      },
    ]);
    expect(withCrossYear.isWorkingDay("2026-12-26")).toBe(true); // a Saturday, worked
  });
});

describe("years without a published notice", () => {
  it("count provisionally, by the statutory rule, and say so", () => {
    // Monday 28 December 2026 + 5 working days: 29–31 December, then 1 January (元旦) and the weekend, 4 and 5 January.
    expect(calendar.deadline(at("2026-12-28T10:00:00+08:00"), 5)).toEqual({
      dueAt: "2027-01-05T16:00:00.000Z",
      provisional: true,
      provisionalYears: [2027],
    });
    expect(calendar.deadline(at("2026-12-01T10:00:00+08:00"), 5)).toEqual({
      dueAt: "2026-12-08T16:00:00.000Z",
      provisional: false,
      provisionalYears: [],
    });
    expect(calendar.statusOf(2027)).toBe("provisional");
    // 春节 2027 (5–8 February) and its 补假 (9–10 February) are days off.
    expect(calendar.addWorkingDays(at("2027-02-04T10:00:00+08:00"), 1)).toBe("2027-02-11");
  });

  it("count nothing where no rule reaches: past 9999, or a calendar built without the rule", () => {
    expect(calendar.deadline(at("9999-12-28T10:00:00+08:00"), 5)).toBeUndefined();
    expect(calendar.statusOf(10000)).toBe("unavailable");
    expect(() => calendar.addWorkingDays(at("9999-12-28T10:00:00+08:00"), 5)).toThrow(CalendarRangeError);
    const publishedOnly = WorkingCalendar.fromData([{ year: 2026, source: "x", holidays: [] }], {
      provisional: false,
    });
    expect(publishedOnly.deadline(at("2026-12-30T10:00:00+08:00"), 5)).toBeUndefined();
    expect(() => publishedOnly.isWorkingDay("2027-01-04")).toThrow(/No working-day calendar for 2027/);
  });

  it("become official when their notice is added, make-up workdays included", () => {
    const notice2027 = {
      year: 2027,
      source: "test notice",
      holidays: [
        { name: { zh: "元旦", en: "New Year" }, from: "2027-01-01", to: "2027-01-03", makeUpWorkdays: [] },
        {
          name: { zh: "春节", en: "Spring Festival" },
          from: "2027-02-05",
          to: "2027-02-13",
          makeUpWorkdays: ["2027-01-31", "2027-02-20"],
        },
      ],
    };
    const revised = calendar.withYears([notice2027]);
    expect(revised.statusOf(2027)).toBe("official");
    expect(revised.isWorkingDay("2027-01-31")).toBe(true); // a Sunday worked (调休)
    expect(revised.isWorkingDay("2027-02-12")).toBe(false); // a Friday off
    // From Friday 29 January 2027: provisionally 10 working days end Thursday 18 February (the rule gives 5–10 off) …
    expect(calendar.addWorkingDays(at("2027-01-29T10:00:00+08:00"), 10)).toBe("2027-02-18");
    // … with the notice, Sunday 31 January counts but 11–12 February do not: Friday 19 February.
    expect(revised.addWorkingDays(at("2027-01-29T10:00:00+08:00"), 10)).toBe("2027-02-19");
    expect(revised.deadline(at("2026-12-28T10:00:00+08:00"), 5)?.provisional).toBe(false);
    expect(calendar.officialYears).toEqual([2025, 2026]);
  });
});

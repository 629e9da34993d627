import { WorkingCalendar } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { calendarData, loadSeedCalendar } from "../src/index.ts";

describe("the seeded notices against the statutory rule", () => {
  it("the rule never gives a day off that the published 2025 and 2026 notices do not (they add days, never remove)", () => {
    const published = loadSeedCalendar();
    const ruleOnly = new WorkingCalendar([]);
    for (const year of [2025, 2026]) {
      const derived = ruleOnly.year(year);
      expect(derived?.status).toBe("provisional");
      expect(derived?.daysOff.length).toBeGreaterThanOrEqual(11);
      for (const day of derived?.daysOff ?? []) {
        expect(
          published.isWorkingDay(day),
          `${day}: off by the rule, a working day in the ${year} notice`,
        ).toBe(false);
      }
    }
  });

  it("holds official notices for 2024–2026; the next year counts provisionally until its notice is loaded", () => {
    const calendar = loadSeedCalendar();
    expect(calendar.officialYears).toEqual(calendarData.map((y) => (y as { year: number }).year).sort());
    expect(calendar.statusOf(2026)).toBe("official");
    expect(calendar.statusOf(2027)).toBe("provisional");
  });
});

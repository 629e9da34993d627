// One Beijing-date helper: the UTC+8 day is computed by the domain's `chinaDate` (the working-day calendar's day
// boundary) and nowhere else, so the dashboard day, the case id's date and the calendar cannot disagree.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chinaDate } from "@onething/domain";
import { newCaseId } from "@onething/platform";
import { counterDay } from "@onething/store";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
/** Eight hours in milliseconds, however it is spelled: 8 * 60 * 60 * 1000, 8 * 3600_000, 28_800_000, … */
const UTC_PLUS_8 = /\b8\s*\*\s*(?:60\s*\*\s*60|3_?600(?:_?000)?|36e5)\b|\b28_?800_?000\b/;
/** Where the helper lives: the one file that may spell the offset. */
const HELPER = "packages/domain/src/calendar/dates.ts";

function sourceFiles(): string[] {
  const files: string[] = [];
  for (const group of ["packages", "functions"]) {
    for (const name of readdirSync(join(ROOT, group))) {
      const dir = `${group}/${name}`;
      if (!existsSync(join(ROOT, dir, "src"))) continue;
      const walk = (path: string) => {
        for (const entry of readdirSync(join(ROOT, path), { withFileTypes: true })) {
          const child = `${path}/${entry.name}`;
          if (entry.isDirectory()) walk(child);
          else if (/\.tsx?$/.test(entry.name) && child !== HELPER) files.push(child);
        }
      };
      walk(`${dir}/src`);
    }
  }
  return files;
}

describe("the Beijing date", () => {
  it("is computed only by packages/domain's chinaDate", () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((file) => UTC_PLUS_8.test(readFileSync(join(ROOT, file), "utf8")));

    expect(offenders).toEqual([]);
  });

  it("is the same day for the dashboard counters, the case id and the calendar", () => {
    for (const iso of ["2026-03-01T15:59:59.999Z", "2026-03-01T16:00:00.000Z", "2026-12-31T16:30:00Z"]) {
      const at = new Date(iso);
      expect(counterDay(at)).toBe(chinaDate(at));
      expect(newCaseId(at).slice(3, 11)).toBe(chinaDate(at).replaceAll("-", ""));
    }
  });
});

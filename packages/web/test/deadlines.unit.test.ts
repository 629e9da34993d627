import { beforeAll, describe, expect, it } from "vitest";
import { beijingYear, deadlineDetail, provisionalYearsAhead } from "../src/deadlines.ts";
import type { Translate } from "../src/errors.ts";
import type { CalendarList, TimelineEntry } from "../src/types.ts";
import { translators } from "./translators.ts";

let tZh: Translate;
let tEn: Translate;
beforeAll(async () => {
  ({ tZh, tEn } = await translators());
});

const year = (y: number, status: "official" | "provisional"): CalendarList["years"][number] => ({
  year: y,
  status,
  origin: status === "official" ? "seed" : "statutory_rule",
  source: "",
  holidays: [],
  daysOff: [],
  makeUpWorkdays: [],
});
const CALENDAR: CalendarList = {
  years: [
    year(2025, "official"),
    year(2026, "official"),
    year(2027, "provisional"),
    year(2028, "provisional"),
  ],
};

const entry = (kind: string, deadline: TimelineEntry["deadline"], at = ""): TimelineEntry => ({
  entryId: "e#1",
  at,
  kind,
  detail: "as recorded, in English",
  ...(deadline ? { deadline } : {}),
});

describe("the working-day calendar on the operator pages", () => {
  it("names the provisional years among this year and the next, by Beijing time", () => {
    expect(provisionalYearsAhead(CALENDAR, "2026-12-28T02:00:00Z")).toEqual([2027]);
    // 31 December 17:00 UTC is already 1 January in Beijing.
    expect(beijingYear("2026-12-31T17:00:00Z")).toBe(2027);
    expect(provisionalYearsAhead(CALENDAR, "2026-12-31T17:00:00Z")).toEqual([2027, 2028]);
    expect(provisionalYearsAhead(CALENDAR, "2025-06-01T00:00:00Z")).toEqual([]);
    expect(provisionalYearsAhead(undefined, "2026-12-28T02:00:00Z")).toEqual([]);
  });
});

describe("deadline entries of the timeline in words", () => {
  it("says a revision with both deadlines in Beijing time, 暂定 where the old one was", () => {
    const revised = entry("deadline_revised", {
      year: 2027,
      previousDueAt: "2027-01-29T16:00:00.000Z",
      previousProvisional: true,
      dueAt: "2027-02-01T16:00:00.000Z",
      provisional: false,
    });
    expect(deadlineDetail(tZh, "zh", revised)).toBe(
      "按 2027 年节假日通知：2027/01/30 00:00（暂定） → 2027/02/02 00:00",
    );
    expect(deadlineDetail(tEn, "en", revised)).toBe(
      "with the 2027 holiday notice: 30/01/2027, 00:00 (provisional) → 02/02/2027, 00:00",
    );
    const none = entry("deadline_revised", {
      year: 2027,
      dueAt: "2027-02-01T16:00:00.000Z",
      provisional: true,
    });
    expect(deadlineDetail(tZh, "zh", none)).toBe("按 2027 年节假日通知：无期限 → 2027/02/02 00:00（暂定）");
  });

  it("says a missing deadline and an overdue one", () => {
    const unavailable = entry(
      "item_deadline_unavailable",
      { provisional: false, workingDays: 5 },
      "2026-12-28T02:00:00.000Z",
    );
    expect(deadlineDetail(tZh, "zh", unavailable)).toBe(
      "没有工作日历覆盖自 2026/12/28 10:00 起的 5 个工作日",
    );
    const overdue = entry("item_overdue", { dueAt: "2026-12-29T16:00:00.000Z", provisional: true });
    expect(deadlineDetail(tZh, "zh", overdue)).toBe("期限 2026/12/30 00:00（暂定）");
  });

  it("leaves entries without a deadline to be shown as recorded", () => {
    expect(deadlineDetail(tZh, "zh", entry("item_dispatched", undefined))).toBeUndefined();
    expect(deadlineDetail(tZh, "zh", entry("deadline_revised", undefined))).toBeUndefined();
  });
});

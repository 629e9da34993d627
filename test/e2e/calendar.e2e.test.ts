/**
 * The year boundary through `onething start` and the CLI only: the platform clock at 28 December 2026, before the
 * 2027 notice is out. Applications are accepted with provisional deadlines; an operator loads the notice with
 * `onething calendar import`; the sweeper's walk revises the open deadline and the department is told.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliJson, usePlatform } from "./support.ts";

// 民政 (civil affairs) works by hand, so the marriage registration (20 working days, into February) stays open;
// a fast clock makes the sweeper tick every second.
const platform = await usePlatform([
  "--in-memory",
  "--start-at",
  "2026-12-28T10:00:00+08:00",
  "--time-scale",
  "60",
  "--manual",
  "civil-affairs",
]);
const dir = platform.dataDir;

interface ItemJson {
  itemId: string;
  status: string;
  dueAt?: string;
  dueProvisional?: boolean;
}
interface StatusJson {
  caseId: string;
  items: ItemJson[];
  timeline: { kind: string; itemId?: string; detail?: string }[];
}
interface YearJson {
  year: number;
  status: string;
  origin: string;
  version?: number;
  daysOff: string[];
}

const marriage = (s: StatusJson) => s.items.find((i) => i.itemId === "marriage-registration");

describe("the year boundary, through the CLI", () => {
  let caseId = "";

  it("names the provisional year in the start banner", async () => {
    // The banner follows the runtime file that `usePlatform` waits for.
    await expect.poll(() => platform.output(), { timeout: 10_000 }).toMatch(/OneThing is running/);
    expect(platform.output()).toMatch(/Calendar\s+official 2024–2026; provisional 2027/);
  });

  it("accepts an application on 28 December with the 2027 deadline marked provisional", async () => {
    ({ caseId } = await cliJson<{ caseId: string }>(dir, [
      "submit",
      "marriage-birth-household",
      "--sample",
      "--sample-id",
      "engaged-expecting",
    ]));
    const status = await cliJson<StatusJson>(dir, ["status", caseId]);
    expect(marriage(status)).toMatchObject({ status: "dispatched", dueProvisional: true });
    expect(marriage(status)?.dueAt?.startsWith("2027-")).toBe(true);

    const years = (await cliJson<{ years: YearJson[] }>(dir, ["calendar", "show"])).years;
    const y2027 = years.find((y) => y.year === 2027);
    expect(y2027).toMatchObject({ status: "provisional", origin: "statutory_rule" });
    expect(y2027?.daysOff).toEqual(expect.arrayContaining(["2027-02-05", "2027-02-10", "2027-10-05"]));
  });

  it("confirms the open deadline once the notice is imported, and tells the department", async () => {
    const before = marriage(await cliJson<StatusJson>(dir, ["status", caseId]));
    const file = join(mkdtempSync(join(tmpdir(), "onething-notice-")), "2027.json");
    writeFileSync(
      file,
      JSON.stringify({
        year: 2027,
        source: "国务院办公厅关于2027年部分节假日安排的通知（测试用）",
        holidays: [
          {
            name: { zh: "元旦", en: "New Year's Day" },
            from: "2027-01-01",
            to: "2027-01-03",
            makeUpWorkdays: [],
          },
          {
            name: { zh: "春节", en: "Spring Festival" },
            from: "2027-02-05",
            to: "2027-02-12",
            makeUpWorkdays: ["2027-02-20"],
          },
        ],
      }),
    );
    const imported = await cliJson<{ year: number; version: number }>(dir, ["calendar", "import", file]);
    expect(imported).toMatchObject({ year: 2027, version: 1 });

    let after: StatusJson | undefined;
    for (let i = 0; i < 120; i++) {
      after = await cliJson<StatusJson>(dir, ["status", caseId]);
      if (after.timeline.some((e) => e.kind === "deadline_revised")) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const revised = after?.timeline.find((e) => e.kind === "deadline_revised");
    expect(revised?.itemId).toBe("marriage-registration");
    expect(revised?.detail).toContain(`due ${before?.dueAt} (provisional) → `);
    // 20 working days from 28 December end on 26 January either way: the deadline stays, it is official now.
    expect(marriage(after as StatusJson)).toMatchObject({ dueAt: before?.dueAt, dueProvisional: false });

    const queue = await cliJson<{ notices: { type: string; itemId: string; dueProvisional: boolean }[] }>(
      dir,
      ["tasks", "civil-affairs"],
    );
    expect(queue.notices).toContainEqual(
      expect.objectContaining({
        type: "TaskDeadlineChanged",
        itemId: "marriage-registration",
        dueProvisional: false,
      }),
    );
    const years = (await cliJson<{ years: YearJson[] }>(dir, ["calendar", "show"])).years;
    expect(years.find((y) => y.year === 2027)).toMatchObject({
      status: "official",
      origin: "loaded",
      version: 1,
    });
  });
});

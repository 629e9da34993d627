/**
 * The year boundary on DynamoDB Local and the SQS emulator, through the handlers: applications filed in the last
 * days of 2026 are accepted with provisional 2027 deadlines, a department's answer dispatches the next item with
 * one, and loading the 2027 notice at run time revises the open deadlines (timeline, department message, view).
 */
import { applyCaseEvent } from "@onething/cases";
import { type SweepDeps, sweep } from "@onething/consumers";
import type { CaseView, TaskDeadlineChangedMessage } from "@onething/contracts";
import { samples } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { departmentIds, testPlatform } from "../support/platform.ts";

let now = new Date("2026-12-28T10:00:00+08:00");
const t = await testPlatform({ name: "calendar", clock: () => now, ops: "real" });
const calendarOperator = { role: "operator", sub: "op-calendar", permissions: "calendar" };
// The revision walk waits until every function's cached calendar has expired (real time): the sweeper here is later.
const sweepDeps: SweepDeps = {
  store: t.store,
  send: t.platform.send,
  departments: departmentIds,
  log: t.log,
  realClock: () => new Date(Date.now() + 10 * 60_000),
};

/**
 * 2027's notice as the State Council might publish it: Spring Festival 5–12 February (the rule gave 5–10), one
 * weekend day worked (Saturday 20 February): a count across it ends a working day later.
 */
const notice2027 = {
  year: 2027,
  source: "国务院办公厅关于2027年部分节假日安排的通知（测试用）",
  holidays: [
    { name: { zh: "元旦", en: "New Year's Day" }, from: "2027-01-01", to: "2027-01-03", makeUpWorkdays: [] },
    {
      name: { zh: "春节", en: "Spring Festival" },
      from: "2027-02-05",
      to: "2027-02-12",
      makeUpWorkdays: ["2027-02-20"],
    },
    {
      name: { zh: "清明节", en: "Qingming Festival" },
      from: "2027-04-03",
      to: "2027-04-05",
      makeUpWorkdays: [],
    },
  ],
};

/** Due in 2027: after 24:00 of 31 December 2026, Beijing time. */
const dueIn2027 = (dueAt: string | undefined) => (dueAt ?? "") > "2026-12-31T16:00:00.000Z";

/** Sweeps until every revision walk is done (a tick reads at most 20 index pages); the events it queued. */
async function walkToEnd(): Promise<number> {
  let queued = 0;
  for (let tick = 0; tick < 10 && (await t.store.listOpenRevisionJobs()).length > 0; tick++) {
    queued += (await sweep(sweepDeps, now)).calendarRevisionsQueued;
  }
  expect(await t.store.listOpenRevisionJobs()).toEqual([]);
  return queued;
}

const view = async (caseId: string, claims: object = t.operator) =>
  (await t.request("GET", `/v1/cases/${caseId}`, claims)).body as CaseView;

describe("applications on 28 December 2026", () => {
  const accepted: string[] = [];

  it.each(samples.map((s) => [s.id]))(
    "%s: 202, every deadline in 2027 marked provisional",
    async (sampleId) => {
      const submitted = await t.submitAccepted(sampleId, `calendar-${sampleId}`);
      accepted.push(submitted.caseId);
      const items = (await view(submitted.caseId)).items.filter((i) => i.status === "dispatched");
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        expect(item.dueAt, item.itemId).toBeDefined();
        expect(item.dueProvisional, `${item.itemId} due ${item.dueAt}`).toBe(dueIn2027(item.dueAt));
      }
    },
  );

  it("tells departments which deadlines are provisional, in the task message", async () => {
    const tasks = (await Promise.all(departmentIds.map((d) => t.takeTasks(d)))).flat();
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.filter((task) => task.dueProvisional).length).toBeGreaterThan(0);
    for (const task of tasks) expect(task.dueProvisional).toBe(dueIn2027(task.dueAt));
    expect(accepted).toHaveLength(samples.length);
  });
});

describe("a department's answer on 30 December 2026", () => {
  it("dispatches the next item with a provisional 2027 deadline (nothing dead-lettered)", async () => {
    now = new Date("2026-12-28T10:00:00+08:00");
    const submitted = await t.submitAccepted("after-death-hospital-pensioner", "calendar-answer");
    now = new Date("2026-12-30T15:00:00+08:00");
    await t.answerRound(submitted.caseId);

    const after = await view(submitted.caseId);
    const next = after.items.filter((i) => i.status === "dispatched" && dueIn2027(i.dueAt));
    expect(next.length).toBeGreaterThan(0);
    for (const item of next) expect(item, item.itemId).toMatchObject({ dueProvisional: true });
    expect(t.log.lines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });
});

describe("loading the 2027 notice at run time", () => {
  let caseId = "";

  it("lists 2027 as provisional until then", async () => {
    now = new Date("2027-01-25T10:00:00+08:00");
    // Marriage registration (20 working days) runs across Spring Festival.
    caseId = (await t.submitAccepted("mbh-engaged-expecting", "calendar-revise")).caseId;
    await Promise.all(departmentIds.map((d) => t.takeTasks(d)));
    const { status, body } = await t.request("GET", "/v1/ops/calendar", t.operator);
    expect(status).toBe(200);
    const years = (body as { years: { year: number; status: string; origin: string }[] }).years;
    expect(years.find((y) => y.year === 2026)).toMatchObject({ status: "official", origin: "seed" });
    expect(years.find((y) => y.year === 2027)).toMatchObject({
      status: "provisional",
      origin: "statutory_rule",
    });
    expect((await view(caseId)).items.some((i) => i.dueProvisional)).toBe(true);
  });

  it("refuses a caller without the calendar permission, and a bad notice naming every field", async () => {
    expect((await t.request("PUT", "/v1/ops/calendar/2027", t.operator, notice2027)).status).toBe(403);
    const citizen = t.citizenFor("33021219700815002X");
    expect((await t.request("PUT", "/v1/ops/calendar/2027", citizen, notice2027)).status).toBe(403);
    const bad = await t.request("PUT", "/v1/ops/calendar/2027", calendarOperator, {
      ...notice2027,
      holidays: [
        {
          name: { zh: "春节", en: "Spring Festival" },
          from: "2027-02-30",
          to: "2027-02-13",
          makeUpWorkdays: [],
        },
      ],
      extra: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: "validation_failed" });
    expect(bad.body.issues.map((i: { path: string; code: string }) => [i.path, i.code]).sort()).toEqual([
      ["extra", "not_a_field"],
      ["holidays.0.from", "invalid"],
    ]);
    const mismatch = await t.request("PUT", "/v1/ops/calendar/2028", calendarOperator, notice2027);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.issues).toEqual([expect.objectContaining({ path: "year", code: "year_mismatch" })]);
    expect((await t.request("GET", "/v1/ops/calendar", t.operator)).body.years).toContainEqual(
      expect.objectContaining({ year: 2027, status: "provisional" }),
    );
  });

  it("stores it (version 1), counts with it at once, and the sweeper's walk revises the open deadlines", async () => {
    const before = await view(caseId);
    const loaded = await t.request("PUT", "/v1/ops/calendar/2027", calendarOperator, notice2027);
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    expect(loaded.body).toMatchObject({
      year: 2027,
      version: 1,
      status: "official",
      loadedBy: "op-calendar",
    });
    // The notice leaves out 劳动节 and 端午/中秋/国庆: the statutory days it lacks are named, not refused.
    expect(loaded.body.warnings).toContain("statutory holiday 2027-05-01 is not a day off in this notice");

    expect(await walkToEnd()).toBeGreaterThan(0);
    await t.drainOrchestrator();

    const after = await view(caseId);
    for (const item of after.items.filter((i) => i.status === "dispatched")) {
      expect(item.dueProvisional, item.itemId).toBe(false);
    }
    const revisedEntries = after.timeline.filter((e) => e.kind === "deadline_revised");
    expect(revisedEntries.length).toBeGreaterThan(0);
    const moved = before.items.filter(
      (b) => after.items.find((a) => a.itemId === b.itemId)?.dueAt !== b.dueAt && b.status === "dispatched",
    );
    // Marriage registration: 20 working days from 25 January, provisionally Friday 26 February, now Monday 1 March.
    expect(moved.map((i) => i.itemId)).toEqual(["marriage-registration"]);
    expect(after.items.find((i) => i.itemId === "marriage-registration")?.dueAt).toBe(
      "2027-03-01T16:00:00.000Z",
    );
    for (const item of moved) {
      const entry = revisedEntries.find((e) => e.itemId === item.itemId);
      expect(entry?.detail).toContain(`due ${item.dueAt} (provisional) → `);
    }

    const messages = await t.takeDepartmentMessages();
    const changed = messages.filter((m): m is TaskDeadlineChangedMessage => m.type === "TaskDeadlineChanged");
    expect(
      changed
        .filter((m) => m.caseId === caseId)
        .map((m) => m.itemId)
        .sort(),
    ).toEqual(revisedEntries.map((e) => e.itemId).sort());
    for (const m of changed) expect(m.dueProvisional).toBe(false);

    const years = (await t.request("GET", "/v1/ops/calendar", t.operator)).body.years;
    expect(years).toContainEqual(
      expect.objectContaining({ year: 2027, status: "official", origin: "loaded", version: 1 }),
    );
  });

  it("changes nothing when the walk runs again or its event is delivered twice", async () => {
    const before = await t.store.getCase(caseId);
    expect((await sweep(sweepDeps, now)).calendarRevisionsQueued).toBe(0);
    // The engine recognises the replay itself: every deadline already counts with the notice.
    const replay = await applyCaseEvent(
      t.platform,
      { type: "CalendarRevised", eventId: `calendar:2027:v1:${caseId}`, caseId, year: 2027 },
      now,
    );
    expect(replay).toMatchObject({ kind: "ignored", reason: "deadlines_unchanged" });
    expect((await t.store.getCase(caseId))?.version).toBe(before?.version);
  });

  it("records a second import of the same year as version 2, which replaces the first", async () => {
    const corrected = { ...notice2027, source: `${notice2027.source}（更正）` };
    const second = await t.request("PUT", "/v1/ops/calendar/2027", calendarOperator, corrected);
    expect(second.body).toMatchObject({ year: 2027, version: 2 });
    const listed = (await t.request("GET", "/v1/ops/calendar", t.operator)).body.years;
    expect(listed).toContainEqual(
      expect.objectContaining({ year: 2027, version: 2, source: corrected.source }),
    );
    expect((await t.store.listCalendarNotices()).map((n) => [n.year, n.version])).toEqual([[2027, 2]]);
  });
});

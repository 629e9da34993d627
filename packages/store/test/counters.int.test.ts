/** The dashboard counters on DynamoDB Local: per bundle and status, per department, per Beijing day. */
import { describe, expect, it } from "vitest";
import { InvalidStoreRequestError } from "../src/index.ts";
import { caseState, dispatched, item, withItem } from "./fixtures.ts";
import { at, unique, useTestStore } from "./store.ts";

const { store, submit } = await useTestStore("counters");

describe("counters", () => {
  it("follows a case from submission to completion, per bundle, per department and per Beijing day", async () => {
    const bundleId = unique("count");
    const department = unique("count");
    const caseId = unique("count");
    const due = "2025-03-10T16:00:00.000Z";
    const counters = () => store.getCounters({ bundleIds: [bundleId], departments: [department] });
    const byStatus = async () =>
      Object.fromEntries((await counters()).cases.map((c) => [c.status, c.count] as const));

    // 23:00 on 2 March in Beijing.
    const v1 = await submit(
      caseState({
        caseId,
        bundleId,
        submittedAt: "2025-03-02T15:00:00.000Z",
        items: [dispatched("x", department, due), dispatched("y", department, due)],
      }),
    );
    expect(await byStatus()).toEqual({ in_progress: 1 });
    expect((await counters()).departments).toEqual([{ department, open: 2, overdue: 0, noDeadline: 0 }]);

    const t2 = "2025-03-02T17:00:00.000Z";
    const v2state = withItem(v1.state, dispatched("x", department, due, { overdue: true }), t2);
    const v2 = await store.commitDecision({
      previous: v1,
      next: v2state,
      eventId: "late-x",
      timeline: [],
      outbox: [],
      now: at(t2),
    });
    expect((await counters()).departments).toEqual([{ department, open: 2, overdue: 1, noDeadline: 0 }]);

    // 09:00 on 3 March in Beijing: both items done, the case completes.
    const t3 = "2025-03-03T01:00:00.000Z";
    const finished = (id: string) =>
      item(id, department, { status: "completed", attempt: 1, finishedAt: t3 });
    const v3state = caseState({
      caseId,
      bundleId,
      status: "completed",
      submittedAt: v1.state.submittedAt,
      updatedAt: t3,
      items: [finished("x"), finished("y")],
    });
    await store.commitDecision({
      previous: { state: v2state, version: v2.version },
      next: v3state,
      eventId: "done",
      timeline: [],
      outbox: [],
      now: at(t3),
    });

    expect(await byStatus()).toEqual({ in_progress: 0, completed: 1 });
    expect((await counters()).departments).toEqual([{ department, open: 0, overdue: 0, noDeadline: 0 }]);
    const daily = (await store.getDailyCounters("2025-03-01", "2025-03-04")).filter(
      (d) => d.bundleId === bundleId,
    );
    expect(daily).toEqual([
      { day: "2025-03-02", bundleId, status: "in_progress", count: 1 },
      { day: "2025-03-03", bundleId, status: "completed", count: 1 },
    ]);
  });

  it("reports a department with no activity as zero", async () => {
    const department = unique("quiet");
    const bundleId = unique("quiet-bundle");
    expect(await store.getCounters({ bundleIds: [bundleId], departments: [department] })).toEqual({
      cases: [],
      departments: [{ department, open: 0, overdue: 0, noDeadline: 0 }],
      activity: [{ department, answered: 0, onTime: 0, handlingMs: 0 }],
      compliance: [{ bundleId, answered: 0, onTime: 0 }],
    });
  });

  it("refuses a daily range that runs backwards or spans more than a year", async () => {
    await expect(store.getDailyCounters("2025-03-02", "2025-03-01")).rejects.toBeInstanceOf(
      InvalidStoreRequestError,
    );
    await expect(store.getDailyCounters("2024-01-01", "2025-03-01")).rejects.toBeInstanceOf(
      InvalidStoreRequestError,
    );
  });
});

import { describe, expect, it } from "vitest";
import {
  activityDeltas,
  answeredAttempts,
  counterDay,
  counterDeltas,
  counterKey,
  counterMinute,
  durationBucket,
  durationBucketUpperSeconds,
  durationDeltas,
  isCaseOverdue,
} from "../src/index.ts";
import { caseState, dispatched, item, withItem } from "./fixtures.ts";

const DAY = "2025-03-03";
const due = "2025-03-10T16:00:00.000Z";

describe("counterDeltas", () => {
  it("counts a new case in its status, as a transition that day, and its dispatched items as open", () => {
    const next = caseState({
      caseId: "c1",
      items: [dispatched("a", "health", due), dispatched("b", "health", due), item("c", "civil-affairs")],
    });
    expect(counterDeltas(undefined, next, DAY)).toEqual([
      { kind: "cases", bundleId: "newborn", status: "in_progress", delta: 1 },
      { kind: "day", day: DAY, bundleId: "newborn", status: "in_progress", delta: 1 },
      { kind: "department", department: "health", metric: "OPEN", delta: 2 },
    ]);
  });

  it("moves the case from its old status to the new one when it completes", () => {
    const previous = caseState({ caseId: "c1", items: [dispatched("a", "health", due)] });
    const next = caseState({
      caseId: "c1",
      status: "completed",
      items: [item("a", "health", { status: "completed", attempt: 1, finishedAt: due })],
    });
    expect(counterDeltas(previous, next, DAY)).toEqual([
      { kind: "cases", bundleId: "newborn", status: "in_progress", delta: -1 },
      { kind: "cases", bundleId: "newborn", status: "completed", delta: 1 },
      { kind: "day", day: DAY, bundleId: "newborn", status: "completed", delta: 1 },
      { kind: "department", department: "health", metric: "OPEN", delta: -1 },
    ]);
  });

  it("counts an item flagged overdue, and drops it from both counts when it finishes", () => {
    const open = caseState({ caseId: "c1", items: [dispatched("a", "health", due)] });
    const late = withItem(
      open,
      dispatched("a", "health", due, { overdue: true }),
      "2025-03-11T00:00:00.000Z",
    );
    expect(counterDeltas(open, late, DAY)).toEqual([
      { kind: "department", department: "health", metric: "OVERDUE", delta: 1 },
      { kind: "overdueByBundle", bundleId: "newborn", department: "health", delta: 1 },
    ]);
    const done = withItem(
      late,
      item("a", "health", { status: "completed", attempt: 1 }),
      "2025-03-12T00:00:00.000Z",
    );
    expect(counterDeltas(late, done, DAY)).toEqual([
      { kind: "department", department: "health", metric: "OPEN", delta: -1 },
      { kind: "department", department: "health", metric: "OVERDUE", delta: -1 },
      { kind: "overdueByBundle", bundleId: "newborn", department: "health", delta: -1 },
    ]);
  });

  it("does not count an item awaiting the applicant's supplement as open for its department", () => {
    const open = caseState({ caseId: "c1", items: [dispatched("a", "health", due)] });
    const waiting = caseState({
      caseId: "c1",
      status: "awaiting_applicant",
      items: [item("a", "health", { status: "awaiting_supplement", attempt: 1 })],
    });
    expect(counterDeltas(open, waiting, DAY)).toContainEqual({
      kind: "department",
      department: "health",
      metric: "OPEN",
      delta: -1,
    });
  });

  it("counts a running for-each item's instances as open, never the for-each item itself", () => {
    const next = caseState({
      caseId: "c1",
      items: [
        item("stop", "hrss", { status: "running", instances: ["stop--a", "stop--b"] }),
        dispatched("stop--a", "hrss", due, { forEachOf: "stop", element: "a" }),
        dispatched("stop--b", "civil-affairs", due, { forEachOf: "stop", element: "b" }),
      ],
    });
    expect(counterDeltas(undefined, next, DAY).filter((d) => d.kind === "department")).toEqual([
      { kind: "department", department: "civil-affairs", metric: "OPEN", delta: 1 },
      { kind: "department", department: "hrss", metric: "OPEN", delta: 1 },
    ]);
    const finished = withItem(
      next,
      item("stop", "hrss", { status: "completed", instances: ["stop--a", "stop--b"] }),
      due,
    );
    expect(answeredAttempts(next, finished)).toEqual([]);
  });

  it("changes nothing when neither the status nor any open item moves", () => {
    const state = caseState({ caseId: "c1", items: [dispatched("a", "health", due), item("b", "police")] });
    const next = withItem(
      state,
      item("b", "police", { status: "skipped", skipReason: "condition_false" }),
      due,
    );
    expect(counterDeltas(state, next, DAY)).toEqual([]);
  });

  it("never leaves a non-zero net per department when items move between departments' counts", () => {
    const previous = caseState({
      caseId: "c1",
      items: [dispatched("a", "health", due), item("b", "police")],
    });
    const next = caseState({
      caseId: "c1",
      items: [item("a", "health", { status: "completed", attempt: 1 }), dispatched("b", "police", due)],
    });
    expect(counterDeltas(previous, next, DAY)).toEqual([
      { kind: "department", department: "health", metric: "OPEN", delta: -1 },
      { kind: "department", department: "police", metric: "OPEN", delta: 1 },
    ]);
  });
});

describe("counterKey and counterDay", () => {
  it("maps each delta to its counter row", () => {
    expect(counterKey({ kind: "cases", bundleId: "newborn", status: "completed", delta: 1 })).toEqual({
      pk: "COUNTER#CASES#newborn",
      sk: "completed",
    });
    expect(counterKey({ kind: "day", day: DAY, bundleId: "newborn", status: "completed", delta: 1 })).toEqual(
      {
        pk: `COUNTER#DAY#${DAY}`,
        sk: "newborn#completed",
      },
    );
    expect(counterKey({ kind: "department", department: "health", metric: "OPEN", delta: 1 })).toEqual({
      pk: "COUNTER#DEPT#health",
      sk: "OPEN",
    });
  });

  it("counts days in Beijing time (UTC+8)", () => {
    expect(counterDay(new Date("2025-03-02T15:59:59.999Z"))).toBe("2025-03-02");
    expect(counterDay(new Date("2025-03-02T16:00:00.000Z"))).toBe("2025-03-03");
  });
});

describe("answeredAttempts and activityDeltas", () => {
  const dispatchedAt = "2025-03-03T02:00:00.000Z";
  const open = caseState({
    caseId: "c1",
    items: [dispatched("a", "health", due), dispatched("b", "police", due), item("c", "health")],
  });
  const at = new Date("2025-03-04T02:00:30.000Z");

  it("counts a submission and its first status in the commit's minute", () => {
    expect(activityDeltas(undefined, open, at)).toEqual([
      { kind: "minute", minute: "2025-03-04T02:00", bundleId: "newborn", transition: "submitted", delta: 1 },
      {
        kind: "minute",
        minute: "2025-03-04T02:00",
        bundleId: "newborn",
        transition: "in_progress",
        delta: 1,
      },
    ]);
  });

  it("counts an answer in time: answered, on time and its handling time, per department and bundle", () => {
    const answered = withItem(
      open,
      item("a", "health", { status: "completed", attempt: 1 }),
      "2025-03-04T02:00:00.000Z",
    );
    expect(answeredAttempts(open, answered)).toEqual([
      { department: "health", onTime: true, handlingMs: 86_400_000 },
    ]);
    const answers = { kind: "answers", department: "health", bundleId: "newborn" } as const;
    expect(activityDeltas(open, answered, at)).toEqual([
      { ...answers, metric: "ANSWERED", delta: 1 },
      { ...answers, metric: "ON_TIME", delta: 1 },
      { ...answers, metric: "HANDLING_MS", delta: 86_400_000 },
    ]);
  });

  it("counts a rejection or a supplement request as an answer, late when flagged or past the deadline", () => {
    const flagged = withItem(
      open,
      dispatched("a", "health", due, { overdue: true }),
      "2025-03-11T00:00:00.000Z",
    );
    const rejected = withItem(
      flagged,
      item("a", "health", { status: "rejected", attempt: 1 }),
      "2025-03-11T01:00:00.000Z",
    );
    expect(answeredAttempts(flagged, rejected)).toEqual([
      {
        department: "health",
        onTime: false,
        handlingMs: Date.parse("2025-03-11T01:00:00.000Z") - Date.parse(dispatchedAt),
      },
    ]);
    // Past the deadline but not yet flagged by the sweeper: still late.
    const asked = withItem(
      open,
      item("b", "police", { status: "awaiting_supplement", attempt: 1 }),
      "2025-03-11T00:00:00.000Z",
    );
    expect(answeredAttempts(open, asked)).toEqual([
      {
        department: "police",
        onTime: false,
        handlingMs: Date.parse("2025-03-11T00:00:00.000Z") - Date.parse(dispatchedAt),
      },
    ]);
    const deltas = activityDeltas(open, { ...asked, status: "awaiting_applicant" }, at);
    expect(deltas).toContainEqual({
      kind: "minute",
      minute: "2025-03-04T02:00",
      transition: "awaiting_applicant",
      bundleId: "newborn",
      delta: 1,
    });
    expect(deltas).toContainEqual({
      kind: "answers",
      department: "police",
      bundleId: "newborn",
      metric: "ANSWERED",
      delta: 1,
    });
    expect(deltas.some((d) => "metric" in d && d.metric === "ON_TIME")).toBe(false);
  });

  it("does not count a cancellation, a skip, a re-dispatch or an unchanged item as an answer", () => {
    const cancelled = withItem(open, item("a", "health", { status: "cancelled", attempt: 1 }), due);
    expect(answeredAttempts(open, cancelled)).toEqual([]);
    const skipped = withItem(
      open,
      item("c", "health", { status: "skipped", skipReason: "condition_false" }),
      due,
    );
    expect(answeredAttempts(open, skipped)).toEqual([]);
    const waiting = withItem(open, item("a", "health", { status: "awaiting_supplement", attempt: 1 }), due);
    const again = withItem(waiting, dispatched("a", "health", due, { attempt: 2 }), due);
    expect(answeredAttempts(waiting, again)).toEqual([]);
    expect(answeredAttempts(open, open)).toEqual([]);
    expect(answeredAttempts(undefined, open)).toEqual([]);
    expect(activityDeltas(open, cancelled, at)).toEqual([]);
  });

  it("flags a case overdue while an item it holds is flagged, and names the UTC minute of an instant", () => {
    expect(isCaseOverdue(open)).toBe(false);
    expect(isCaseOverdue(withItem(open, dispatched("a", "health", due, { overdue: true }), due))).toBe(true);
    // An item no longer held does not keep the case overdue.
    expect(
      isCaseOverdue(
        withItem(open, item("a", "health", { status: "completed", attempt: 1, overdue: true }), due),
      ),
    ).toBe(false);
    expect(counterMinute(new Date("2025-03-02T23:59:59.999Z"))).toBe("2025-03-02T23:59");
  });

  it("maps the new deltas to their rows: minutes per bundle, answers in the department's partition", () => {
    expect(
      counterKey({
        kind: "minute",
        minute: "2025-03-04T02:07",
        bundleId: "newborn",
        transition: "completed",
        delta: 1,
      }),
    ).toEqual({ pk: "COUNTER#MINUTE#2025-03-04T02", sk: "07#newborn#completed" });
    expect(
      counterKey({ kind: "answers", department: "health", bundleId: "newborn", metric: "ON_TIME", delta: 1 }),
    ).toEqual({ pk: "COUNTER#DEPT#health", sk: "ON_TIME#newborn" });
  });
});

describe("durationDeltas and the overdue count per bundle", () => {
  it("adds a closing case's time from submission to its bundle's histogram, once", () => {
    const open = caseState({ caseId: "d1", bundleId: "benefit-stop" });
    const closed = caseState({
      caseId: "d1",
      bundleId: "benefit-stop",
      status: "completed",
      updatedAt: "2025-03-05T02:00:00.000Z",
    });
    const seconds = 2 * 86_400;
    expect(durationDeltas(open, closed)).toEqual([
      { kind: "duration", bundleId: "benefit-stop", bucket: durationBucket(seconds), delta: 1 },
    ]);
    expect(durationDeltas(closed, closed)).toEqual([]);
    expect(durationDeltas(undefined, open)).toEqual([]);
    // The bucket's upper bound is within a quarter octave of the duration.
    const upper = durationBucketUpperSeconds(durationBucket(seconds));
    expect(upper).toBeGreaterThanOrEqual(seconds);
    expect(upper).toBeLessThan(seconds * 2 ** 0.25 + 1);
  });

  it("counts items held past their deadline per bundle and department, in and out", () => {
    const previous = caseState({
      caseId: "o1",
      bundleId: "benefit-stop",
      items: [dispatched("a", "civil-affairs", due)],
    });
    const overdue = withItem(previous, dispatched("a", "civil-affairs", due, { overdue: true }), due);
    const byBundle = (deltas: ReturnType<typeof counterDeltas>) =>
      deltas.filter((d) => d.kind === "overdueByBundle");
    expect(byBundle(counterDeltas(previous, overdue, DAY))).toEqual([
      { kind: "overdueByBundle", bundleId: "benefit-stop", department: "civil-affairs", delta: 1 },
    ]);
    const answered = withItem(overdue, item("a", "civil-affairs", { status: "completed", attempt: 1 }), due);
    expect(byBundle(counterDeltas(overdue, answered, DAY))).toEqual([
      { kind: "overdueByBundle", bundleId: "benefit-stop", department: "civil-affairs", delta: -1 },
    ]);
    expect(counterKey(byBundle(counterDeltas(previous, overdue, DAY))[0] as never)).toEqual({
      pk: "COUNTER#OVERDUE#benefit-stop",
      sk: "civil-affairs",
    });
  });
});

import { describe, expect, it } from "vitest";
import { counterDay, counterDeltas, counterKey } from "../src/index.ts";
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
    ]);
    const done = withItem(
      late,
      item("a", "health", { status: "completed", attempt: 1 }),
      "2025-03-12T00:00:00.000Z",
    );
    expect(counterDeltas(late, done, DAY)).toEqual([
      { kind: "department", department: "health", metric: "OPEN", delta: -1 },
      { kind: "department", department: "health", metric: "OVERDUE", delta: -1 },
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

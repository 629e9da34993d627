import { describe, expect, it } from "vitest";
import {
  changedItemIds,
  InvalidStoreRequestError,
  MAX_TRANSACTION_ACTIONS,
  planCommit,
  TransactionTooLargeError,
} from "../src/index.ts";
import { caseState, dispatched, item, twentyItemSubmission, withItem } from "./fixtures.ts";

const TABLE = "cases";
const now = new Date("2025-03-03T02:00:00.000Z");
const due = "2025-03-10T16:00:00.000Z";

describe("planCommit", () => {
  it("writes a 20-item submission in one transaction of 38 actions", () => {
    const { state, timeline, outbox } = twentyItemSubmission("c20", now);
    const plan = planCommit(TABLE, { next: state, eventId: "e-submit", timeline, outbox, now });
    const kinds = plan.items.map((action) => {
      const item = action.Put?.Item;
      return item ? String(item.entity) : "counter";
    });
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    expect({
      case: count("case"),
      item: count("item"),
      caseDepartment: count("caseDepartment"),
      timeline: count("timeline"),
      outbox: count("outbox"),
      processedEvent: count("processedEvent"),
      counter: count("counter"),
    }).toEqual({
      case: 1,
      item: 20,
      caseDepartment: 6,
      timeline: 1,
      outbox: 1,
      processedEvent: 1,
      // cases-in-status +1, transitions-that-day +1, OPEN +n for each of the 6 departments
      counter: 8,
    });
    expect(plan.items).toHaveLength(38);
    expect(plan.version).toBe(1);
  });

  it("creates a case only if none exists, and updates one only at the version it was read", () => {
    const first = caseState({ caseId: "c1", items: [dispatched("a", "health", due)] });
    const create = planCommit(TABLE, { next: first, eventId: "e1", timeline: [], outbox: [], now });
    expect(create.items[create.caseIndex]?.Put?.ConditionExpression).toBe("attribute_not_exists(pk)");

    const second = withItem(first, item("a", "health", { status: "completed", attempt: 1 }), due);
    const update = planCommit(TABLE, {
      previous: { state: first, version: 4 },
      next: second,
      eventId: "e2",
      timeline: [],
      outbox: [],
      now,
    });
    const put = update.items[update.caseIndex]?.Put;
    expect(put?.ConditionExpression).toBe("#version = :expected");
    expect(put?.ExpressionAttributeValues).toEqual({ ":expected": 4 });
    expect(put?.Item?.version).toBe(5);
    expect(update.version).toBe(5);
    expect(update.items[update.markerIndex]?.Put?.ConditionExpression).toBe("attribute_not_exists(pk)");
  });

  it("rewrites only the item rows that changed, and no timeline or outbox row when there is none", () => {
    const first = caseState({ caseId: "c1", items: [dispatched("a", "health", due), item("b", "police")] });
    const second = withItem(first, dispatched("a", "health", due, { overdue: true }), due);
    const plan = planCommit(TABLE, {
      previous: { state: first, version: 1 },
      next: second,
      eventId: "e2",
      timeline: [],
      outbox: [],
      now,
    });
    const rows = plan.items.flatMap((action) => (action.Put?.Item ? [action.Put.Item] : []));
    expect(rows.map((row) => row.sk)).toEqual(["CASE", "ITEM#a", "DEPT#health", "EVENT#e2"]);
    expect(changedItemIds(first, second)).toEqual(["a"]);
  });

  it("keeps an item in the department's open list while dispatched, and in the sweeper's list until flagged", () => {
    const state = caseState({
      caseId: "c1",
      items: [
        dispatched("open", "health", due),
        dispatched("late", "health", due, { overdue: true }),
        item("done", "health", { status: "completed", attempt: 1 }),
      ],
    });
    const plan = planCommit(TABLE, { next: state, eventId: "e1", timeline: [], outbox: [], now });
    const row = (sk: string) => plan.items.find((action) => action.Put?.Item?.sk === sk)?.Put?.Item;
    expect(row("ITEM#open")).toMatchObject({ gsi3pk: "DEPT#health", gsi1pk: "DUE#health" });
    expect(row("ITEM#late")).toMatchObject({ gsi3pk: "DEPT#health", overdue: true });
    expect(row("ITEM#late")).not.toHaveProperty("gsi1pk");
    expect(row("ITEM#done")).not.toHaveProperty("gsi3pk");
    expect(row("ITEM#done")).not.toHaveProperty("gsi1pk");
  });

  it("ignores keys holding undefined when comparing items (they do not survive a round trip)", () => {
    const stored = caseState({ caseId: "c1", items: [item("a", "health")] });
    const decided = caseState({ caseId: "c1", items: [item("a", "health", { reason: undefined })] });
    expect(changedItemIds(stored, decided)).toEqual([]);
  });

  it("refuses a commit over the transaction limit before sending anything", () => {
    const items = Array.from({ length: MAX_TRANSACTION_ACTIONS }, (_, i) => item(`i${i}`, "health"));
    const state = caseState({ caseId: "big", items });
    expect(() => planCommit(TABLE, { next: state, eventId: "e1", timeline: [], outbox: [], now })).toThrow(
      TransactionTooLargeError,
    );
  });

  it("refuses a next state of another case than the previous one", () => {
    const previous = { state: caseState({ caseId: "c1" }), version: 1 };
    expect(() =>
      planCommit(TABLE, {
        previous,
        next: caseState({ caseId: "c2" }),
        eventId: "e",
        timeline: [],
        outbox: [],
        now,
      }),
    ).toThrow(InvalidStoreRequestError);
  });
});

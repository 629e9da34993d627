import { describe, expect, it } from "vitest";
import {
  applicantIndexHash,
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
const KEY = "test-applicant-index-key-0123456789abcdef";
const applicantHash = (identity: string) => applicantIndexHash(KEY, identity);

describe("planCommit: one transaction, conditional where it must be", () => {
  it("writes a 20-item submission in one transaction of 40 actions", () => {
    const { state, timeline, outbox } = twentyItemSubmission("c20", now);
    const plan = planCommit(
      TABLE,
      { next: state, eventId: "e-submit", timeline, outbox, now },
      { applicantHash },
    );
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
      // cases-in-status +1, transitions-that-day +1, OPEN +n for each of the 6 departments, and the minute's
      // throughput: submitted +1, in_progress +1
      counter: 10,
    });
    expect(plan.items).toHaveLength(40);
    expect(plan.version).toBe(1);
  });

  it("writes a placed case's index rows once: one per ancestor of its place and of its receiving office", () => {
    const { state, timeline, outbox } = twentyItemSubmission("c20p", now);
    const town = "000000/330000/330200/330212/330212101";
    const next = {
      ...state,
      place: { code: "330212101", path: town, source: "field" as const, field: "applicant.householdPlace" },
      receivingOffice: { jurisdiction: "330212", path: "000000/330000/330200/330212", by: "clerk" as const },
    };
    const plan = planCommit(TABLE, { next, eventId: "e-submit", timeline, outbox, now }, { applicantHash });
    const rows = plan.items.flatMap((a) => (a.Put?.Item?.entity === "casePlace" ? [a.Put.Item] : []));
    expect(rows.map((r) => r.gsi2pk)).toEqual([
      "PLACE#330000",
      "PLACE#330200",
      "PLACE#330212",
      "PLACE#330212101",
      "RECEIVED#330000",
      "RECEIVED#330200",
      "RECEIVED#330212",
    ]);
    expect(new Set(rows.map((r) => r.gsi2sk))).toEqual(new Set([`${state.submittedAt}#c20p`]));
    expect(plan.items[plan.caseIndex]?.Put?.Item).toMatchObject({
      placePath: town,
      receivedPath: "000000/330000/330200/330212",
    });
    // 40 + 7 index rows + the 2 place counters of the case's leaf.
    expect(plan.items).toHaveLength(49);
    // Later commits write none again.
    const later = planCommit(TABLE, {
      previous: { state: next, version: 1 },
      next: { ...next, updatedAt: "2025-03-03T03:00:00.000Z" },
      eventId: "e-2",
      timeline: [],
      outbox: [],
      now,
    });
    expect(later.items.filter((a) => a.Put?.Item?.entity === "casePlace")).toEqual([]);
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

describe("planCommit: the index entries of cases and items", () => {
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

  it("lists an overdue item in the sweeper's list again at its escalateAgainAt (its second escalation)", () => {
    const again = "2026-03-06T16:00:00.000Z";
    const state = caseState({
      caseId: "c1",
      items: [
        dispatched("late", "town-office", due, { overdue: true, escalations: 1, escalateAgainAt: again }),
      ],
    });
    const plan = planCommit(TABLE, { next: state, eventId: "e1", timeline: [], outbox: [], now });
    const late = plan.items.find((action) => action.Put?.Item?.sk === "ITEM#late")?.Put?.Item;
    expect(late).toMatchObject({ gsi1pk: "DUE#town-office", overdue: true });
    expect(String(late?.gsi1sk)).toMatch(new RegExp(`^${again}#c1#late$`));
  });

  it("indexes the case under a keyed hash of the applicant, never the ID number, with its list attributes", () => {
    const state = caseState({ caseId: "c1", items: [dispatched("a", "health", due)] });
    const plan = planCommit(
      TABLE,
      { next: state, eventId: "e1", timeline: [], outbox: [], now },
      { applicantHash },
    );
    const row = plan.items[plan.caseIndex]?.Put?.Item ?? {};
    expect(row.gsi4pk).toBe(`APPLICANT#${applicantIndexHash(KEY, "11010519491231002X")}`);
    expect(row.gsi4sk).toBe("2025-03-03T02:00:00.000Z#c1");
    expect(String(row.gsi4pk)).not.toContain("11010519491231002X");
    // Another key gives another partition: the hash is keyed, not a plain digest anyone can recompute.
    expect(applicantIndexHash(`${KEY}-other`, "11010519491231002X")).not.toBe(
      applicantIndexHash(KEY, "11010519491231002X"),
    );
    expect(row).toMatchObject({ submittedDay: "2025-03-03", overdue: false });
    expect(row).not.toHaveProperty("gsi3pk");
    expect(row).not.toHaveProperty("closedAt");
  });

  it("keeps the case in the overdue index while an item is flagged, and leaves it when the item is answered", () => {
    const open = caseState({ caseId: "c1", items: [dispatched("a", "health", due)] });
    const late = withItem(
      open,
      dispatched("a", "health", due, { overdue: true }),
      "2025-03-11T00:00:00.000Z",
    );
    const flagged = planCommit(TABLE, {
      previous: { state: open, version: 1 },
      next: late,
      eventId: "e2",
      timeline: [],
      outbox: [],
      now,
    });
    expect(flagged.items[flagged.caseIndex]?.Put?.Item).toMatchObject({
      overdue: true,
      gsi3pk: "OVERDUE",
      gsi3sk: "2025-03-03T02:00:00.000Z#c1",
      // What the case lists show: the overdue items with their department and deadline, the subject's name.
      overdueItems: [{ itemId: "a", department: "health", dueAt: due }],
      subjectName: "张小三",
    });
    const done = caseState({
      caseId: "c1",
      status: "completed",
      updatedAt: "2025-03-12T00:00:00.000Z",
      items: [item("a", "health", { status: "completed", attempt: 1 })],
    });
    const closed = planCommit(TABLE, {
      previous: { state: late, version: 2 },
      next: done,
      eventId: "e3",
      timeline: [],
      outbox: [],
      now,
    });
    const row = closed.items[closed.caseIndex]?.Put?.Item;
    expect(row).toMatchObject({ overdue: false, closedAt: "2025-03-12T00:00:00.000Z" });
    expect(row).not.toHaveProperty("gsi3pk");
    expect(row).not.toHaveProperty("overdueItems");
  });

  it("lists the case as open at a department while the department holds one of its items", () => {
    const open = caseState({
      caseId: "c1",
      items: [dispatched("a", "health", due), dispatched("b", "health", due)],
    });
    const created = planCommit(TABLE, { next: open, eventId: "e1", timeline: [], outbox: [], now });
    const departmentRow = (plan: typeof created) =>
      plan.items.find((action) => action.Put?.Item?.sk === "DEPT#health")?.Put?.Item;
    expect(departmentRow(created)).toMatchObject({
      open: true,
      gsi4pk: "OPENAT#health",
      gsi4sk: "2025-03-03T02:00:00.000Z#c1",
    });
    const oneDone = withItem(open, item("a", "health", { status: "completed", attempt: 1 }), due);
    const stillOpen = planCommit(TABLE, {
      previous: { state: open, version: 1 },
      next: oneDone,
      eventId: "e2",
      timeline: [],
      outbox: [],
      now,
    });
    expect(departmentRow(stillOpen)).toMatchObject({ open: true, gsi4pk: "OPENAT#health" });
    const bothDone = withItem(oneDone, item("b", "health", { status: "rejected", attempt: 1 }), due);
    const closed = planCommit(TABLE, {
      previous: { state: oneDone, version: 2 },
      next: bothDone,
      eventId: "e3",
      timeline: [],
      outbox: [],
      now,
    });
    expect(departmentRow(closed)).toMatchObject({ open: false });
    expect(departmentRow(closed)).not.toHaveProperty("gsi4pk");
  });
});

describe("planCommit: filer rows and counters", () => {
  it("writes a filer row for a case filed at a counter, once, in the clerk's list", () => {
    const filed: ReturnType<typeof caseState> = {
      ...caseState({ caseId: "c1", items: [dispatched("a", "health", due)] }),
      channel: "counter",
      filedBy: { role: "clerk", id: "clerk-王五" },
    };
    const created = planCommit(TABLE, { next: filed, eventId: "e1", timeline: [], outbox: [], now });
    expect(created.items.find((action) => action.Put?.Item?.sk === "FILER")?.Put?.Item).toMatchObject({
      entity: "caseFiler",
      gsi4pk: "FILEDBY#clerk-王五",
      gsi4sk: "2025-03-03T02:00:00.000Z#c1",
    });
    const next = withItem(filed, item("a", "health", { status: "completed", attempt: 1 }), due);
    const update = planCommit(TABLE, {
      previous: { state: filed, version: 1 },
      next,
      eventId: "e2",
      timeline: [],
      outbox: [],
      now,
    });
    expect(update.items.some((action) => action.Put?.Item?.sk === "FILER")).toBe(false);
    const online = planCommit(TABLE, {
      next: caseState({ caseId: "c2" }),
      eventId: "e1",
      timeline: [],
      outbox: [],
      now,
    });
    expect(online.items.some((action) => action.Put?.Item?.sk === "FILER")).toBe(false);
  });

  it("sets a TTL on the throughput counters only", () => {
    const state = caseState({ caseId: "c1", items: [dispatched("a", "health", due)] });
    const plan = planCommit(TABLE, { next: state, eventId: "e1", timeline: [], outbox: [], now });
    const updates = plan.items.flatMap((action) => (action.Update ? [action.Update] : []));
    const minute = updates.filter((u) => String(u.Key?.pk).startsWith("COUNTER#MINUTE#"));
    expect(minute.map((u) => u.Key)).toEqual([
      { pk: "COUNTER#MINUTE#2025-03-03T02", sk: "00#newborn#submitted" },
      { pk: "COUNTER#MINUTE#2025-03-03T02", sk: "00#newborn#in_progress" },
    ]);
    for (const u of minute)
      expect(u.ExpressionAttributeValues?.[":expiresAt"]).toBe(Date.parse("2025-03-05T02:00:00Z") / 1000);
    for (const u of updates.filter((u) => !minute.includes(u)))
      expect(u.ExpressionAttributeValues).not.toHaveProperty(":expiresAt");
  });
});

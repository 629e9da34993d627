import { describe, expect, it } from "vitest";
import {
  caseBundleIndexKey,
  caseCounterKey,
  caseDepartmentKey,
  caseKey,
  caseStatusIndexKey,
  dayCounterKey,
  departmentCasesIndexKey,
  departmentCounterKey,
  dueItemIndexKey,
  idempotencyKey,
  itemKey,
  openItemIndexKey,
  outboxKey,
  pendingOutboxIndexKey,
  processedEventKey,
  timelineKey,
} from "../src/index.ts";

describe("key builders", () => {
  it("put every row of a case in the case's partition", () => {
    const rows = [
      caseKey("c1"),
      itemKey("c1", "birth-cert"),
      caseDepartmentKey("c1", "health"),
      timelineKey("c1", "2025-03-03T02:00:00.000Z", "e1"),
      outboxKey("c1", "e1"),
      processedEventKey("c1", "e1"),
    ];
    expect(new Set(rows.map((k) => k.pk))).toEqual(new Set(["CASE#c1"]));
    expect(rows.map((k) => k.sk)).toEqual([
      "CASE",
      "ITEM#birth-cert",
      "DEPT#health",
      "TL#2025-03-03T02:00:00.000Z#e1",
      "OUTBOX#e1",
      "EVENT#e1",
    ]);
  });

  it("build the idempotency and counter keys", () => {
    expect(idempotencyKey("citizen-1", "k-9")).toEqual({
      pk: "IDEMPOTENCY#citizen-1#k-9",
      sk: "IDEMPOTENCY",
    });
    expect(caseCounterKey("newborn", "in_progress")).toEqual({
      pk: "COUNTER#CASES#newborn",
      sk: "in_progress",
    });
    expect(dayCounterKey("2025-03-03", "newborn", "completed")).toEqual({
      pk: "COUNTER#DAY#2025-03-03",
      sk: "newborn#completed",
    });
    expect(departmentCounterKey("health", "OVERDUE")).toEqual({ pk: "COUNTER#DEPT#health", sk: "OVERDUE" });
  });

  it("build the index keys", () => {
    expect(caseStatusIndexKey("in_progress", "2025-03-03T02:00:00.000Z", "c1")).toEqual({
      gsi1pk: "STATUS#in_progress",
      gsi1sk: "2025-03-03T02:00:00.000Z#c1",
    });
    expect(caseBundleIndexKey("newborn", "2025-03-01T00:00:00.000Z", "c1")).toEqual({
      gsi2pk: "BUNDLE#newborn",
      gsi2sk: "2025-03-01T00:00:00.000Z#c1",
    });
    expect(departmentCasesIndexKey("health", "2025-03-03T02:00:00.000Z", "c1")).toEqual({
      gsi2pk: "DEPTCASES#health",
      gsi2sk: "2025-03-03T02:00:00.000Z#c1",
    });
    expect(openItemIndexKey("health", "2025-03-10T16:00:00.000Z", "c1", "i1")).toEqual({
      gsi3pk: "DEPT#health",
      gsi3sk: "2025-03-10T16:00:00.000Z#c1#i1",
    });
    expect(dueItemIndexKey("health", "2025-03-10T16:00:00.000Z", "c1", "i1")).toEqual({
      gsi1pk: "DUE#health",
      gsi1sk: "2025-03-10T16:00:00.000Z#c1#i1",
    });
    expect(pendingOutboxIndexKey("2025-03-03T02:00:00.000Z", "c1", "e1")).toEqual({
      gsi1pk: "OUTBOX#PENDING",
      gsi1sk: "2025-03-03T02:00:00.000Z#c1#e1",
    });
  });

  it("sort index keys by time first, so 'due before now' is a key condition (gsisk < now)", () => {
    const now = "2025-03-10T16:00:00.000Z";
    // Due exactly now is not yet overdue: the longer key sorts after its prefix.
    expect(openItemIndexKey("d", now, "c", "i").gsi3sk < now).toBe(false);
    expect(openItemIndexKey("d", "2025-03-10T15:59:59.999Z", "c", "i").gsi3sk < now).toBe(true);
  });
});

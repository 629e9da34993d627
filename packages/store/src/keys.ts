/**
 * Every key format of the single table lives here. Nothing else in the code base builds a `pk`, `sk` or
 * GSI key by hand, so a change of layout is a change of this file (and of README.md, which documents it).
 */

// A type alias, not an interface, so a key is assignable to the SDK's `Record<string, unknown>` key type.
export type PrimaryKey = { pk: string; sk: string };

export const INDEX = {
  /** Cases by status; pending outbox rows; items due and not yet escalated. */
  gsi1: "gsi1",
  /** Cases by bundle; cases by department (on the case-department rows). */
  gsi2: "gsi2",
  /** Open (dispatched) items of a department, oldest deadline first. */
  gsi3: "gsi3",
} as const;
export type IndexName = (typeof INDEX)[keyof typeof INDEX];

/** The TTL attribute of the table (epoch seconds). */
export const TTL_ATTRIBUTE = "expiresAt";

/** Partition and sort key attribute names of the table and each index. */
export const KEY_ATTRIBUTES = {
  table: { pk: "pk", sk: "sk" },
  gsi1: { pk: "gsi1pk", sk: "gsi1sk" },
  gsi2: { pk: "gsi2pk", sk: "gsi2sk" },
  gsi3: { pk: "gsi3pk", sk: "gsi3sk" },
} as const;

// ---- Base-table keys ----

const casePk = (caseId: string) => `CASE#${caseId}`;

/** The case row: the whole `CaseState` and its version. */
export const caseKey = (caseId: string): PrimaryKey => ({ pk: casePk(caseId), sk: "CASE" });

/** One row per item, rewritten only when that item changed. */
export const itemKey = (caseId: string, itemId: string): PrimaryKey => ({
  pk: casePk(caseId),
  sk: `ITEM#${itemId}`,
});

/** One row per (case, department), the entry of the case in the department's case list. */
export const caseDepartmentKey = (caseId: string, department: string): PrimaryKey => ({
  pk: casePk(caseId),
  sk: `DEPT#${department}`,
});

export const TIMELINE_SK_PREFIX = "TL#";
/** One timeline row per applied event; `at` first so a Query on the prefix returns them in time order. */
export const timelineKey = (caseId: string, at: string, eventId: string): PrimaryKey => ({
  pk: casePk(caseId),
  sk: `${TIMELINE_SK_PREFIX}${at}#${eventId}`,
});
/** The partition of a case (for Queries over its timeline rows). */
export const casePartition = (caseId: string): string => casePk(caseId);

/** One outbox row per applied event that caused messages. */
export const outboxKey = (caseId: string, eventId: string): PrimaryKey => ({
  pk: casePk(caseId),
  sk: `OUTBOX#${eventId}`,
});

/** Written in the same transaction as the state change, so an event takes effect at most once. */
export const processedEventKey = (caseId: string, eventId: string): PrimaryKey => ({
  pk: casePk(caseId),
  sk: `EVENT#${eventId}`,
});

export const idempotencyKey = (scope: string, key: string): PrimaryKey => ({
  pk: `IDEMPOTENCY#${scope}#${key}`,
  sk: "IDEMPOTENCY",
});

// ---- Counter keys ----

export type DepartmentMetric = "OPEN" | "OVERDUE";

export const caseCounterPartition = (bundleId: string): string => `COUNTER#CASES#${bundleId}`;
/** Cases of a bundle now in `status`. */
export const caseCounterKey = (bundleId: string, status: string): PrimaryKey => ({
  pk: caseCounterPartition(bundleId),
  sk: status,
});

export const dayCounterPartition = (day: string): string => `COUNTER#DAY#${day}`;
/** Transitions of a bundle's cases into `status` on `day` (yyyy-mm-dd, Beijing time). */
export const dayCounterKey = (day: string, bundleId: string, status: string): PrimaryKey => ({
  pk: dayCounterPartition(day),
  sk: `${bundleId}#${status}`,
});

export const departmentCounterPartition = (department: string): string => `COUNTER#DEPT#${department}`;
/** Items of a department open (dispatched) / overdue now. */
export const departmentCounterKey = (department: string, metric: DepartmentMetric): PrimaryKey => ({
  pk: departmentCounterPartition(department),
  sk: metric,
});

// ---- GSI keys ----

/** gsi1 on the case row: cases by status, most recently updated last (queried newest first). */
export const caseStatusIndexKey = (status: string, updatedAt: string, caseId: string) => ({
  gsi1pk: caseStatusPartition(status),
  gsi1sk: `${updatedAt}#${caseId}`,
});
export const caseStatusPartition = (status: string): string => `STATUS#${status}`;

/** gsi2 on the case row: cases by bundle, by submission time. */
export const caseBundleIndexKey = (bundleId: string, submittedAt: string, caseId: string) => ({
  gsi2pk: caseBundlePartition(bundleId),
  gsi2sk: `${submittedAt}#${caseId}`,
});
export const caseBundlePartition = (bundleId: string): string => `BUNDLE#${bundleId}`;

/**
 * gsi2 overloaded on the case-department row: cases a department is involved in, by the last time one of
 * its items changed. A separate row (not the item rows) so a case with several items of one department
 * appears in that department's list once.
 */
export const departmentCasesIndexKey = (department: string, updatedAt: string, caseId: string) => ({
  gsi2pk: departmentCasesPartition(department),
  gsi2sk: `${updatedAt}#${caseId}`,
});
export const departmentCasesPartition = (department: string): string => `DEPTCASES#${department}`;

/** gsi3 on an item row, only while the item is dispatched: the department's open items by deadline. */
export const openItemIndexKey = (department: string, dueAt: string, caseId: string, itemId: string) => ({
  gsi3pk: openItemsPartition(department),
  gsi3sk: `${dueAt}#${caseId}#${itemId}`,
});
export const openItemsPartition = (department: string): string => `DEPT#${department}`;

/**
 * gsi1 overloaded on an item row, only while the item is dispatched and not yet flagged overdue: the
 * sweeper's work list. Escalated items leave it, so they cannot crowd newly overdue ones out of a page.
 */
export const dueItemIndexKey = (department: string, dueAt: string, caseId: string, itemId: string) => ({
  gsi1pk: dueItemsPartition(department),
  gsi1sk: `${dueAt}#${caseId}#${itemId}`,
});
export const dueItemsPartition = (department: string): string => `DUE#${department}`;

/** gsi1 on an outbox row, only while unsent. */
export const pendingOutboxIndexKey = (createdAt: string, caseId: string, eventId: string) => ({
  gsi1pk: PENDING_OUTBOX_PARTITION,
  gsi1sk: `${createdAt}#${caseId}#${eventId}`,
});
export const PENDING_OUTBOX_PARTITION = "OUTBOX#PENDING";

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
  /** Open (dispatched) items of a department, oldest deadline first; overdue cases. */
  gsi3: "gsi3",
  /** A citizen's cases (keyed hash), a clerk's filed cases, cases with an item open at a department. */
  gsi4: "gsi4",
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
  gsi4: { pk: "gsi4pk", sk: "gsi4sk" },
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

/** Written once, with the case: who filed it at a counter (only for clerk-filed cases), for the clerk's list. */
export const caseFilerKey = (caseId: string): PrimaryKey => ({ pk: casePk(caseId), sk: "FILER" });

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

// ---- The subject registry: persons and organisations across cases ----

/** A person's or organisation's partition: the keyed hash of the ID number or USCC, never the identity itself. */
export const subjectPartition = (identityHash: string): string => `SUBJECT#${identityHash}`;
export const SUBJECT_CASE_SK_PREFIX = "CASE#";
/** A case the subject is the applicant or the subject of; written with the case's first commit. */
export const subjectCaseKey = (identityHash: string, caseId: string, role: string): PrimaryKey => ({
  pk: subjectPartition(identityHash),
  sk: `${SUBJECT_CASE_SK_PREFIX}${caseId}#${role}`,
});
/** Held from a case's first commit to the one that closes it, where the bundle allows one open case per subject. */
export const subjectOpenCaseKey = (identityHash: string, bundleId: string): PrimaryKey => ({
  pk: subjectPartition(identityHash),
  sk: `OPEN#${bundleId}`,
});

/** A person's death record (first recorded wins); under the person's registry partition. */
export const personDeathKey = (identityHash: string): PrimaryKey => ({
  pk: subjectPartition(identityHash),
  sk: "DEATH",
});
export const ENTITLEMENT_SK_PREFIX = "ENT#";
/** One row per benefit a person holds or held (status active / stopping / ended). */
export const entitlementKey = (identityHash: string, benefit: string): PrimaryKey => ({
  pk: subjectPartition(identityHash),
  sk: `${ENTITLEMENT_SK_PREFIX}${benefit}`,
});
/** gsi2: a department's roster, by status then benefit (the department reads only its own partition). */
export const entitlementRosterPartition = (department: string): string => `ENTITLEMENTS#${department}`;
export const entitlementRosterSort = (status: string, benefit: string, identityHash: string): string =>
  `${status}#${benefit}#${identityHash}`;
/**
 * gsi4 on an entitlement granted by a placed case: a department's roster by the place of the granting case, so an
 * office's roster is one Query with `begins_with(<office path>)` (status and benefit then filtered). Written with
 * the first grant, never moved: the place of the entitlement is where it was granted.
 */
export const entitlementPlacePartition = (department: string): string => `ENTPLACE#${department}`;
export const entitlementPlaceSort = (placePath: string, benefit: string, identityHash: string): string =>
  `${placePath}#${benefit}#${identityHash}`;
/** gsi1, sparse: entitlements not ended whose holder is recorded dead (the overview counts this partition). */
export const ENTITLEMENTS_OF_DEAD_PARTITION = "ENTITLEMENTS_OF_DEAD";
export const entitlementOfDeadSort = (department: string, benefit: string, identityHash: string): string =>
  `${department}#${benefit}#${identityHash}`;

/** A data event's claim: one row per (source, source event id), so a replay takes effect once. */
export const dataEventKey = (source: string, sourceEventId: string): PrimaryKey => ({
  pk: `DATA_EVENT#${source}#${sourceEventId}`,
  sk: "DATA_EVENT",
});

// ---- Working-day calendar: notices loaded at run time ----

/** One small partition holds every loaded notice, its history and the revision walks (a few rows a year). */
export const CALENDAR_PARTITION = "CALENDAR";
export const CALENDAR_NOTICE_SK_PREFIX = "YEAR#";
export const CALENDAR_REVISION_SK_PREFIX = "REVISION#";
const pad = (version: number) => String(version).padStart(6, "0");

/** The current notice of a year (the one every function counts with). */
export const calendarNoticeKey = (year: number): PrimaryKey => ({
  pk: CALENDAR_PARTITION,
  sk: `${CALENDAR_NOTICE_SK_PREFIX}${year}`,
});
/** Every version ever loaded, kept: who loaded which notice when. */
export const calendarNoticeHistoryKey = (year: number, version: number): PrimaryKey => ({
  pk: CALENDAR_PARTITION,
  sk: `HISTORY#${year}#${pad(version)}`,
});
/** The walk revising the open deadlines a version of a year's notice may move. */
export const calendarRevisionKey = (year: number, version: number): PrimaryKey => ({
  pk: CALENDAR_PARTITION,
  sk: `${CALENDAR_REVISION_SK_PREFIX}${year}#${pad(version)}`,
});

// ---- Counter keys ----

/**
 * `OPEN` / `OVERDUE` / `NO_DEADLINE`: items a department holds now / of those flagged overdue / of those dispatched
 * without a deadline (no calendar covered the time limit).
 */
export const DEPARTMENT_METRICS = ["OPEN", "OVERDUE", "NO_DEADLINE"] as const;
export type DepartmentMetric = (typeof DEPARTMENT_METRICS)[number];
/**
 * A department's answers to one bundle's items. `ANSWERED`: answers to an attempt (completed, rejected, supplement
 * requested); `ON_TIME`: of those, given before the attempt was overdue; `HANDLING_MS`: the sum of
 * (answer − dispatch) over the answered attempts, in milliseconds.
 */
export type AnswerMetric = "ANSWERED" | "ON_TIME" | "HANDLING_MS";

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

export const durationCounterPartition = (bundleId: string): string => `COUNTER#DURATION#${bundleId}`;
/** Cases of a bundle that closed after a duration in this bucket (see `durationBucket`). */
export const durationCounterKey = (bundleId: string, bucket: number): PrimaryKey => ({
  pk: durationCounterPartition(bundleId),
  sk: `B${String(bucket).padStart(3, "0")}`,
});

export const overdueByBundlePartition = (bundleId: string): string => `COUNTER#OVERDUE#${bundleId}`;
/** Items of a bundle's cases a department holds past their deadline. */
export const overdueByBundleCounterKey = (bundleId: string, department: string): PrimaryKey => ({
  pk: overdueByBundlePartition(bundleId),
  sk: department,
});

/** Per-place counters: one partition per city (see `place-counters.ts`). */
export const placeCounterPartition = (city: string): string => `COUNTER#PLACE#${city}`;
/** A leaf's figure: `<district>#<town>#<figure>`, `-` for a level the place lacks. */
export const placeCounterKey = (
  city: string,
  district: string,
  town: string,
  figure: string,
): PrimaryKey => ({
  pk: placeCounterPartition(city),
  sk: `${district}#${town}#${figure}`,
});

export const departmentCounterPartition = (department: string): string => `COUNTER#DEPT#${department}`;
/** Items of a department open (dispatched) / overdue now. */
export const departmentCounterKey = (department: string, metric: DepartmentMetric): PrimaryKey => ({
  pk: departmentCounterPartition(department),
  sk: metric,
});

/**
 * A department's answers to a bundle's items, in the department's counter partition: an answer's commit already
 * moves that department's `OPEN` row, so these rows add no new point of contention between concurrent commits
 * (a per-bundle or global row would). Department totals sum a department's rows; bundle compliance sums a bundle's
 * rows over the departments.
 */
export const answerCounterKey = (department: string, bundleId: string, metric: AnswerMetric): PrimaryKey => ({
  pk: departmentCounterPartition(department),
  sk: `${metric}#${bundleId}`,
});

/**
 * Throughput counters: one partition per UTC hour, one row per minute × bundle × transition (`submitted` or a case
 * status), so the last 60 minutes are two Queries. Per bundle, like the cases counters, so concurrent commits of
 * different bundles never meet on a row. `minute` is `yyyy-mm-ddTHH:MM` (UTC).
 */
export const minuteCounterPartition = (hour: string): string => `COUNTER#MINUTE#${hour}`;
export const minuteCounterKey = (minute: string, bundleId: string, transition: string): PrimaryKey => ({
  pk: minuteCounterPartition(minute.slice(0, 13)),
  sk: `${minute.slice(14, 16)}#${bundleId}#${transition}`,
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
/** Stands for the deadline of an item held without one: `~` sorts after every ISO instant, so such items come last. */
export const NO_DEADLINE_SORT_KEY = "~";

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

/**
 * gsi3 overloaded on the case row, only while some item's current attempt is flagged overdue: the overdue cases,
 * by submission time (a sparse, small partition).
 */
export const overdueCaseIndexKey = (submittedAt: string, caseId: string) => ({
  gsi3pk: OVERDUE_CASES_PARTITION,
  gsi3sk: `${submittedAt}#${caseId}`,
});
export const OVERDUE_CASES_PARTITION = "OVERDUE";

/**
 * gsi4 on the case row: the applicant's cases, by submission time. The partition is a keyed hash (HMAC) of the
 * applicant's identity (ID number or USCC), never the identity itself.
 */
export const applicantCasesIndexKey = (applicantHash: string, submittedAt: string, caseId: string) => ({
  gsi4pk: applicantCasesPartition(applicantHash),
  gsi4sk: `${submittedAt}#${caseId}`,
});
export const applicantCasesPartition = (applicantHash: string): string => `APPLICANT#${applicantHash}`;

/** gsi4 on the filer row: the cases a counter clerk filed, by submission time. */
export const filedCasesIndexKey = (clerk: string, submittedAt: string, caseId: string) => ({
  gsi4pk: filedCasesPartition(clerk),
  gsi4sk: `${submittedAt}#${caseId}`,
});
export const filedCasesPartition = (clerk: string): string => `FILEDBY#${clerk}`;

/**
 * gsi4 overloaded on the case-department row, only while the department holds one of the case's items: the cases
 * open at a department, by submission time.
 */
export const openAtDepartmentIndexKey = (department: string, submittedAt: string, caseId: string) => ({
  gsi4pk: openAtDepartmentPartition(department),
  gsi4sk: `${submittedAt}#${caseId}`,
});
export const openAtDepartmentPartition = (department: string): string => `OPENAT#${department}`;

// ---- Places: cases and items by jurisdiction ----

/**
 * Index rows written once, with the submission: one per ancestor of the case place (`PLACE#<code>`) and one per
 * ancestor of the receiving office (`RECEIVED#<code>`), the tree's root left out (the platform's scope reads the
 * indexes above). A scoped list is then one Query of its office's partition, newest submission first.
 */
export const casePlaceKey = (caseId: string, code: string): PrimaryKey => ({
  pk: casePk(caseId),
  sk: `PLACE#${code}`,
});
export const caseReceivedKey = (caseId: string, code: string): PrimaryKey => ({
  pk: casePk(caseId),
  sk: `RECEIVED#${code}`,
});
/** gsi2 on a place index row: the cases placed within a jurisdiction, by submission time. */
export const casePlaceIndexKey = (code: string, submittedAt: string, caseId: string) => ({
  gsi2pk: casePlacePartition(code),
  gsi2sk: `${submittedAt}#${caseId}`,
});
export const casePlacePartition = (code: string): string => `PLACE#${code}`;
/** gsi2 on a received index row: the cases received within a jurisdiction, by submission time. */
export const caseReceivedIndexKey = (code: string, submittedAt: string, caseId: string) => ({
  gsi2pk: caseReceivedPartition(code),
  gsi2sk: `${submittedAt}#${caseId}`,
});
export const caseReceivedPartition = (code: string): string => `RECEIVED#${code}`;

/**
 * gsi4 on an item row, only while the item is held and has an office: a department's open items by office path,
 * so an office's items (and those of every office below it) are one Query with `begins_with(<office path>)` —
 * codes of one level have one length, so a path prefix never matches a sibling.
 */
export const officeItemIndexKey = (
  department: string,
  officePath: string,
  dueAt: string,
  caseId: string,
  itemId: string,
) => ({
  gsi4pk: officeItemsPartition(department),
  gsi4sk: `${officePath}#${dueAt}#${caseId}#${itemId}`,
});
export const officeItemsPartition = (department: string): string => `OFFICEITEMS#${department}`;

/** gsi3 on a waiting item's row: the sweeper's list of waits to time out, `<dueAt>#<caseId>#<itemId>`. */
export const WAITING_PARTITION = "WAITING";
export const waitingItemIndexKey = (dueAt: string, caseId: string, itemId: string) => ({
  gsi3pk: WAITING_PARTITION,
  gsi3sk: `${dueAt}#${caseId}#${itemId}`,
});

// ---- Webhooks (issue 17): one partition per department, one row per registered office ----
export const webhookPartition = (department: string): string => `WEBHOOKS#${department}`;
export const WEBHOOK_SK_PREFIX = "OFFICE#";
export const webhookKey = (department: string, office: string): PrimaryKey => ({
  pk: webhookPartition(department),
  sk: `${WEBHOOK_SK_PREFIX}${office}`,
});

import { createHash, createHmac } from "node:crypto";
import {
  type CaseStatus,
  endOfChinaDay,
  OPEN_CASE_STATUSES,
  startOfChinaDay,
  withinScope,
} from "@onething/domain";
import { z } from "zod";
import { decodeCursorJson, encodeCursor } from "./cursor.ts";
import { InvalidCursorError, InvalidStoreRequestError } from "./errors.ts";
import {
  applicantCasesPartition,
  caseBundlePartition,
  casePlacePartition,
  caseReceivedPartition,
  caseStatusPartition,
  filedCasesPartition,
  INDEX,
  type IndexName,
  KEY_ATTRIBUTES,
  OVERDUE_CASES_PARTITION,
  openAtDepartmentPartition,
} from "./keys.ts";
import type { CaseOwner, CaseSearchQuery } from "./ports.ts";
import type { CaseSummary } from "./records.ts";

/** Shortest key the applicant index HMAC accepts (the hash output size). */
export const MIN_APPLICANT_INDEX_KEY_LENGTH = 32;

/**
 * The partition suffix of an applicant's case list: HMAC-SHA256 of the identity (ID number or USCC) under a
 * secret key, base64url. Keyed so that nobody holding the table (or a backup) can confirm an ID number by hashing
 * candidates: the ID number space is small enough to enumerate.
 */
export function applicantIndexHash(key: string, identity: string): string {
  return createHmac("sha256", key).update(identity, "utf8").digest("base64url");
}

/** One index partition a search reads, with the sort-key range the dates allow. */
export interface SearchSource {
  index: IndexName;
  partition: string;
  /** Inclusive lower / exclusive upper bound of the sort key (submission instants), when the index sorts by them. */
  from?: string;
  before?: string;
  /** The index entries are on case rows (filterable in DynamoDB); otherwise they point at cases (read them). */
  caseRows: boolean;
  /**
   * Leave out cases placed within this path: the received-in-scope partition repeats those the placed-in-scope one
   * (read first) returned.
   */
  skipPlacedWithin?: string;
}

/** What is left to check on each case after the index read. */
export interface SearchFilter {
  status?: CaseStatus;
  bundleId?: string;
  fromDay?: string;
  toDay?: string;
  overdue?: boolean;
  /** Placed or received within this path. */
  scopePath?: string;
  /** Only open cases: a scoped search without a filter, like the platform's (which reads the open statuses). */
  openOnly?: boolean;
}

export interface SearchPlan {
  sources: SearchSource[];
  filter: SearchFilter;
  /** Identifies the query; a cursor carries it, so a cursor of another query is refused. */
  fingerprint: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkedDay(day: string): string {
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
    throw new InvalidStoreRequestError(`a day must be yyyy-mm-dd, got ${day}`);
  return day;
}

/** The first instant of a Beijing day, as an ISO string (sort keys start with ISO instants). */
export const beijingDayStart = (day: string): string => startOfChinaDay(checkedDay(day)).toISOString();
const beijingDayEnd = (day: string): string => endOfChinaDay(checkedDay(day)).toISOString();

/**
 * Chooses the index for a combined case search (pure). The most selective first:
 *
 * 1. `department`: the cases open at the department (gsi4 `OPENAT#…`, sparse), dates as a key range;
 * 2. `overdue: true`: the overdue cases (gsi3 `OVERDUE`, sparse), dates as a key range;
 * 3. `status` of an open case without dates: that status's partition (gsi1; current work, small);
 * 4. `bundleId`: the bundle's partition (gsi2), dates as a key range;
 * 5. `status`: that status's partition, dates as a filter on `submittedDay`;
 * 6. dates only: every bundle's partition in turn, dates as a key range;
 * 7. nothing (or only `overdue: false`): the open statuses' partitions in turn.
 *
 * Everything the index does not answer is checked per case (a FilterExpression on case rows, or after reading
 * the cases), so a page may be short while a cursor remains.
 */
export function planCaseSearch(query: Omit<CaseSearchQuery, "limit" | "cursor">): SearchPlan {
  const { status, bundleId, department, fromDay, toDay, overdue, scope } = query;
  const from = fromDay === undefined ? undefined : beijingDayStart(fromDay);
  const before = toDay === undefined ? undefined : beijingDayEnd(toDay);
  if (from !== undefined && before !== undefined && from >= before)
    throw new InvalidStoreRequestError("toDay must not be before fromDay");
  const range = { ...(from ? { from } : {}), ...(before ? { before } : {}) };
  const dated = from !== undefined || before !== undefined;
  const filter: SearchFilter = {
    ...(status ? { status } : {}),
    ...(bundleId ? { bundleId } : {}),
    ...(overdue !== undefined ? { overdue } : {}),
  };
  const withDays: SearchFilter = {
    ...filter,
    ...(fromDay ? { fromDay } : {}),
    ...(toDay ? { toDay } : {}),
  };
  const isOpenStatus = status !== undefined && (OPEN_CASE_STATUSES as readonly string[]).includes(status);
  let sources: SearchSource[];
  let remaining: SearchFilter;
  if (scope !== undefined) {
    // A scoped search reads its jurisdiction's partitions (or the department's open cases) and checks the rest
    // per case: the place index rows point at cases.
    sources =
      department !== undefined
        ? [{ index: INDEX.gsi4, partition: openAtDepartmentPartition(department), ...range, caseRows: false }]
        : [
            {
              index: INDEX.gsi2,
              partition: casePlacePartition(scope.jurisdiction),
              ...range,
              caseRows: false,
            },
            {
              index: INDEX.gsi2,
              partition: caseReceivedPartition(scope.jurisdiction),
              ...range,
              caseRows: false,
              skipPlacedWithin: scope.path,
            },
          ];
    const unfiltered =
      department === undefined &&
      overdue === undefined &&
      status === undefined &&
      bundleId === undefined &&
      !dated;
    remaining = { ...filter, scopePath: scope.path, ...(unfiltered ? { openOnly: true } : {}) };
  } else if (department !== undefined) {
    sources = [
      { index: INDEX.gsi4, partition: openAtDepartmentPartition(department), ...range, caseRows: false },
    ];
    remaining = filter;
  } else if (overdue === true) {
    const { overdue: _o, ...rest } = filter;
    sources = [{ index: INDEX.gsi3, partition: OVERDUE_CASES_PARTITION, ...range, caseRows: true }];
    remaining = rest;
  } else if (status !== undefined && isOpenStatus && !dated) {
    const { status: _s, ...rest } = filter;
    sources = [{ index: INDEX.gsi1, partition: caseStatusPartition(status), caseRows: true }];
    remaining = rest;
  } else if (bundleId !== undefined) {
    const { bundleId: _b, ...rest } = filter;
    sources = [{ index: INDEX.gsi2, partition: caseBundlePartition(bundleId), ...range, caseRows: true }];
    remaining = rest;
  } else if (status !== undefined) {
    const { status: _s, ...rest } = withDays;
    sources = [{ index: INDEX.gsi1, partition: caseStatusPartition(status), caseRows: true }];
    remaining = rest;
  } else if (dated) {
    const bundleIds = [...new Set(query.bundleIds)].sort();
    if (bundleIds.length === 0) throw new InvalidStoreRequestError("a search by date needs the bundle ids");
    sources = bundleIds.map((b) => ({
      index: INDEX.gsi2,
      partition: caseBundlePartition(b),
      ...range,
      caseRows: true,
    }));
    remaining = filter;
  } else {
    sources = OPEN_CASE_STATUSES.map((s) => ({
      index: INDEX.gsi1,
      partition: caseStatusPartition(s),
      caseRows: true,
    }));
    remaining = filter;
  }
  const fingerprint = createHash("sha256")
    .update(JSON.stringify({ sources, remaining }))
    .digest("base64url")
    .slice(0, 16);
  return { sources, filter: remaining, fingerprint };
}

/** Whether a case summary passes what the index did not check (the in-memory twin of `filterExpression`). */
const within = (path: string | undefined, scopePath: string) =>
  path !== undefined && withinScope(path, scopePath);

export function matchesFilter(summary: CaseSummary, filter: SearchFilter, source?: SearchSource): boolean {
  if (
    filter.scopePath !== undefined &&
    !within(summary.placePath, filter.scopePath) &&
    !within(summary.receivedPath, filter.scopePath)
  )
    return false;
  if (source?.skipPlacedWithin !== undefined && within(summary.placePath, source.skipPlacedWithin))
    return false;
  if (filter.status !== undefined && summary.status !== filter.status) return false;
  if (filter.openOnly && !(OPEN_CASE_STATUSES as readonly string[]).includes(summary.status)) return false;
  if (filter.bundleId !== undefined && summary.bundleId !== filter.bundleId) return false;
  if (filter.overdue !== undefined && (summary.overdue ?? false) !== filter.overdue) return false;
  if (filter.fromDay !== undefined && summary.submittedAt < beijingDayStart(filter.fromDay)) return false;
  if (filter.toDay !== undefined && summary.submittedAt >= beijingDayEnd(filter.toDay)) return false;
  return true;
}

/** The filter as a DynamoDB FilterExpression over case rows (undefined when there is nothing to check). */
export function filterExpression(
  filter: SearchFilter,
): { expression: string; names: Record<string, string>; values: Record<string, unknown> } | undefined {
  // Only plans over index rows that point at cases carry a scope: those are checked per case, never here.
  if (filter.scopePath !== undefined)
    throw new InvalidStoreRequestError("a scope is not a filter expression");
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.status !== undefined) {
    parts.push("#fstatus = :fstatus");
    names["#fstatus"] = "status";
    values[":fstatus"] = filter.status;
  }
  if (filter.bundleId !== undefined) {
    parts.push("#fbundle = :fbundle");
    names["#fbundle"] = "bundleId";
    values[":fbundle"] = filter.bundleId;
  }
  if (filter.overdue !== undefined) {
    names["#foverdue"] = "overdue";
    values[":foverdue"] = true;
    // Rows written before the flag existed have none: not overdue.
    parts.push(
      filter.overdue
        ? "#foverdue = :foverdue"
        : "(attribute_not_exists(#foverdue) OR #foverdue <> :foverdue)",
    );
  }
  if (filter.fromDay !== undefined) {
    parts.push("#fsubmitted >= :ffrom");
    names["#fsubmitted"] = "submittedAt";
    values[":ffrom"] = beijingDayStart(filter.fromDay);
  }
  if (filter.toDay !== undefined) {
    parts.push("#fsubmitted < :fbefore");
    names["#fsubmitted"] = "submittedAt";
    values[":fbefore"] = beijingDayEnd(filter.toDay);
  }
  return parts.length === 0 ? undefined : { expression: parts.join(" AND "), names, values };
}

const SearchCursorSchema = z.object({
  v: z.literal(1),
  f: z.string(),
  p: z.number().int().min(0),
  k: z.record(z.string(), z.string()).optional(),
});
export type SearchCursor = z.infer<typeof SearchCursorSchema>;

export const encodeSearchCursor = (cursor: SearchCursor): string => encodeCursor(cursor);

/** Decodes a search cursor, checking it belongs to this plan and points into one of its partitions. */
export function decodeSearchCursor(cursor: string, plan: SearchPlan): SearchCursor {
  const parsed = SearchCursorSchema.safeParse(decodeCursorJson(cursor));
  if (!parsed.success) throw new InvalidCursorError("not a cursor issued by this store");
  const { f, p, k } = parsed.data;
  const source = plan.sources[p];
  if (f !== plan.fingerprint || !source)
    throw new InvalidCursorError("the cursor belongs to a different query");
  if (k && k[KEY_ATTRIBUTES[source.index].pk] !== source.partition)
    throw new InvalidCursorError("the cursor belongs to a different query");
  return parsed.data;
}

/** The gsi4 partitions of an owner's list (an applicant may hold two identities). */
export function ownerPartitions(
  owner: Exclude<CaseOwner, { kind: "office" }>,
  hash: (identity: string) => string,
): string[] {
  if (owner.kind === "clerk") return [filedCasesPartition(owner.clerk)];
  const identities = [...new Set(owner.identities.filter((i) => i !== ""))];
  if (identities.length === 0) throw new InvalidStoreRequestError("an applicant list needs an identity");
  return identities.map((identity) => applicantCasesPartition(hash(identity)));
}

const OwnCursorSchema = z.object({ v: z.literal(1), o: z.string(), b: z.string().min(1) });

/** Own-list cursors hold the last sort key returned (lists merge up to two partitions, newest first). */
export function encodeOwnCursor(partitions: readonly string[], lastSortKey: string): string {
  return encodeCursor({ v: 1, o: ownerFingerprint(partitions), b: lastSortKey });
}

export function decodeOwnCursor(cursor: string, partitions: readonly string[]): string {
  const parsed = OwnCursorSchema.safeParse(decodeCursorJson(cursor));
  if (!parsed.success) throw new InvalidCursorError("not a cursor issued by this store");
  if (parsed.data.o !== ownerFingerprint(partitions))
    throw new InvalidCursorError("the cursor belongs to a different list");
  return parsed.data.b;
}

const ownerFingerprint = (partitions: readonly string[]) =>
  createHash("sha256")
    .update(JSON.stringify([...partitions].sort()))
    .digest("base64url")
    .slice(0, 16);

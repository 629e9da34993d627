/**
 * The store's operations as plain function types. Handlers depend on the ones they use (e.g. the sweeper on
 * `ListOverdueItems` and `ListPendingOutbox`); tests inject fakes or the real store over DynamoDB Local. The
 * use cases' ports (`CaseRepository`, `CalendarRepository`, the idempotency and timeline ones) are
 * `@onething/cases`' types; `CaseStore` implements them (`idempotencyOn`, `fullTimeline` adapt the last two).
 */

import type {
  CalendarRepository,
  CaseRepository,
  CaseTimelineEntry,
  CommitInput,
  StoredCase,
  SubjectRegistry,
} from "@onething/cases";
import type { CaseStatus, OperatorTimelineEntry } from "@onething/domain";
import type { NoticeStore } from "./families/notices.ts";
import type { OfferStore } from "./families/offers.ts";
import type { GetPlaceCounters } from "./place-counters.ts";
import type {
  CaseCount,
  CaseSummary,
  DailyCount,
  IdempotencyRecord,
  ItemSummary,
  MinuteCount,
  PendingOutboxEntry,
  SubjectCase,
} from "./records.ts";

/** Whose case list: the applicant's identities (ID number, and USCC of the organisation represented) or a clerk. */
export type CaseOwner =
  | { kind: "applicant"; identities: readonly string[] }
  | { kind: "clerk"; clerk: string }
  /** The cases received at a counter office or an office below it (clerks of one office share their list). */
  | { kind: "office"; jurisdiction: string };

/** One page of a list, and the opaque cursor of the next page (absent on the last one). */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface PageRequest {
  /** 1 to 100. */
  limit: number;
  cursor?: string;
}

/** Exactly one filter: the type forbids combining them (the store would need a Scan or a filter). */
export type CaseListFilter =
  | { status: CaseStatus; bundleId?: never; department?: never }
  | { bundleId: string; status?: never; department?: never }
  | { department: string; status?: never; bundleId?: never };
export type ListCasesQuery = CaseListFilter & PageRequest;

/**
 * Any combination of filters (see `planCaseSearch` for the index each combination reads). Days are Beijing days,
 * inclusive, of the submission. `bundleIds` lists every bundle, for a search by date alone.
 */
export interface CaseSearchQuery extends PageRequest {
  status?: CaseStatus;
  bundleId?: string;
  /** Cases with an item the department holds now. */
  department?: string;
  fromDay?: string;
  toDay?: string;
  /** Cases with (true) or without (false) an item flagged overdue. */
  overdue?: boolean;
  bundleIds: readonly string[];
  /**
   * Only cases placed or received within this jurisdiction (a scoped operator's list, or a `place` filter); absent,
   * the whole platform. `path` is the jurisdiction's path in the tree.
   */
  scope?: { jurisdiction: string; path: string };
}

/** A citizen's cases (every identity they hold) or a clerk's filed cases, newest submission first. */
export interface ListOwnCasesQuery extends PageRequest {
  owner: CaseOwner;
}

export interface ListOpenItemsQuery extends PageRequest {
  department: string;
  /** Only items due strictly before this instant (pass `now` for the department's overdue items). */
  dueBefore?: Date;
  /**
   * Only items due at or after this instant, and items held without a deadline (they sort last): what a
   * calendar change from that date on may move.
   */
  dueFrom?: Date;
  /** Only items sent to this office or one below it (its path in the tree), in office-path order. */
  officePath?: string;
}

/** Cases in one status whose last change is older than a cutoff, least recently changed first. */
export interface ListStaleCasesQuery extends PageRequest {
  status: CaseStatus;
  /** Only cases whose `updatedAt` is strictly before this instant. */
  updatedBefore: Date;
}

export interface DepartmentCount {
  department: string;
  /** Items the department holds now. */
  open: number;
  /** Of those, items flagged overdue by the engine. */
  overdue: number;
  /** Of those, items dispatched without a deadline (no calendar covered their time limit). */
  noDeadline: number;
}

export interface DepartmentActivity {
  department: string;
  /** Answers to attempts (completed, rejected, supplement requested), of those on time, total handling time. */
  answered: number;
  onTime: number;
  handlingMs: number;
}

export interface BundleCompliance {
  bundleId: string;
  answered: number;
  onTime: number;
}

export interface Counters {
  cases: CaseCount[];
  departments: DepartmentCount[];
  activity: DepartmentActivity[];
  compliance: BundleCompliance[];
}

export interface IdempotencyClaim {
  /** Who the key belongs to (e.g. the principal); keys of different scopes never collide. No `#`. */
  scope: string;
  key: string;
  /** A hash of the request body: the same key with another body is a misuse, not a replay. */
  requestHash: string;
  caseId: string;
  /** What to answer a replay with. */
  response: unknown;
  now: Date;
  /** How long the claim stands; default `IDEMPOTENCY_TTL_SECONDS` (a day). */
  retainSeconds?: number;
}

export type GetCase = (caseId: string) => Promise<StoredCase | undefined>;
export type CommitDecision = (input: CommitInput) => Promise<{ version: number }>;
export type HasProcessed = (caseId: string, eventId: string) => Promise<boolean>;
export type MarkOutboxSent = (caseId: string, eventId: string, at: Date) => Promise<void>;
export type ListPendingOutbox = (query: { olderThan: Date; limit: number }) => Promise<PendingOutboxEntry[]>;
export type GetTimeline = (caseId: string, page: PageRequest) => Promise<Page<CaseTimelineEntry>>;
/**
 * Adds an operator's entry to a case's timeline as a row of its own (not a commit: the case, its version and its
 * counters do not change). `already_recorded` when a row with the entry's `at` and `eventId` exists;
 * `CaseNotFoundError` when there is no such case.
 */
export type AppendOperatorTimeline = (
  caseId: string,
  entry: OperatorTimelineEntry,
) => Promise<"appended" | "already_recorded">;
export type ListCases = (query: ListCasesQuery) => Promise<Page<CaseSummary>>;
export type ListOpenItems = (query: ListOpenItemsQuery) => Promise<Page<ItemSummary>>;
export type ListStaleCases = (query: ListStaleCasesQuery) => Promise<Page<CaseSummary>>;
export type ListOverdueItems = (
  now: Date,
  departments: readonly string[],
  limitPerDepartment: number,
) => Promise<ItemSummary[]>;
export type GetCounters = (scope: {
  bundleIds: readonly string[];
  departments: readonly string[];
}) => Promise<Counters>;
export type SearchCases = (query: CaseSearchQuery) => Promise<Page<CaseSummary>>;
export type ListOwnCases = (query: ListOwnCasesQuery) => Promise<Page<CaseSummary>>;
/** The case's list entry (its row without the state), or undefined. */
export type GetCaseSummary = (caseId: string) => Promise<CaseSummary | undefined>;
/** Throughput counters of the minutes from `from` (inclusive) to `to` (exclusive); at most a day. */
export type GetThroughput = (from: Date, to: Date) => Promise<MinuteCount[]>;
export type GetDailyCounters = (fromDay: string, toDay: string) => Promise<DailyCount[]>;
export type ClaimIdempotencyKey = (claim: IdempotencyClaim) => Promise<IdempotencyRecord>;
export type GetIdempotencyKey = (
  scope: string,
  key: string,
  now: Date,
) => Promise<IdempotencyRecord | undefined>;

/** The cases a person or organisation is the applicant or subject of, oldest first (the subject registry). */
export type ListSubjectCases = (identity: string) => Promise<SubjectCase[]>;
/** The open case of the bundle that holds the subject's claim (bundles with one open case per subject), if any. */
export type GetSubjectOpenCase = (identity: string, bundleId: string) => Promise<string | undefined>;

export interface CaseStore
  extends CalendarRepository,
    CaseRepository,
    SubjectRegistry,
    OfferStore,
    NoticeStore {
  getCase: GetCase;
  commitDecision: CommitDecision;
  hasProcessed: HasProcessed;
  markOutboxSent: MarkOutboxSent;
  listPendingOutbox: ListPendingOutbox;
  getTimeline: GetTimeline;
  appendOperatorTimeline: AppendOperatorTimeline;
  listCases: ListCases;
  listOpenItems: ListOpenItems;
  listStaleCases: ListStaleCases;
  listOverdueItems: ListOverdueItems;
  /** Items waiting for a life event past their timeout (gsi3 `WAITING`), soonest first. */
  listExpiredWaits(now: Date, limit: number): Promise<ItemSummary[]>;
  getCounters: GetCounters;
  getDailyCounters: GetDailyCounters;
  /** A bundle's time-to-close histogram (`durationBucket`): the buckets with their counts. */
  getDurationHistogram(bundleId: string): Promise<{ bucket: number; count: number }[]>;
  /** Items of a bundle's cases held past their deadline, by department. */
  getOverdueByDepartment(bundleId: string): Promise<Record<string, number>>;
  /** Per-place counter rows of one city partition, or of a district or town in it (one Query). */
  getPlaceCounters: GetPlaceCounters;
  searchCases: SearchCases;
  listOwnCases: ListOwnCases;
  getCaseSummary: GetCaseSummary;
  getThroughput: GetThroughput;
  claimIdempotencyKey: ClaimIdempotencyKey;
  getIdempotencyKey: GetIdempotencyKey;
  listSubjectCases: ListSubjectCases;
  getSubjectOpenCase: GetSubjectOpenCase;
}

/**
 * The ports of the use cases: what they need from storage and queues, as plain types. `@onething/store`
 * implements the repositories over DynamoDB, `@onething/messaging` the sender over SQS, and `./in-memory` all of
 * them in memory for the use cases' own tests. The errors a port may throw are in `./repository-errors.ts`.
 */
import type { CaseState, OperatorTimelineEntry, TimelineEntry } from "@onething/domain";
import type { NewNotice } from "./notice-ports.ts";
import type { NewOffer } from "./offer-ports.ts";

export type { OperatorTimelineEntry };

/** One message the outbox holds until it is sent. `queue` is logical: "orchestrator" or "department:<id>". */
export interface OutboxMessage {
  queue: string;
  body: unknown;
  groupId?: string;
  dedupId?: string;
}

/** A case and the version to name when committing the next change to it. */
export interface StoredCase {
  state: CaseState;
  version: number;
}

/** A person (resident ID number) or organisation (USCC) a case is about, and in which role. */
export interface SubjectLink {
  identity: string;
  kind: "person" | "organisation";
  role: "applicant" | "subject";
}

/**
 * Whom a case is about, for the subject registry (`caseSubjectsOf`): the links are written with the case's first
 * commit; `exclusive` (the bundle's `caseSubject` with `oneOpenCase`) is held from that commit until the one that
 * closes the case, and a second open case of the bundle for it is refused (`SubjectCaseOpenError`).
 */
export interface CaseSubjects {
  links: SubjectLink[];
  exclusive?: string;
}

/** Everything one applied event changes, written together or not at all. */
export interface CommitInput {
  /** The case as read (state and version); absent for the event that creates the case. */
  previous?: StoredCase;
  next: CaseState;
  eventId: string;
  timeline: TimelineEntry[];
  outbox: OutboxMessage[];
  now: Date;
  /** Whom the case is about (absent: no registry rows, e.g. unit tests of other parts of a commit). */
  subjects?: CaseSubjects;
  /** Offers the event's `MakeOffer` commands make: their rows are part of this commit. */
  offers?: NewOffer[];
  /** Notices to the applicant the event's `NotifyApplicant` commands make (`noticesOfCommands`). */
  notices?: NewNotice[];
}

/** What a case's timeline holds, in time order: the engine's entries and operators' entries. */
export type CaseTimelineEntry = TimelineEntry | OperatorTimelineEntry;

/** The cases: read one, commit a decision on it, mark what it caused as sent. */
export interface CaseRepository {
  getCase(caseId: string): Promise<StoredCase | undefined>;
  /**
   * One atomic write of the next state, its timeline, its outbox and the event's processed marker. Throws
   * `EventAlreadyProcessedError` when the event's marker exists (checked first: a replay also fails the version
   * check), `VersionConflictError` when the case is no longer at `previous.version` (or exists, for a new case),
   * and `SubjectCaseOpenError` when a new case's exclusive subject already has an open case of the bundle.
   */
  commitDecision(input: CommitInput): Promise<{ version: number }>;
  markOutboxSent(caseId: string, eventId: string, at: Date): Promise<void>;
}

/** Every entry of a case's timeline, in time order. */
export type ReadTimeline = (caseId: string) => Promise<CaseTimelineEntry[]>;

/** What an idempotency key holds: the request it was first used with, and the case that request reserved. */
export interface IdempotencyRecord {
  requestHash: string;
  caseId: string;
}

/** Idempotency keys: the first claim of a key stands until it expires. Scopes never collide; no `#` in them. */
export interface IdempotencyRepository {
  /** The record under the key, unless there is none or it expired. */
  find(scope: string, key: string, now: Date): Promise<IdempotencyRecord | undefined>;
  /**
   * Stores the record unless the key is held; throws `IdempotencyKeyConflictError` carrying the first record
   * when it is. `retainSeconds` is how long the record stands (the adapter's default when absent).
   */
  claim(
    scope: string,
    key: string,
    record: IdempotencyRecord,
    now: Date,
    options?: { retainSeconds?: number },
  ): Promise<void>;
}

/** Sends outbox messages to their queues (batched, FIFO ids kept); throws if any could not be sent. */
export type SendOutbox = (messages: readonly OutboxMessage[]) => Promise<void>;

/** Structured logger; callers never pass application data, only ids and reasons. */
export interface CaseLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const ORCHESTRATOR_QUEUE = "orchestrator";
/** The events queue: data events from source systems, and those the platform derives from completed items. */
export const EVENTS_QUEUE = "events";
/**
 * Not a queue: the outbox's entitlement changes, which the sender applies to the registry itself (guarded writes)
 * before it sends the rest; the sweeper, which holds no key, forwards them to the events queue's function.
 */
export const REGISTRY_QUEUE = "registry";
const DEPARTMENT_QUEUE_PREFIX = "department:";
export const departmentQueue = (department: string) => `${DEPARTMENT_QUEUE_PREFIX}${department}`;
/** The department a logical queue name is for ("department:<id>"), or undefined for another queue. */
export const departmentOfQueue = (logical: string): string | undefined =>
  logical.startsWith(DEPARTMENT_QUEUE_PREFIX) ? logical.slice(DEPARTMENT_QUEUE_PREFIX.length) : undefined;

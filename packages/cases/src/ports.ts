import type { CaseState, TimelineEntry } from "@onething/domain";

/** One message the outbox holds until it is sent. `queue` is logical: "orchestrator" or "department:<id>". */
export interface OutboxMessage {
  queue: string;
  body: unknown;
  groupId?: string;
  dedupId?: string;
}

export interface StoredCase {
  state: CaseState;
  version: number;
}

export interface CommitInput {
  previous?: StoredCase;
  next: CaseState;
  eventId: string;
  timeline: TimelineEntry[];
  outbox: OutboxMessage[];
  now: Date;
}

/**
 * An operator's action recorded in a case's timeline beside the engine's entries (a redriven dead letter): ids
 * only, never a message body. Written by the store's `appendOperatorTimeline`, not by the engine.
 */
interface OperatorEntryBase {
  entryId: string;
  at: string;
  eventId: string;
  detail?: string;
  /** About the case, not one item: readers of the union may still ask. */
  itemId?: never;
  department?: never;
  attempt?: never;
}
/** A redriven dead letter (ids only), or an operator's reveal of the application (subject and reason only). */
export type OperatorTimelineEntry =
  | (OperatorEntryBase & { kind: "dead_letter_redriven"; queue: string; messageId: string })
  | (OperatorEntryBase & { kind: "application_revealed"; operator: string; reason: string });

/** What a case's timeline holds, in time order. */
export type CaseTimelineEntry = TimelineEntry | OperatorTimelineEntry;

/** What the use cases need from storage; `@onething/store` implements it over DynamoDB. */
export interface CaseRepository {
  getCase(caseId: string): Promise<StoredCase | undefined>;
  /** One transaction; throws VersionConflictError / EventAlreadyProcessedError (matched by `name`). */
  commitDecision(input: CommitInput): Promise<{ version: number }>;
  markOutboxSent(caseId: string, eventId: string, at: Date): Promise<void>;
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
export const departmentQueue = (department: string) => `department:${department}`;

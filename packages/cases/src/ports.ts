import type { CaseState, OperatorTimelineEntry, TimelineEntry } from "@onething/domain";

export type { OperatorTimelineEntry };

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

import type { IdempotencyRecord } from "./records.ts";

/**
 * Base of every error the store throws on purpose. `retryable` tells a consumer whether running the same
 * work again (reload, re-decide, re-commit — or let the queue redeliver) can succeed.
 */
export abstract class StoreError extends Error {
  abstract readonly retryable: boolean;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The case changed (or was created) since it was read. Reload, decide again and commit again; nothing of the
 * failed commit was written.
 */
export class VersionConflictError extends StoreError {
  readonly retryable = true;
  readonly caseId: string;
  /** The version the commit expected; `undefined` when it expected no case at all. */
  readonly expectedVersion: number | undefined;
  constructor(caseId: string, expectedVersion: number | undefined) {
    super(
      expectedVersion === undefined
        ? `case ${caseId} already exists`
        : `case ${caseId} is no longer at version ${expectedVersion}`,
    );
    this.caseId = caseId;
    this.expectedVersion = expectedVersion;
  }
}

/** The event was applied before (its marker exists); nothing was written. Acknowledge it and move on. */
export class EventAlreadyProcessedError extends StoreError {
  readonly retryable = false;
  readonly caseId: string;
  readonly eventId: string;
  constructor(caseId: string, eventId: string) {
    super(`event ${eventId} of case ${caseId} was already processed`);
    this.caseId = caseId;
    this.eventId = eventId;
  }
}

/**
 * The key was claimed before. `record` is what the first claim stored: the caller compares `requestHash`
 * to tell a replay (answer with `record.response`) from a different request reusing the key.
 */
export class IdempotencyKeyConflictError extends StoreError {
  readonly retryable = false;
  readonly record: IdempotencyRecord;
  constructor(record: IdempotencyRecord) {
    super(`idempotency key ${record.scope}/${record.key} was already claimed`);
    this.record = record;
  }
}

/** A commit would need more actions than one DynamoDB transaction allows; nothing was sent. */
export class TransactionTooLargeError extends StoreError {
  readonly retryable = false;
  readonly caseId: string;
  readonly actions: number;
  readonly limit: number;
  constructor(caseId: string, actions: number, limit: number) {
    super(`commit of case ${caseId} needs ${actions} write actions; a transaction allows ${limit}`);
    this.caseId = caseId;
    this.actions = actions;
    this.limit = limit;
  }
}

/**
 * DynamoDB throttled the request after the SDK's own retries (`throttled`), or another transaction held one
 * of the rows — typically a dashboard counter many cases share (`contention`). Nothing was written; try again
 * later.
 */
export class StoreBusyError extends StoreError {
  readonly retryable = true;
  readonly reason: "throttled" | "contention";
  constructor(reason: "throttled" | "contention", operation: string, cause: unknown) {
    super(
      `${operation}: ${reason === "throttled" ? "DynamoDB throttled the request" : "contention on a shared row"}`,
      { cause },
    );
    this.reason = reason;
  }
}

/** A pagination cursor that this store did not issue for this query. */
export class InvalidCursorError extends StoreError {
  readonly retryable = false;
  constructor(detail: string) {
    super(`invalid cursor: ${detail}`);
  }
}

/** A stored row does not have the shape the store writes: a bug or a hand edit, never retried. */
export class CorruptRecordError extends StoreError {
  readonly retryable = false;
  readonly key: { pk: unknown; sk: unknown };
  constructor(key: { pk: unknown; sk: unknown }, detail: string) {
    super(`stored row ${String(key.pk)}/${String(key.sk)} is malformed: ${detail}`);
    this.key = key;
  }
}

/** A call the store cannot serve as asked (bad arguments); a programming error at the caller. */
export class InvalidStoreRequestError extends StoreError {
  readonly retryable = false;
}

/**
 * A commit or a citizen's case list on a store created without `applicantIndexKey`: a wiring error (only functions
 * that hold the task-token key may write cases), never the caller's fault.
 */
export class MissingApplicantIndexKeyError extends StoreError {
  readonly retryable = false;
  constructor() {
    super("this store has no applicantIndexKey: it cannot commit cases or list a citizen's cases");
  }
}

/** `markOutboxSent` for an outbox row that does not exist. */
export class OutboxEntryNotFoundError extends StoreError {
  readonly retryable = false;
  constructor(caseId: string, eventId: string) {
    super(`no outbox row for event ${eventId} of case ${caseId}`);
  }
}

/** An operation that needs the case (e.g. `appendOperatorTimeline`) named a case that does not exist. */
export class CaseNotFoundError extends StoreError {
  readonly retryable = false;
  readonly caseId: string;
  constructor(caseId: string) {
    super(`no case ${caseId}`);
    this.caseId = caseId;
  }
}

/**
 * The store's own errors. The ones the use cases' ports define — `VersionConflictError`,
 * `EventAlreadyProcessedError`, `IdempotencyKeyConflictError` — are `@onething/cases`' classes, thrown from here.
 */
import { RepositoryError } from "@onething/cases";

/** Base of every error only the store throws; a `RepositoryError`, so it carries `retryable` like the ports' ones. */
export abstract class StoreError extends RepositoryError {}

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

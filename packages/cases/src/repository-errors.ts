/**
 * The errors the repository ports may throw, owned here so that the use cases recognise them by class (never
 * by `name`) whichever adapter threw them: the DynamoDB store or the in-memory one.
 */
import { RefusalError } from "@onething/domain";
import type { IdempotencyRecord } from "./ports.ts";

/**
 * Base of the errors a repository throws on purpose. `retryable` tells a consumer whether running the same work
 * again (reload, re-decide, re-commit — or let the queue redeliver) can succeed.
 */
export abstract class RepositoryError extends Error {
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
export class VersionConflictError extends RepositoryError {
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
export class EventAlreadyProcessedError extends RepositoryError {
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
 * The key was claimed before. `record` is what the first claim stored (an adapter may store more than the port's
 * fields): compare `requestHash` to tell a replay from a different request reusing the key.
 */
export class IdempotencyKeyConflictError<
  R extends IdempotencyRecord = IdempotencyRecord,
> extends RepositoryError {
  readonly retryable = false;
  readonly scope: string;
  readonly key: string;
  readonly record: R;
  constructor(scope: string, key: string, record: R) {
    super(`idempotency key ${scope}/${key} was already claimed`);
    this.scope = scope;
    this.key = key;
    this.record = record;
  }
}

/**
 * A new case's subject already has an open case of the bundle (the bundle's `caseSubject.oneOpenCase`): nothing
 * was written. A refusal (409 `open_case_exists`) that names the open case, not a fault.
 */
export class SubjectCaseOpenError extends RefusalError {
  readonly bundleId: string;
  readonly openCaseId: string;
  constructor(bundleId: string, openCaseId: string) {
    super(
      "conflict",
      "open_case_exists",
      `case ${openCaseId} of ${bundleId} is open for this subject; follow it instead of applying again`,
      undefined,
      { otherCaseId: openCaseId },
    );
    this.bundleId = bundleId;
    this.openCaseId = openCaseId;
  }
}

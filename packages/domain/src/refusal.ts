import type { FieldIssue } from "./bundle/application.ts";

/**
 * Why a request or a message is refused, in terms a transport can act on: the API maps each kind to an HTTP
 * status, a queue consumer to acknowledge, dead-letter or retry (one table each, in the handlers).
 * - `invalid`: the input is wrong (400); `too_large`: too much of it (413).
 * - `unauthenticated` (401) / `forbidden` (403): who is asking, and whether they may.
 * - `not_found` (404): what it names does not exist.
 * - `conflict` (409): it contradicts what stands (a different second answer, a reused idempotency key).
 * - `superseded` (409): the world moved on (a stale attempt, a finished item, a closed case); nothing to retry.
 * - `retry_later` (503): a retry will do (the table throttled, a case kept changing).
 */
export const REFUSAL_KINDS = [
  "invalid",
  "too_large",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "superseded",
  "retry_later",
] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

/**
 * Base of every error that refuses a caller for a reason they can be told: a kind (what a transport does with it),
 * a stable machine-readable `code` (what the pages translate) and, where the input is at fault, the fields.
 * @example throw new RefusalError("not_found", "unknown_case", `no case ${caseId}`)
 */
export class RefusalError extends Error {
  readonly kind: RefusalKind;
  readonly code: string;
  readonly issues: readonly FieldIssue[] | undefined;
  /** Another case the refusal points the caller to (the open case a second application collides with). */
  readonly otherCaseId: string | undefined;
  constructor(
    kind: RefusalKind,
    code: string,
    message: string,
    issues?: readonly FieldIssue[],
    options: { otherCaseId?: string } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.code = code;
    this.issues = issues;
    this.otherCaseId = options.otherCaseId;
  }
}

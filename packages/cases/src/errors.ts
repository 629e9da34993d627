import { type FieldIssue, RefusalError, type RefusalKind } from "@onething/domain";

/** The kinds a use case refuses with, and the HTTP status each had before the kinds existed. */
const STATUS_OF = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  superseded: 409,
  too_large: 413,
} as const satisfies Partial<Record<RefusalKind, number>>;
export type RequestRefusalKind = keyof typeof STATUS_OF;
type RefusalStatus = (typeof STATUS_OF)[RequestRefusalKind];

/** A status alone (callers written before the kinds) means its usual kind; a 409 is then a conflict. */
const KIND_OF: Record<RefusalStatus, RequestRefusalKind> = {
  400: "invalid",
  404: "not_found",
  409: "conflict",
  413: "too_large",
};

/**
 * A request (or a queued answer) the platform refuses. `kind` says what a transport does with it (see
 * `RefusalError`); `status` is the HTTP status of that kind, kept for the callers that still read it.
 * @example throw new RequestRefusedError("superseded", "case_closed", "the case is withdrawn")
 */
export class RequestRefusedError extends RefusalError {
  override readonly kind: RequestRefusalKind;
  readonly status: RefusalStatus;
  constructor(
    kind: RequestRefusalKind | RefusalStatus,
    code: string,
    message: string,
    issues?: readonly FieldIssue[],
  ) {
    const refusal = typeof kind === "number" ? KIND_OF[kind] : kind;
    super(refusal, code, message, issues);
    this.kind = refusal;
    this.status = STATUS_OF[refusal];
  }
}

export const validationFailed = (issues: readonly FieldIssue[]) =>
  new RequestRefusedError("invalid", "validation_failed", `${issues.length} field(s) are invalid`, issues);

/**
 * A department answered this task's attempt before, with a different answer: the first answer stands (it is the
 * one queued for the orchestrator). The same answer again is not refused — it is a resend.
 */
export class AlreadyAnsweredError extends RequestRefusedError {
  constructor(caseId: string, itemId: string, attempt: number) {
    super(
      "conflict",
      "already_answered",
      `item ${itemId} of case ${caseId} was answered differently for attempt ${attempt}; the first answer stands`,
    );
  }
}

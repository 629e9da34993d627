import type { FieldIssue } from "@onething/domain";

/** A request the platform refuses; `status` and `code` become the HTTP answer. */
export class RequestRefusedError extends Error {
  readonly status: 400 | 404 | 409 | 413;
  readonly code: string;
  readonly issues: readonly FieldIssue[] | undefined;
  constructor(status: 400 | 404 | 409 | 413, code: string, message: string, issues?: readonly FieldIssue[]) {
    super(message);
    this.name = "RequestRefusedError";
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

export const validationFailed = (issues: readonly FieldIssue[]) =>
  new RequestRefusedError(400, "validation_failed", `${issues.length} field(s) are invalid`, issues);

/**
 * A department answered this task's attempt before, with a different answer: the first answer stands (it is the
 * one queued for the orchestrator). The same answer again is not refused — it is a resend.
 */
export class AlreadyAnsweredError extends RequestRefusedError {
  constructor(caseId: string, itemId: string, attempt: number) {
    super(
      409,
      "already_answered",
      `item ${itemId} of case ${caseId} was answered differently for attempt ${attempt}; the first answer stands`,
    );
    this.name = "AlreadyAnsweredError";
  }
}

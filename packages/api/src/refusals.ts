import { RepositoryError } from "@onething/cases";
import { type FieldIssue, RefusalError, type RefusalKind } from "@onething/domain";
import { type HttpResult, json } from "./http.ts";

/** The one table from a refusal's kind to its HTTP status. */
export const HTTP_STATUS: Readonly<Record<RefusalKind, number>> = {
  invalid: 400,
  too_large: 413,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  superseded: 409,
  retry_later: 503,
};

/**
 * How long a client should wait before retrying a request that met a busy table or a contended case: both clear
 * within a second or two.
 */
export const RETRY_AFTER_SECONDS = 2;

interface Answer {
  status: number;
  code: string;
  message: string;
  issues?: readonly FieldIssue[] | undefined;
  caseId?: string | undefined;
}

/**
 * A refusal as the caller is told it: every refusal is a `RefusalError` (its kind gives the status); a repository
 * fault that a retry cures (the table throttled or contended) is a 503 `busy`; anything else is a bug (undefined).
 */
function answerOf(error: unknown): Answer | undefined {
  if (error instanceof RefusalError)
    return {
      status: HTTP_STATUS[error.kind],
      code: error.code,
      message: error.message,
      issues: error.issues,
      caseId: error.otherCaseId,
    };
  if (error instanceof RepositoryError && error.retryable)
    return { status: 503, code: "busy", message: "the service is busy; retry the request shortly" };
  return undefined;
}

/** The body every refusal has: `{ error: <code>, message, issues?, caseId? }`. */
export function errorResult(
  status: number,
  code: string,
  message: string,
  issues?: readonly FieldIssue[],
  headers: Record<string, string> = {},
): HttpResult {
  return json(status, { error: code, message, ...(issues ? { issues } : {}) }, headers);
}

/** A refusal as an HTTP answer (with `Retry-After` on a 503, `WWW-Authenticate` on a 401); undefined for a bug. */
export function refusalResult(error: unknown): HttpResult | undefined {
  const answer = answerOf(error);
  if (!answer) return undefined;
  const headers: Record<string, string> =
    answer.status === 503
      ? { "retry-after": String(RETRY_AFTER_SECONDS) }
      : answer.status === 401
        ? { "www-authenticate": "Bearer" }
        : {};
  const body = {
    error: answer.code,
    message: answer.message,
    ...(answer.issues ? { issues: answer.issues } : {}),
    ...(answer.caseId ? { caseId: answer.caseId } : {}),
  };
  return json(answer.status, body, headers);
}

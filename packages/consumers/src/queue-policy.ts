import type { CaseLogger } from "@onething/cases";
import { RefusalError, type RefusalKind } from "@onething/domain";
import { type PoisonHandler, PoisonMessageError } from "@onething/messaging";
import type { SQSRecord } from "aws-lambda";

/**
 * What a queue consumer does with a message whose processing was refused: `ack` (the world moved on — nothing to
 * do, nothing to retry), `dead_letter` (retrying can never make it valid: to the DLQ with the reason) or `retry`
 * (fail the record: the queue redelivers it later).
 */
export type QueuePolicy = "ack" | "dead_letter" | "retry";

/** The one table from a refusal's kind to what the queue does with the message (the API's is `HTTP_STATUS`). */
export const QUEUE_POLICY: Readonly<Record<RefusalKind, QueuePolicy>> = {
  invalid: "dead_letter",
  too_large: "dead_letter",
  unauthenticated: "dead_letter",
  forbidden: "dead_letter",
  not_found: "dead_letter",
  conflict: "dead_letter",
  superseded: "ack",
  retry_later: "retry",
};

/** The policy for whatever a handler threw: a refusal by its kind; anything else (a fault) is retried. */
export function queuePolicyOf(error: unknown): QueuePolicy {
  return error instanceof RefusalError ? QUEUE_POLICY[error.kind] : "retry";
}

/**
 * Settles a record whose processing threw, by `QUEUE_POLICY`: an `ack` refusal is logged and dropped, a
 * `dead_letter` one goes to the DLQ with the reason `refused` (code and message); anything else is thrown again, so
 * the record fails and the queue redelivers it.
 */
export async function settleRefusal(
  error: unknown,
  record: SQSRecord,
  deps: { log: CaseLogger; onPoison?: PoisonHandler | undefined },
  dropped: { message: string; fields?: Record<string, unknown> },
): Promise<void> {
  const policy = queuePolicyOf(error);
  if (policy === "ack" && error instanceof RefusalError) {
    deps.log.info(dropped.message, { ...dropped.fields, code: error.code, detail: error.message });
    return;
  }
  if (policy === "dead_letter" && error instanceof RefusalError && deps.onPoison) {
    await deps.onPoison(record, new PoisonMessageError("refused", `${error.code}: ${error.message}`));
    return;
  }
  throw error;
}

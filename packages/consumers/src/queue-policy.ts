import { RefusalError, type RefusalKind } from "@onething/domain";

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

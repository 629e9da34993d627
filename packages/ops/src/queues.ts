import { departmentQueueKey } from "@onething/topology";

/** A source queue and its dead-letter queue, as operators name them. */
export interface OpsQueue {
  /**
   * The topology's queue key: `orchestrator`, `results`, `events` or `dept-<departmentId>`; the redrive route's
   * `{queue}`.
   */
  readonly key: string;
  readonly url: string;
  readonly deadLetterUrl: string;
}

interface QueueRef {
  readonly url: string;
  readonly deadLetterQueue: { readonly url: string };
}

/**
 * The operator's queue list from a provisioned queue map (the shape `provision` returns locally; on AWS,
 * built from the stack's outputs the same way).
 *
 * @example
 * const queues = opsQueuesFrom(local.queues); // [{ key: "orchestrator", url, deadLetterUrl }, …]
 */
export function opsQueuesFrom(queues: {
  readonly orchestrator: QueueRef;
  readonly results: QueueRef;
  readonly events: QueueRef;
  readonly webhooks?: QueueRef;
  readonly departments: Readonly<Record<string, QueueRef>>;
}): OpsQueue[] {
  const entry = (key: string, q: QueueRef): OpsQueue => ({
    key,
    url: q.url,
    deadLetterUrl: q.deadLetterQueue.url,
  });
  return [
    entry("orchestrator", queues.orchestrator),
    entry("results", queues.results),
    entry("events", queues.events),
    ...(queues.webhooks ? [entry("webhooks", queues.webhooks)] : []),
    ...Object.entries(queues.departments)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, q]) => entry(departmentQueueKey(id), q)),
  ];
}

/** SQS FIFO queue URLs end in the queue name, and FIFO names end in `.fifo`. */
export const isFifoUrl = (url: string): boolean => url.endsWith(".fifo");

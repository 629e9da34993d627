import { departmentOfQueue, EVENTS_QUEUE, ORCHESTRATOR_QUEUE } from "@onething/cases";
import { departmentQueueUrls } from "@onething/topology";

/** Where the outbox sends: the orchestrator queue, the events queue and every department's queue, by URL. */
export interface QueueUrls {
  orchestrator: string;
  /** Data events the platform emits itself (`EmitDataEvent`), and the bodies of `POST /v1/events`. */
  events?: string;
  /** Not sent to by the platform (departments answer on it); kept for the callers that report on it. */
  results?: string;
  departments: Readonly<Record<string, string>>;
  /** Tasks of offices with a registered webhook (issue 17); the logical queue `webhooks`. */
  webhooks?: string;
}

/**
 * Resolves a logical outbox queue ("orchestrator", "events", "department:<id>") to its URL. Unknown queues, and the
 * events queue when no URL was given for it, fail loudly.
 */
export function queueUrlFor(queues: QueueUrls, logical: string): string {
  if (logical === ORCHESTRATOR_QUEUE) return queues.orchestrator;
  if (logical === EVENTS_QUEUE) {
    if (!queues.events) throw new Error(`no queue for ${logical}`);
    return queues.events;
  }
  if (logical === "webhooks" && queues.webhooks) return queues.webhooks;
  const department = departmentOfQueue(logical);
  const url = department ? queues.departments[department] : undefined;
  if (!url) throw new Error(`no queue for ${logical}`);
  return url;
}

/**
 * Every department's queue and dead-letter queue URL, derived from `QUEUE_URL_PREFIX`'s value with the topology's
 * queue names (`departmentQueueUrls`), so a function needs one variable however many departments there are.
 * @example
 * departmentQueueUrlsFrom("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/onething-prod", ["health"]);
 * // { queues: { health: ".../onething-prod-dept-health" }, deadLetters: { health: ".../onething-prod-dept-health-dlq" } }
 */
export function departmentQueueUrlsFrom(
  urlPrefix: string,
  departmentIds: Iterable<string>,
): { queues: Record<string, string>; deadLetters: Record<string, string> } {
  const derived = [...departmentIds].map((id) => [id, departmentQueueUrls(urlPrefix, id)] as const);
  return {
    queues: Object.fromEntries(derived.map(([id, urls]) => [id, urls.url])),
    deadLetters: Object.fromEntries(derived.map(([id, urls]) => [id, urls.deadLetterUrl])),
  };
}

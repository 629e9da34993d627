/**
 * Physical and logical names: how queue, DLQ and table names and queue URLs are formed from the prefix, and what
 * AWS accepts. Local runtime, CDK app and adapters derive every name through these functions.
 */
/** The declaration is inconsistent or would produce names AWS refuses. */
export class InvalidTopologyError extends Error {
  override name = "InvalidTopologyError";
}

export type QueueKey = "orchestrator" | "results" | "events" | "webhooks" | `dept-${string}`;

/** The webhooks queue's base name (issue 17): tasks of offices with a registered endpoint, pushed by `webhooks`. */
export const WEBHOOKS_QUEUE_KEY = "webhooks";

const SQS_QUEUE_NAME_MAX_LENGTH = 80;
export const DYNAMODB_TABLE_NAME_MAX_LENGTH = 255;
export const PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const DEPARTMENT_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const QUEUE_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const FIFO_SUFFIX = ".fifo";

/** SQS accepts 1..80 characters of alphanumerics, `-` and `_`, FIFO names ending in `.fifo` (counted). */
export function isValidQueueName(name: string, fifo: boolean): boolean {
  if (name.length === 0 || name.length > SQS_QUEUE_NAME_MAX_LENGTH) return false;
  if (fifo !== name.endsWith(FIFO_SUFFIX)) return false;
  const base = fifo ? name.slice(0, -FIFO_SUFFIX.length) : name;
  return QUEUE_NAME_PATTERN.test(base);
}

/** `orchestrator` → `onething-orchestrator.fifo` / `onething-orchestrator-dlq.fifo`. */
export function queueName(prefix: string, base: string, fifo: boolean): string {
  return `${prefix}-${base}${fifo ? FIFO_SUFFIX : ""}`;
}

export function deadLetterQueueName(prefix: string, base: string, fifo: boolean): string {
  return queueName(prefix, `${base}-dlq`, fifo);
}

/**
 * `ENV.queueUrlPrefix`'s value for a queue URL base (`https://sqs.<region>.<suffix>/<account>`) and a topology prefix.
 * @example queueUrlPrefix("https://sqs.cn-north-1.amazonaws.com.cn/123456789012", "onething-prod")
 */
export function queueUrlPrefix(urlBase: string, prefix: string): string {
  return `${urlBase.replace(/\/+$/, "")}/${prefix}`;
}

/**
 * A queue's URL from `ENV.queueUrlPrefix`'s value, with the topology's naming functions: the last path segment is the
 * topology prefix, what precedes it the URL base every queue shares.
 * @example
 * queueUrlFromPrefix("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/onething-prod", "dept-health", false);
 * // "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/onething-prod-dept-health"
 */
export function queueUrlFromPrefix(
  urlPrefix: string,
  base: string,
  fifo: boolean,
  kind: "queue" | "deadLetterQueue" = "queue",
): string {
  const slash = urlPrefix.lastIndexOf("/");
  const prefix = urlPrefix.slice(slash + 1);
  if (slash < 0 || !PREFIX_PATTERN.test(prefix)) {
    throw new InvalidTopologyError(`queue URL prefix "${urlPrefix}" must end in /<topology prefix>`);
  }
  const name = kind === "queue" ? queueName(prefix, base, fifo) : deadLetterQueueName(prefix, base, fifo);
  return `${urlPrefix.slice(0, slash)}/${name}`;
}

/** A department's queue and DLQ URLs, derived from `ENV.queueUrlPrefix`'s value. */
export function departmentQueueUrls(
  urlPrefix: string,
  departmentId: string,
): { url: string; deadLetterUrl: string } {
  const base = departmentQueueKey(departmentId);
  return {
    url: queueUrlFromPrefix(urlPrefix, base, false),
    deadLetterUrl: queueUrlFromPrefix(urlPrefix, base, false, "deadLetterQueue"),
  };
}

export function tableName(prefix: string): string {
  return `${prefix}-table`;
}

export function departmentQueueKey(departmentId: string): `dept-${string}` {
  return `dept-${departmentId}`;
}

export function pascalCase(id: string): string {
  return id
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

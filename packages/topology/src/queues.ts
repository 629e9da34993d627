// The platform's queues, each with its dead-letter queue, and who consumes each one with which settings.
import { CONSUMER_FUNCTIONS, type ConsumerName } from "./functions.ts";
import { deadLetterQueueName, departmentQueueKey, pascalCase, type QueueKey, queueName } from "./names.ts";

export interface FifoSettings {
  /** Off: every producer sets an explicit deduplication id (the event id). */
  readonly contentBasedDeduplication: boolean;
  readonly deduplicationScope: "queue" | "messageGroup";
  readonly fifoThroughputLimit: "perQueue" | "perMessageGroupId";
  /** What producers put in `MessageGroupId` (documentation for producers; SQS does not check it). */
  readonly messageGroupIdFrom: "caseId" | "none";
}

export interface DeadLetterQueueSpec {
  readonly logicalId: string;
  readonly name: string;
  readonly fifo: FifoSettings | null;
  readonly messageRetentionSeconds: number;
}

/** Lambda event source mapping settings for a queue read by one of our functions. */
export interface FunctionConsumer {
  readonly kind: "function";
  readonly function: ConsumerName;
  readonly batchSize: number;
  /** Must be 0 for FIFO sources: Lambda does not support a batching window on FIFO queues. */
  readonly maxBatchingWindowSeconds: number;
  /** Lambda `ScalingConfig.MaximumConcurrency` (2..1000). */
  readonly maxConcurrency: number;
  readonly reportBatchItemFailures: true;
}

/** A department's own system (or its adapter) polls the queue; no platform function reads it. */
export interface DepartmentConsumer {
  readonly kind: "department";
  readonly departmentId: string;
}

export interface QueueSpec {
  readonly key: QueueKey;
  readonly logicalId: string;
  readonly name: string;
  readonly fifo: FifoSettings | null;
  readonly visibilityTimeoutSeconds: number;
  readonly messageRetentionSeconds: number;
  readonly receiveWaitTimeSeconds: number;
  readonly maxReceiveCount: number;
  readonly deadLetterQueue: DeadLetterQueueSpec;
  readonly consumer: FunctionConsumer | DepartmentConsumer;
}

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;
/** SQS maximum; DLQs keep messages as long as SQS allows so operators have time to redrive. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * DAY;
/**
 * AWS guidance for SQS event sources: visibility timeout at least six times the function timeout,
 * so a record is not redelivered while Lambda's retries of a throttled batch are still running.
 */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;

const ORCHESTRATOR_FIFO: FifoSettings = {
  contentBasedDeduplication: false,
  // Per-group dedup and throughput: each case is its own group, so cases never throttle each other.
  deduplicationScope: "messageGroup",
  fifoThroughputLimit: "perMessageGroupId",
  messageGroupIdFrom: "caseId",
};

const FIFO_DEAD_LETTER: FifoSettings = {
  contentBasedDeduplication: false,
  deduplicationScope: "queue",
  fifoThroughputLimit: "perQueue",
  messageGroupIdFrom: "caseId",
};

function deadLetterFor(prefix: string, base: string, logicalId: string, fifo: boolean): DeadLetterQueueSpec {
  return {
    logicalId: `${logicalId}DeadLetter`,
    name: deadLetterQueueName(prefix, base, fifo),
    fifo: fifo ? FIFO_DEAD_LETTER : null,
    messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
  };
}

function functionQueue(
  prefix: string,
  consumer: ConsumerName,
  settings: {
    fifo: FifoSettings | null;
    maxReceiveCount: number;
    batchSize: number;
    maxBatchingWindowSeconds: number;
    maxConcurrency: number;
  },
): QueueSpec {
  const logicalId = `${pascalCase(consumer)}Queue`;
  const fifo = settings.fifo !== null;
  return {
    key: consumer,
    logicalId,
    name: queueName(prefix, consumer, fifo),
    fifo: settings.fifo,
    visibilityTimeoutSeconds: CONSUMER_FUNCTIONS[consumer].timeoutSeconds * VISIBILITY_TO_TIMEOUT_RATIO,
    messageRetentionSeconds: 4 * DAY,
    // Lambda long-polls on its own; a queue-level wait would only slow down ad-hoc receives.
    receiveWaitTimeSeconds: 0,
    maxReceiveCount: settings.maxReceiveCount,
    deadLetterQueue: deadLetterFor(prefix, consumer, logicalId, fifo),
    consumer: {
      kind: "function",
      function: consumer,
      batchSize: settings.batchSize,
      maxBatchingWindowSeconds: settings.maxBatchingWindowSeconds,
      maxConcurrency: settings.maxConcurrency,
      reportBatchItemFailures: true,
    },
  };
}

/** A department's queue: polled by the department's own system, never by a platform function. */
export function departmentQueue(prefix: string, departmentId: string): QueueSpec {
  const base = departmentQueueKey(departmentId);
  const logicalId = `DepartmentQueue${pascalCase(departmentId)}`;
  return {
    key: base,
    logicalId,
    name: queueName(prefix, base, false),
    fifo: null,
    // Departments receive, work and answer out of band; five minutes before a task is offered again.
    visibilityTimeoutSeconds: 5 * MINUTE,
    // Below the DLQ's 14 days: a standard queue keeps the original enqueue time when a message is
    // dead-lettered, so the DLQ must retain longer than its source or messages expire there early.
    messageRetentionSeconds: 7 * DAY,
    receiveWaitTimeSeconds: 20,
    maxReceiveCount: 8,
    deadLetterQueue: deadLetterFor(prefix, base, logicalId, false),
    consumer: { kind: "department", departmentId },
  };
}

/**
 * The queues our own functions consume: the orchestrator's (FIFO, one group per case), the results queue
 * (departments' answers) and the events queue (source systems' data events).
 */
export function functionQueues(prefix: string): {
  orchestrator: QueueSpec;
  results: QueueSpec;
  events: QueueSpec;
  webhooks: QueueSpec;
} {
  return {
    orchestrator: functionQueue(prefix, "orchestrator", {
      fifo: ORCHESTRATOR_FIFO,
      maxReceiveCount: 5,
      batchSize: 10,
      maxBatchingWindowSeconds: 0,
      maxConcurrency: 10,
    }),
    results: functionQueue(prefix, "results", {
      fifo: null,
      maxReceiveCount: 5,
      batchSize: 10,
      maxBatchingWindowSeconds: 1,
      maxConcurrency: 5,
    }),
    // Standard: an event names a person, not a case, so no FIFO group fits; ingestion is idempotent by the
    // source's event id, so a redelivery changes nothing.
    events: functionQueue(prefix, "events", {
      fifo: null,
      maxReceiveCount: 5,
      batchSize: 10,
      maxBatchingWindowSeconds: 1,
      maxConcurrency: 5,
    }),
    // Standard: deliveries are independent. The function backs off per message (ChangeMessageVisibility) and
    // dead-letters itself, with the reason, after WEBHOOK_MAX_ATTEMPTS; the redrive count is a margin above it
    // for a function that crashed before it could.
    webhooks: functionQueue(prefix, "webhooks", {
      fifo: null,
      maxReceiveCount: 10,
      batchSize: 10,
      maxBatchingWindowSeconds: 1,
      maxConcurrency: 5,
    }),
  };
}

import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { type DepartmentMessage, DepartmentMessageSchema } from "@onething/contracts";
import type { Context } from "./context.ts";
import { departmentQueueUrl, RUNTIME_FILE, readRuntime } from "./data-dir.ts";
import { CliError } from "./errors.ts";

/**
 * How long a peeked message stays hidden while the CLI reads the rest of the queue. Everything peeked is made
 * visible again at once afterwards, so the platform's view of the queue does not change — except that each
 * receive counts towards the queue's maxReceiveCount, as it would for a department's own poller.
 */
const PEEK_VISIBILITY_SECONDS = 10;
const MAX_PER_RECEIVE = 10;

export interface QueuedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly receiveCount: number;
  readonly sentAt: string | undefined;
  /** The parsed message, or undefined when the body is not a DepartmentMessage. */
  readonly message: DepartmentMessage | undefined;
  readonly problem: string | undefined;
}

export interface DepartmentQueue {
  readonly department: string;
  readonly url: string;
  readonly sqs: SQSClient;
  close(): void;
}

/** The department's queue on the running local platform (endpoint and URL from runtime.json). */
export async function openDepartmentQueue(ctx: Context, department: string): Promise<DepartmentQueue> {
  const runtime = await readRuntime(ctx);
  if (!runtime) {
    throw new CliError(`no ${RUNTIME_FILE} in ${ctx.dataDir}: is the platform running? (\`npm start\`)`, {
      code: "not_running",
    });
  }
  if (!runtime.sqsEndpoint) throw new CliError(`${RUNTIME_FILE} names no sqsEndpoint`);
  const url = departmentQueueUrl(runtime, department);
  if (!url) throw new CliError(`${RUNTIME_FILE} names no queue for department ${department}`);
  // Loaded here only: the SQS client is the heaviest import, and only these commands need it.
  const { createLocalSqsClient } = await import("@onething/local-services");
  const sqs = createLocalSqsClient(runtime.sqsEndpoint);
  return { department, url, sqs, close: () => sqs.destroy() };
}

function toQueued(m: Message): QueuedMessage {
  let message: DepartmentMessage | undefined;
  let problem: string | undefined;
  try {
    const parsed = DepartmentMessageSchema.safeParse(JSON.parse(m.Body ?? ""));
    if (parsed.success) message = parsed.data;
    else problem = `not a department message (${parsed.error.issues[0]?.path.join(".") ?? "body"})`;
  } catch {
    problem = "body is not JSON";
  }
  const sent = Number(m.Attributes?.SentTimestamp);
  return {
    messageId: m.MessageId ?? "",
    receiptHandle: m.ReceiptHandle ?? "",
    receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
    sentAt: Number.isFinite(sent) ? new Date(sent).toISOString() : undefined,
    message,
    problem,
  };
}

/** Receives up to `max` messages (hidden briefly so each is seen once), and returns them still hidden. */
async function receiveAll(
  queue: DepartmentQueue,
  max: number,
  waitSeconds: number,
): Promise<QueuedMessage[]> {
  const seen = new Map<string, QueuedMessage>();
  let wait = waitSeconds;
  while (seen.size < max) {
    const out = await queue.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: Math.min(MAX_PER_RECEIVE, max - seen.size),
        VisibilityTimeout: PEEK_VISIBILITY_SECONDS,
        WaitTimeSeconds: wait,
        MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
      }),
    );
    const messages = out.Messages ?? [];
    const fresh = messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const m of fresh) seen.set(m.MessageId as string, toQueued(m));
    wait = 0;
  }
  return [...seen.values()];
}

/** Makes messages visible again at once (the peek is over). */
async function release(queue: DepartmentQueue, messages: readonly QueuedMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += MAX_PER_RECEIVE) {
    const batch = messages.slice(i, i + MAX_PER_RECEIVE);
    await queue.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queue.url,
        Entries: batch.map((m, n) => ({ Id: `m${n}`, ReceiptHandle: m.receiptHandle, VisibilityTimeout: 0 })),
      }),
    );
  }
}

/** Reads what is waiting without taking it: every message is visible again when this returns. */
export async function peekMessages(
  queue: DepartmentQueue,
  options: { max: number; waitSeconds: number },
): Promise<QueuedMessage[]> {
  const messages = await receiveAll(queue, options.max, options.waitSeconds);
  await release(queue, messages);
  return messages.sort((a, b) => (a.sentAt ?? "").localeCompare(b.sentAt ?? ""));
}

/** Deletes the given messages (by a fresh receive: receipt handles of an earlier peek may be stale). */
export async function deleteMatching(
  queue: DepartmentQueue,
  matches: (m: QueuedMessage) => boolean,
  max = 100,
): Promise<number> {
  const messages = await receiveAll(queue, max, 0);
  const doomed = messages.filter(matches);
  for (const m of doomed) {
    await queue.sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: m.receiptHandle }));
  }
  await release(
    queue,
    messages.filter((m) => !doomed.includes(m)),
  );
  return doomed.length;
}

export interface QueueDepth {
  visible: number;
  inFlight: number;
  maxReceiveCount: number | undefined;
}

export async function queueDepth(queue: DepartmentQueue): Promise<QueueDepth> {
  const out = await queue.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queue.url,
      AttributeNames: [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "RedrivePolicy",
      ],
    }),
  );
  const a = out.Attributes ?? {};
  let maxReceiveCount: number | undefined;
  try {
    maxReceiveCount = a.RedrivePolicy ? Number(JSON.parse(a.RedrivePolicy).maxReceiveCount) : undefined;
  } catch {
    maxReceiveCount = undefined;
  }
  return {
    visible: Number(a.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
    maxReceiveCount,
  };
}

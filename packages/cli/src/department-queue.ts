import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { type DepartmentMessage, DepartmentMessageSchema } from "@onething/contracts";
import { z } from "zod";
import type { Context } from "./context.ts";
import { departmentQueueUrl, RUNTIME_FILE, readRuntime } from "./data-dir.ts";
import { CliError } from "./errors.ts";

/**
 * How long a message `answer` or `--ack-notices` receives (to delete it) stays hidden; the others that come with
 * it are made visible again at once.
 */
const RECEIVE_VISIBILITY_SECONDS = 10;
const MAX_PER_RECEIVE = 10;
/** How often an empty queue is looked at again while `--wait` lasts. */
const INSPECT_POLL_MS = 250;

export interface QueuedMessage {
  readonly messageId: string;
  /** Set when the message was received (to delete it); a listing (inspection) has none. */
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
  /** The SQS emulator's address, whose read-only `/_fauxqs/queues/<name>` lists a queue without receiving. */
  readonly endpoint: string;
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
  return { department, url, endpoint: runtime.sqsEndpoint, sqs, close: () => sqs.destroy() };
}

function parseBody(body: string | undefined): Pick<QueuedMessage, "message" | "problem"> {
  try {
    const parsed = DepartmentMessageSchema.safeParse(JSON.parse(body ?? ""));
    if (parsed.success) return { message: parsed.data, problem: undefined };
    return {
      message: undefined,
      problem: `not a department message (${parsed.error.issues[0]?.path.join(".") ?? "body"})`,
    };
  } catch {
    return { message: undefined, problem: "body is not JSON" };
  }
}

function toQueued(m: Message): QueuedMessage {
  const sent = Number(m.Attributes?.SentTimestamp);
  return {
    messageId: m.MessageId ?? "",
    receiptHandle: m.ReceiptHandle ?? "",
    receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
    sentAt: Number.isFinite(sent) ? new Date(sent).toISOString() : undefined,
    ...parseBody(m.Body),
  };
}

/** A message as fauxqs's inspection endpoint shows it (its SqsMessage, the fields the CLI reads). */
const InspectedMessageSchema = z.looseObject({
  messageId: z.string(),
  body: z.string(),
  sentTimestamp: z.number().optional(),
  approximateReceiveCount: z.number().optional(),
});
const InspectionSchema = z.looseObject({
  messages: z.looseObject({
    ready: z.array(InspectedMessageSchema),
    inflight: z.array(
      z.looseObject({ message: InspectedMessageSchema, visibilityDeadline: z.number().optional() }),
    ),
  }),
});

function fromInspection(m: z.infer<typeof InspectedMessageSchema>): QueuedMessage {
  return {
    messageId: m.messageId,
    receiptHandle: "",
    receiveCount: m.approximateReceiveCount ?? 0,
    sentAt: m.sentTimestamp === undefined ? undefined : new Date(m.sentTimestamp).toISOString(),
    ...parseBody(m.body),
  };
}

/**
 * The messages visible on the queue now, read through fauxqs's read-only inspection endpoint: nothing is received,
 * so no message's receive count moves towards the dead-letter queue however often this is called. A message
 * whose visibility timeout has run out counts as visible even if the emulator has not yet moved it back.
 */
async function inspectVisible(queue: DepartmentQueue): Promise<QueuedMessage[]> {
  const name = queue.url.split("/").filter(Boolean).at(-1) ?? "";
  const address = `${queue.endpoint.replace(/\/+$/, "")}/_fauxqs/queues/${encodeURIComponent(name)}`;
  let response: Response;
  try {
    response = await fetch(address);
  } catch (error) {
    throw new CliError(
      `cannot read the ${queue.department} queue at ${address}: ${(error as Error).message}`,
    );
  }
  if (!response.ok) {
    throw new CliError(
      `cannot read the ${queue.department} queue: ${address} answered ${response.status} (is ${queue.endpoint} the local SQS emulator?)`,
    );
  }
  const parsed = InspectionSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new CliError(`${address} did not answer with a queue inspection`);
  const now = Date.now();
  const expired = parsed.data.messages.inflight.filter(
    (e) => e.visibilityDeadline !== undefined && e.visibilityDeadline <= now,
  );
  return [...parsed.data.messages.ready, ...expired.map((e) => e.message)].map(fromInspection);
}

/**
 * Hand-backs use 1 s, not 0: fauxqs 2.4 loses a message whose visibility is set to 0 when it persists to SQLite
 * (`npm start` without `--in-memory`). Same value as local-services' RELEASE_VISIBILITY_SECONDS, not imported so
 * the CLI does not load the emulator.
 */
const RELEASE_VISIBILITY_SECONDS = 1;

/** Makes received messages visible again (within a second). */
async function release(queue: DepartmentQueue, messages: readonly QueuedMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += MAX_PER_RECEIVE) {
    const batch = messages.slice(i, i + MAX_PER_RECEIVE);
    await queue.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queue.url,
        Entries: batch.map((m, n) => ({
          Id: `m${n}`,
          ReceiptHandle: m.receiptHandle,
          VisibilityTimeout: RELEASE_VISIBILITY_SECONDS,
        })),
      }),
    );
  }
}

/**
 * Lists what is waiting without receiving anything (see inspectVisible), oldest first; when the queue is empty,
 * looks again until `waitSeconds` have passed, as a long poll would.
 */
export async function peekMessages(
  queue: DepartmentQueue,
  options: { max: number; waitSeconds: number },
): Promise<QueuedMessage[]> {
  const deadline = Date.now() + options.waitSeconds * 1000;
  let messages = await inspectVisible(queue);
  while (messages.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, Math.min(INSPECT_POLL_MS, Math.max(0, deadline - Date.now()))));
    messages = await inspectVisible(queue);
  }
  return messages.sort((a, b) => (a.sentAt ?? "").localeCompare(b.sentAt ?? "")).slice(0, options.max);
}

/**
 * Deletes the waiting messages that match. The queue is inspected first (no receive) to learn which messages
 * those are; then it is received until each of them has turned up, and only they are deleted: whatever else came
 * with them is made visible again at once (that one receive is the only one it counts). Nothing is received when
 * nothing matches.
 */
export async function deleteMatching(
  queue: DepartmentQueue,
  matches: (m: QueuedMessage) => boolean,
): Promise<number> {
  const wanted = new Set((await inspectVisible(queue)).filter(matches).map((m) => m.messageId));
  if (wanted.size === 0) return 0;
  const others = new Map<string, QueuedMessage>();
  let deleted = 0;
  try {
    while (wanted.size > 0) {
      const out = await queue.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: MAX_PER_RECEIVE,
          VisibilityTimeout: RECEIVE_VISIBILITY_SECONDS,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
        }),
      );
      const fresh = (out.Messages ?? []).map(toQueued).filter((m) => m.messageId && !others.has(m.messageId));
      if (fresh.length === 0) break;
      for (const m of fresh) {
        if (wanted.delete(m.messageId)) {
          await queue.sqs.send(
            new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: m.receiptHandle }),
          );
          deleted++;
        } else {
          others.set(m.messageId, m);
        }
      }
    }
  } finally {
    await release(queue, [...others.values()]);
  }
  return deleted;
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

import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { type DepartmentMessage, DepartmentMessageSchema } from "@onething/contracts";
import { z } from "zod";
import type { Context } from "./context.ts";
import { departmentQueueUrl, RUNTIME_FILE, readRuntime } from "./data-dir.ts";
import { CliError } from "./errors.ts";

/** How often an empty queue is looked at again while `--wait` lasts. */
const INSPECT_POLL_MS = 250;

export interface QueuedMessage {
  readonly messageId: string;
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
    delayed: z.array(InspectedMessageSchema).default([]),
  }),
});

function fromInspection(m: z.infer<typeof InspectedMessageSchema>): QueuedMessage {
  return {
    messageId: m.messageId,
    receiveCount: m.approximateReceiveCount ?? 0,
    sentAt: m.sentTimestamp === undefined ? undefined : new Date(m.sentTimestamp).toISOString(),
    ...parseBody(m.body),
  };
}

/** The queue as the emulator holds it, without receiving anything. */
export interface QueueInspection {
  /**
   * The visible messages in the order a receive hands them out (fauxqs keeps a standard queue in arrival order:
   * a receive takes from the front; a message whose visibility ran out goes to the back, where it counts as
   * visible already even if the emulator has not yet moved it).
   */
  readonly visible: readonly QueuedMessage[];
  /** Every message id on the queue: visible, in flight or delayed. */
  readonly onQueue: ReadonlySet<string>;
}

/**
 * The queue through fauxqs's read-only inspection endpoint: nothing is received, so no message's receive count
 * moves towards the dead-letter queue however often this is called.
 */
export async function inspectQueue(queue: DepartmentQueue): Promise<QueueInspection> {
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
  const { ready, inflight, delayed } = parsed.data.messages;
  const now = Date.now();
  const expired = inflight.filter((e) => e.visibilityDeadline !== undefined && e.visibilityDeadline <= now);
  return {
    visible: [...ready, ...expired.map((e) => e.message)].map(fromInspection),
    onQueue: new Set([...ready, ...inflight.map((e) => e.message), ...delayed].map((m) => m.messageId)),
  };
}

/**
 * Lists what is waiting without receiving anything (see inspectQueue), oldest first; when the queue is empty,
 * looks again until `waitSeconds` have passed, as a long poll would.
 */
export async function peekMessages(
  queue: DepartmentQueue,
  options: { max: number; waitSeconds: number },
): Promise<QueuedMessage[]> {
  const deadline = Date.now() + options.waitSeconds * 1000;
  let messages = (await inspectQueue(queue)).visible;
  while (messages.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, Math.min(INSPECT_POLL_MS, Math.max(0, deadline - Date.now()))));
    messages = (await inspectQueue(queue)).visible;
  }
  return [...messages].sort((a, b) => (a.sentAt ?? "").localeCompare(b.sentAt ?? "")).slice(0, options.max);
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

import {
  type MessageAttributeValue,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { isServerError, isThrottlingError, isTransientError } from "@smithy/core/retry";
import type { SdkError } from "@smithy/types";

export interface OutgoingMessage {
  /** Serialised with `JSON.stringify`; validate it with its contract schema before sending. */
  readonly body: object;
  /** FIFO queues: required; the case id for the orchestrator queue. */
  readonly groupId?: string;
  /** FIFO queues: required (content-based deduplication is off); the event id. */
  readonly dedupId?: string;
  readonly attributes?: Readonly<Record<string, string | number>>;
  readonly delaySeconds?: number;
}

export interface SentMessage {
  /** Position in the `messages` argument. */
  readonly index: number;
  readonly messageId: string;
  readonly sequenceNumber?: string;
}

export interface SendFailure {
  readonly index: number;
  readonly code: string;
  readonly message: string;
  /** True when SQS blames the request (bad attribute, body too large): retrying cannot help. */
  readonly senderFault: boolean;
}

/** Some messages were not sent; `failures` says which (by index) and why, `sent` what did go. */
export class SendFailedError extends Error {
  override name = "SendFailedError";
  readonly queueUrl: string;
  readonly failures: readonly SendFailure[];
  readonly sent: readonly SentMessage[];

  constructor(queueUrl: string, failures: readonly SendFailure[], sent: readonly SentMessage[]) {
    const first = failures[0];
    super(
      `${failures.length} of ${failures.length + sent.length} message(s) not sent to ${queueUrl}` +
        (first === undefined ? "" : ` (first: #${first.index} ${first.code}: ${first.message})`),
    );
    this.queueUrl = queueUrl;
    this.failures = failures;
    this.sent = sent;
  }
}

export interface SendOptions {
  /** Attempts per batch, the first included. Default 5. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Port for the backoff wait; tests pass one that does not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** SQS's limit on entries per SendMessageBatch. */
const BATCH_SIZE = 10;

interface Pending {
  readonly index: number;
  readonly entry: SendMessageBatchRequestEntry;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function toAttributes(
  attributes: Readonly<Record<string, string | number>> | undefined,
): Record<string, MessageAttributeValue> | undefined {
  if (attributes === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      typeof value === "number"
        ? { DataType: "Number", StringValue: String(value) }
        : { DataType: "String", StringValue: value },
    ]),
  );
}

function toEntry(message: OutgoingMessage, index: number): SendMessageBatchRequestEntry {
  return {
    // Entry ids only need to be unique within one request; the index also maps results back.
    Id: `m${index}`,
    MessageBody: JSON.stringify(message.body),
    MessageGroupId: message.groupId,
    MessageDeduplicationId: message.dedupId,
    MessageAttributes: toAttributes(message.attributes),
    DelaySeconds: message.delaySeconds,
  };
}

function isSdkError(error: unknown): error is SdkError {
  return error instanceof Error && (error.cause === undefined || error.cause instanceof Error);
}

/** Throttling, timeouts, 5xx and network resets (the SDK's own classification): worth another try. */
function isRetryableError(error: unknown): boolean {
  if (!isSdkError(error)) return false;
  return isThrottlingError(error) || isTransientError(error) || isServerError(error);
}

/** Full-jitter exponential backoff. */
function backoffMs(attempt: number, options: SendOptions): number {
  const cap = Math.min(options.maxDelayMs ?? 2_000, (options.baseDelayMs ?? 50) * 2 ** (attempt - 1));
  return Math.round(Math.random() * cap);
}

async function sendBatch(
  sqs: SQSClient,
  queueUrl: string,
  batch: readonly Pending[],
  options: SendOptions,
): Promise<{ sent: SentMessage[]; failures: SendFailure[] }> {
  const sent: SentMessage[] = [];
  const failures: SendFailure[] = [];
  const maxAttempts = options.maxAttempts ?? 5;
  let pending = batch;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const byId = new Map(pending.map((item) => [item.entry.Id, item]));
    let retry: { item: Pending; failure: SendFailure }[] = [];
    try {
      const output = await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map((item) => item.entry) }),
      );
      for (const success of output.Successful ?? []) {
        const item = byId.get(success.Id);
        if (item === undefined) continue;
        sent.push({
          index: item.index,
          messageId: success.MessageId ?? "",
          ...(success.SequenceNumber === undefined ? {} : { sequenceNumber: success.SequenceNumber }),
        });
        byId.delete(success.Id);
      }
      for (const failed of output.Failed ?? []) {
        const item = byId.get(failed.Id);
        if (item === undefined) continue;
        byId.delete(failed.Id);
        const failure = {
          index: item.index,
          code: failed.Code ?? "Unknown",
          message: failed.Message ?? "",
          senderFault: failed.SenderFault ?? false,
        };
        if (failure.senderFault) failures.push(failure);
        else retry.push({ item, failure });
      }
      // An entry SQS neither accepted nor rejected is treated as a retryable failure.
      for (const item of byId.values()) {
        retry.push({
          item,
          failure: { index: item.index, code: "Missing", message: "no result", senderFault: false },
        });
      }
    } catch (error) {
      const failure = (item: Pending): SendFailure => ({
        index: item.index,
        code: error instanceof Error ? error.name : "Error",
        message: error instanceof Error ? error.message : String(error),
        senderFault: !isRetryableError(error),
      });
      if (!isRetryableError(error)) {
        failures.push(...pending.map(failure));
        break;
      }
      retry = pending.map((item) => ({ item, failure: failure(item) }));
    }
    if (retry.length === 0) break;
    if (attempt >= maxAttempts) {
      failures.push(...retry.map(({ failure }) => failure));
      break;
    }
    await (options.sleep ?? defaultSleep)(backoffMs(attempt, options));
    pending = retry.map(({ item }) => item);
  }
  return { sent, failures };
}

/**
 * Sends messages in SendMessageBatch calls of 10, in order. Entries a batch reports as failed for a
 * retryable reason (and whole calls failing with throttling, timeouts or 5xx) are retried alone, with
 * exponential backoff, up to `maxAttempts`; anything still unsent ends in one `SendFailedError`.
 *
 * On a FIFO queue (URL ends in `.fifo`) the batches after a batch that could not be sent completely
 * are not attempted (reported as `NotAttempted`), so a group never overtakes its own gap. Within a
 * batch SQS may still accept a later message of a group whose earlier message failed: the
 * consumer's version check and idempotency cover that, as they cover redelivery.
 *
 * @example
 * await sendMessages(sqs, orchestratorQueueUrl, [
 *   { body: caseSubmitted, groupId: caseSubmitted.caseId, dedupId: caseSubmitted.eventId },
 * ]);
 */
export async function sendMessages(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly OutgoingMessage[],
  options: SendOptions = {},
): Promise<SentMessage[]> {
  const fifo = queueUrl.endsWith(".fifo");
  const sent: SentMessage[] = [];
  const failures: SendFailure[] = [];
  const pending = messages.map((message, index) => ({ index, entry: toEntry(message, index) }));
  for (let start = 0; start < pending.length; start += BATCH_SIZE) {
    if (fifo && failures.length > 0) {
      failures.push(
        ...pending.slice(start).map((item) => ({
          index: item.index,
          code: "NotAttempted",
          message: "an earlier batch to this FIFO queue failed",
          senderFault: false,
        })),
      );
      break;
    }
    const result = await sendBatch(sqs, queueUrl, pending.slice(start, start + BATCH_SIZE), options);
    sent.push(...result.sent);
    failures.push(...result.failures);
  }
  sent.sort((a, b) => a.index - b.index);
  if (failures.length > 0) {
    failures.sort((a, b) => a.index - b.index);
    throw new SendFailedError(queueUrl, failures, sent);
  }
  return sent;
}

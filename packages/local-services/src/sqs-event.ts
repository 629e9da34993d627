import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from "aws-lambda";
import { LOCAL_REGION } from "./clients.ts";

export interface ReceiveAsSqsEventOptions {
  /** 1..10, Lambda's SQS batch size. Default 10. */
  readonly maxMessages?: number;
  /** Long-poll wait. Default 1 s. */
  readonly waitTimeSeconds?: number;
  /** Overrides the queue's visibility timeout for these receives (tests use 1 s to see redelivery). */
  readonly visibilityTimeoutSeconds?: number;
  /** Aborts a pending long poll (a poller stopping); the receive then rejects with an `AbortError`. */
  readonly abortSignal?: AbortSignal;
}

const queueArns = new WeakMap<SQSClient, Map<string, string>>();

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  let cache = queueArns.get(sqs);
  if (cache === undefined) {
    cache = new Map();
    queueArns.set(sqs, cache);
  }
  const cached = cache.get(queueUrl);
  if (cached !== undefined) return cached;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
  );
  const arn = Attributes?.QueueArn;
  if (arn === undefined) throw new Error(`queue ${queueUrl} reports no QueueArn`);
  cache.set(queueUrl, arn);
  return arn;
}

function toRecordAttributes(
  attributes: MessageAttributeValue | undefined,
): SQSMessageAttributes[string] | undefined {
  if (attributes?.DataType === undefined) return undefined;
  return {
    dataType: attributes.DataType,
    ...(attributes.StringValue === undefined ? {} : { stringValue: attributes.StringValue }),
    ...(attributes.BinaryValue === undefined
      ? {}
      : { binaryValue: Buffer.from(attributes.BinaryValue).toString("base64") }),
  };
}

/** The record Lambda's SQS event source would hand a function for this received message. */
export function toSqsRecord(message: Message, eventSourceARN: string, awsRegion = LOCAL_REGION): SQSRecord {
  const system = message.Attributes ?? {};
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    const converted = toRecordAttributes(value);
    if (converted !== undefined) messageAttributes[name] = converted;
  }
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ApproximateReceiveCount: system.ApproximateReceiveCount ?? "1",
      SentTimestamp: system.SentTimestamp ?? "",
      SenderId: system.SenderId ?? "",
      ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? "",
      ...(system.AWSTraceHeader === undefined ? {} : { AWSTraceHeader: system.AWSTraceHeader }),
      ...(system.SequenceNumber === undefined ? {} : { SequenceNumber: system.SequenceNumber }),
      ...(system.MessageGroupId === undefined ? {} : { MessageGroupId: system.MessageGroupId }),
      ...(system.MessageDeduplicationId === undefined
        ? {}
        : { MessageDeduplicationId: system.MessageDeduplicationId }),
      ...(system.DeadLetterQueueSourceArn === undefined
        ? {}
        : { DeadLetterQueueSourceArn: system.DeadLetterQueueSourceArn }),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? "",
    ...(message.MD5OfMessageAttributes === undefined
      ? {}
      : { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: "aws:sqs",
    eventSourceARN,
    awsRegion,
  };
}

/**
 * One real `ReceiveMessage` on the queue, shaped as the `SQSEvent` Lambda would deliver: what the
 * local runtime's pollers and handler tests feed to SQS handlers. An empty `Records` array means
 * nothing arrived within the wait.
 *
 * @example
 * const event = await receiveAsSqsEvent(sqs, queues.results.url, { visibilityTimeoutSeconds: 1 });
 * const response = await handler(event);
 * await settleLikeLambda(sqs, queues.results.url, event, response);
 */
export async function receiveAsSqsEvent(
  sqs: SQSClient,
  queueUrl: string,
  options: ReceiveAsSqsEventOptions = {},
): Promise<SQSEvent> {
  const arn = await queueArn(sqs, queueUrl);
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: options.maxMessages ?? 10,
      WaitTimeSeconds: options.waitTimeSeconds ?? 1,
      ...(options.visibilityTimeoutSeconds === undefined
        ? {}
        : { VisibilityTimeout: options.visibilityTimeoutSeconds }),
      MessageSystemAttributeNames: ["All"],
      MessageAttributeNames: ["All"],
    }),
    options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal },
  );
  return { Records: (Messages ?? []).map((message) => toSqsRecord(message, arn)) };
}

export interface Settlement {
  readonly deleted: readonly string[];
  readonly failed: readonly string[];
}

/**
 * Does what Lambda's SQS event source does with a handler's answer: deletes every record not listed
 * in `batchItemFailures` and leaves the listed ones to reappear after their visibility timeout. No response,
 * `{}`, `{ batchItemFailures: null }` and an empty list are full success; a failure naming a message that is not in
 * the batch (or none) fails the whole batch, as on AWS. (If the
 * handler threw, do not call this: nothing is deleted.)
 */
export async function settleLikeLambda(
  sqs: SQSClient,
  queueUrl: string,
  event: SQSEvent,
  response: SQSBatchResponse | undefined | null,
): Promise<Settlement> {
  const all = event.Records.map((record) => record.messageId);
  // Lambda reads a missing response, `{}`, `batchItemFailures: null` and `[]` alike: every record succeeded.
  const listed: readonly (SQSBatchResponse["batchItemFailures"][number] | null | undefined)[] =
    response?.batchItemFailures ?? [];
  const identifiers = listed.map((failure) => failure?.itemIdentifier);
  const failures = new Set(identifiers.filter((id): id is string => typeof id === "string"));
  // A failure without an identifier, or naming a record not in the batch, fails the whole batch.
  const batchFails =
    identifiers.some((id) => typeof id !== "string" || id === "") ||
    [...failures].some((id) => !all.includes(id));
  const failed = batchFails ? all : all.filter((id) => failures.has(id));
  const succeeded = batchFails ? [] : event.Records.filter((record) => !failures.has(record.messageId));
  for (let start = 0; start < succeeded.length; start += 10) {
    const chunk = succeeded.slice(start, start + 10);
    const { Failed } = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
      }),
    );
    if (Failed !== undefined && Failed.length > 0) {
      throw new Error(`could not delete ${Failed.length} message(s) from ${queueUrl}: ${Failed[0]?.Code}`);
    }
  }
  return { deleted: succeeded.map((record) => record.messageId), failed };
}

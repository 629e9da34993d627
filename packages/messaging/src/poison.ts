import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSMessageAttribute, SQSRecord } from "aws-lambda";
import type { PoisonHandler } from "./consumer.ts";

/** Message attributes a poison message carries into the DLQ. */
export const POISON_ATTRIBUTES = {
  reason: "poisonReason",
  detail: "poisonDetail",
  sourceQueueArn: "poisonSourceQueueArn",
} as const;

/** SQS's limit on message attributes per message. */
const MAX_MESSAGE_ATTRIBUTES = 10;
const OURS = new Set<string>(Object.values(POISON_ATTRIBUTES));

function toSendAttribute(attribute: SQSMessageAttribute): MessageAttributeValue {
  return {
    DataType: attribute.dataType,
    ...(attribute.stringValue === undefined ? {} : { StringValue: attribute.stringValue }),
    ...(attribute.binaryValue === undefined
      ? {}
      : { BinaryValue: Buffer.from(attribute.binaryValue, "base64") }),
  };
}

function carriedAttributes(record: SQSRecord): Record<string, MessageAttributeValue> {
  const room = MAX_MESSAGE_ATTRIBUTES - OURS.size;
  return Object.fromEntries(
    Object.entries(record.messageAttributes)
      .filter(([name]) => !OURS.has(name))
      .slice(0, room)
      .map(([name, attribute]) => [name, toSendAttribute(attribute)]),
  );
}

/**
 * The default poison path: copies the record, body and attributes unchanged, to the queue's DLQ
 * with `poisonReason` / `poisonDetail` / `poisonSourceQueueArn` attributes; the consumer then reports
 * it processed so SQS deletes it. For a FIFO source (so a FIFO DLQ) it keeps the message group and
 * deduplicates on the original message id, so a retry after a lost delete does not double it.
 *
 * @example
 * createSqsConsumer({ schema, handle, onPoison: sendPoisonToDeadLetterQueue(sqs, config.deadLetterQueueUrl) });
 */
export function sendPoisonToDeadLetterQueue(sqs: SQSClient, deadLetterQueueUrl: string): PoisonHandler {
  return async (record, error) => {
    const groupId = record.attributes.MessageGroupId;
    const fifo = record.eventSourceARN.endsWith(".fifo");
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MessageBody: record.body,
        MessageAttributes: {
          ...carriedAttributes(record),
          [POISON_ATTRIBUTES.reason]: { DataType: "String", StringValue: error.reason },
          [POISON_ATTRIBUTES.detail]: { DataType: "String", StringValue: error.detail || "-" },
          [POISON_ATTRIBUTES.sourceQueueArn]: { DataType: "String", StringValue: record.eventSourceARN },
        },
        ...(fifo ? { MessageGroupId: groupId ?? "poison", MessageDeduplicationId: record.messageId } : {}),
      }),
    );
  };
}

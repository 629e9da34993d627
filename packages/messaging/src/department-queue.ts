import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { type DepartmentQueuePort, LeaseReceiptError, type ReceivedDepartmentMessage } from "@onething/cases";
import { POISON_ATTRIBUTES } from "./poison.ts";

/** The attribute a copy put back by a lease carries: deliveries of the message before the copy. */
export const CARRIED_DELIVERIES_ATTRIBUTE = "onethingDeliveries";
/** The attribute a copy put back by a lease carries: the id of the message first sent. */
export const ORIGIN_ATTRIBUTE = "onethingOrigin";

/** What SQS answers for a receipt that no longer holds its message (deleted, or received again). */
const RECEIPT_ERRORS = new Set([
  "ReceiptHandleIsInvalid",
  "InvalidParameterValue",
  "MessageNotInflight",
  "AWS.SimpleQueueService.MessageNotInflight",
]);

const errorName = (error: unknown) =>
  (error as { name?: string; Code?: string }).name ?? (error as { Code?: string }).Code ?? "";

async function withReceipt<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (RECEIPT_ERRORS.has(errorName(error)))
      throw new LeaseReceiptError(`the queue refused the lease's receipt: ${(error as Error).message}`);
    throw error;
  }
}

const stringAttributes = (attributes: Record<string, MessageAttributeValue> | undefined) =>
  Object.fromEntries(
    Object.entries(attributes ?? {}).flatMap(([name, value]) =>
      value.StringValue === undefined ? [] : [[name, value.StringValue] as const],
    ),
  );

const toSqsAttributes = (attributes: Readonly<Record<string, string>>) =>
  Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, { DataType: "String", StringValue: value }]),
  );

/**
 * The department queues over SQS, for the pull routes: `ReceiveMessage` with the lease as visibility timeout,
 * `ChangeMessageVisibility` to extend or release, `DeleteMessage` to acknowledge; a copy put back with
 * `SendMessageBatch` then `DeleteMessageBatch`; a dead letter sent to the department's DLQ.
 */
export function sqsDepartmentQueues(
  sqs: SQSClient,
  queues: Readonly<Record<string, { url: string; deadLetterUrl: string }>>,
): DepartmentQueuePort {
  const urlOf = (department: string) => {
    const queue = queues[department];
    if (!queue) throw new Error(`no queue for department ${department}`);
    return queue;
  };
  return {
    async receive(department, request) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: urlOf(department).url,
          MaxNumberOfMessages: request.max,
          VisibilityTimeout: request.visibilitySeconds,
          WaitTimeSeconds: request.waitSeconds,
          MessageAttributeNames: ["All"],
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
      );
      return (out.Messages ?? []).flatMap((m): ReceivedDepartmentMessage[] => {
        if (!m.MessageId || !m.ReceiptHandle) return [];
        const attributes = stringAttributes(m.MessageAttributes);
        const carried = Number(attributes[CARRIED_DELIVERIES_ATTRIBUTE] ?? 0);
        return [
          {
            messageId: m.MessageId,
            receipt: m.ReceiptHandle,
            body: m.Body ?? "",
            receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
            carriedDeliveries: Number.isInteger(carried) && carried > 0 ? carried : 0,
            origin: attributes[ORIGIN_ATTRIBUTE] ?? m.MessageId,
            attributes,
          },
        ];
      });
    },
    setVisibility: (department, receipt, seconds) =>
      withReceipt(async () => {
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: urlOf(department).url,
            ReceiptHandle: receipt,
            VisibilityTimeout: seconds,
          }),
        );
      }),
    remove: (department, receipt) =>
      withReceipt(async () => {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: urlOf(department).url, ReceiptHandle: receipt }));
      }),
    async requeue(department, messages) {
      const url = urlOf(department).url;
      const entries = messages.map(({ message, carriedDeliveries }, i) => ({
        message,
        carriedDeliveries,
        id: `m${i}`,
      }));
      const sent = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: entries.map(({ message, carriedDeliveries, id }) => ({
            Id: id,
            MessageBody: message.body,
            MessageAttributes: toSqsAttributes({
              ...message.attributes,
              [CARRIED_DELIVERIES_ATTRIBUTE]: String(carriedDeliveries),
              [ORIGIN_ATTRIBUTE]: message.origin,
            }),
          })),
        }),
      );
      // Only what was copied is deleted: a message whose copy failed stays, and is offered again when its
      // visibility (this lease's time) ends.
      const copied = new Set((sent.Successful ?? []).map((s) => s.Id));
      const done = entries.filter((e) => copied.has(e.id));
      if (done.length === 0) return;
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: done.map(({ message, id }) => ({ Id: id, ReceiptHandle: message.receipt })),
        }),
      );
    },
    async deadLetter(department, message, reason) {
      const queue = urlOf(department);
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queue.deadLetterUrl,
          MessageBody: message.body,
          MessageAttributes: toSqsAttributes({
            // A redriven message starts afresh: its deliveries are not carried into the DLQ.
            ...Object.fromEntries(
              Object.entries(message.attributes).filter(
                ([name]) => name !== CARRIED_DELIVERIES_ATTRIBUTE && name !== ORIGIN_ATTRIBUTE,
              ),
            ),
            [POISON_ATTRIBUTES.reason]: "lease",
            [POISON_ATTRIBUTES.detail]: reason,
          }),
        }),
      );
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.receipt }));
    },
  };
}

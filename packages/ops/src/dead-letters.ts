import {
  ChangeMessageVisibilityBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { DeadLetterList } from "@onething/contracts";
import { POISON_ATTRIBUTES } from "@onething/messaging";
import { UnknownQueueError } from "./errors.ts";
import type { OpsQueue } from "./queues.ts";

/** What a dead letter's body may tell an operator: ids only (a webhook delivery nests its task under `message`). */
function idsOf(
  body: string | undefined,
): Partial<Record<"caseId" | "eventId" | "department" | "office", string>> {
  try {
    const json = JSON.parse(body ?? "") as Record<string, unknown>;
    const inner = (typeof json.message === "object" && json.message !== null ? json.message : json) as Record<
      string,
      unknown
    >;
    const text = (v: unknown) => (typeof v === "string" && v.length <= 200 ? v : undefined);
    const office =
      text(json.office) ?? text((inner.office as { jurisdiction?: unknown } | undefined)?.jurisdiction);
    const found = {
      caseId: text(json.caseId) ?? text(inner.caseId),
      eventId: text(inner.eventId),
      department: text(json.department) ?? text(inner.department),
      office,
    };
    return Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined));
  } catch {
    return {};
  }
}

/**
 * A look into a dead-letter queue (issue 17): up to 10 messages with the reason the poison path gave each
 * (`poisonReason` / `poisonDetail`: a webhook's `delivery-failed` and `status_503 after 8 attempts`), the ids their
 * bodies name (case, event, department, office) and when they were first sent — never the bodies. The receive hides
 * them a second at most (made visible again at once): they stay where they are, ready for the redrive.
 */
export async function peekDeadLetters(
  sqs: SQSClient,
  queues: readonly OpsQueue[],
  key: string,
): Promise<DeadLetterList> {
  const queue = queues.find((q) => q.key === key);
  if (!queue)
    throw new UnknownQueueError(
      key,
      queues.map((q) => q.key),
    );
  const { Messages: messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.deadLetterUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      // Hidden a second at most (the SQS emulator takes a 0 here for "the queue's default"), then visible again.
      VisibilityTimeout: 1,
      MessageAttributeNames: ["All"],
      MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
    }),
  );
  if (messages.length > 0) {
    await sqs
      .send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queue.deadLetterUrl,
          Entries: messages.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 0,
          })),
        }),
      )
      // Where 0 is refused, they are back after the second anyway.
      .catch(() => undefined);
  }
  return {
    queue: key,
    messages: messages.map((m) => {
      const reason = m.MessageAttributes?.[POISON_ATTRIBUTES.reason]?.StringValue;
      const detail = m.MessageAttributes?.[POISON_ATTRIBUTES.detail]?.StringValue;
      const sent = Number(m.Attributes?.SentTimestamp);
      return {
        messageId: m.MessageId ?? "",
        ...(reason ? { reason } : {}),
        ...(detail ? { detail } : {}),
        ...idsOf(m.Body),
        ...(Number.isFinite(sent) && sent > 0 ? { sentAt: new Date(sent).toISOString() } : {}),
      };
    }),
  };
}

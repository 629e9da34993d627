import type { SQSClient } from "@aws-sdk/client-sqs";
import type { OutboxMessage, SendOutbox } from "@onething/cases";
import { type QueueUrls, queueUrlFor } from "./queue-urls.ts";
import { sendMessages } from "./send.ts";

/**
 * The cases' `SendOutbox` over SQS: messages grouped by queue, batched, with their FIFO group and dedup ids.
 * Throws `SendFailedError` when any message could not be sent (after `sendMessages`' retries).
 * @example const send = createSendOutbox(sqs, { orchestrator: url, departments: { health: url } });
 */
export function createSendOutbox(sqs: SQSClient, queues: QueueUrls): SendOutbox {
  return async (messages: readonly OutboxMessage[]) => {
    const byQueue = new Map<string, OutboxMessage[]>();
    for (const m of messages) byQueue.set(m.queue, [...(byQueue.get(m.queue) ?? []), m]);
    for (const [logical, batch] of byQueue) {
      await sendMessages(
        sqs,
        queueUrlFor(queues, logical),
        batch.map((m) => ({
          body: m.body as object,
          ...(m.groupId ? { groupId: m.groupId } : {}),
          ...(m.dedupId ? { dedupId: m.dedupId } : {}),
        })),
      );
    }
  };
}

import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { CaseLogger } from "@onething/cases";
import { CaseIdSchema } from "@onething/contracts";
import { POISON_ATTRIBUTES } from "@onething/messaging";
import { z } from "zod";
import { isFifoUrl, type OpsQueue } from "./queues.ts";

/** A redriven message that names a case: what its timeline records (ids only, never the body). */
export interface RedrivenCaseMessage {
  caseId: string;
  /** The queue key (`orchestrator`, `results`, `events`, `dept-<id>`). */
  queue: string;
  /** The message's id in the dead-letter queue. */
  deadLetterMessageId: string;
}

/** Port: records a redriven message in its case's timeline (`createOps` writes it with the store). */
export type RecordRedrive = (message: RedrivenCaseMessage) => Promise<void>;

export interface RedriveOptions {
  /** Most messages received from the DLQ in one call. Default 1,000. */
  maxMessages?: number;
  /**
   * How long a received dead letter stays hidden while it is re-sent. Long enough for one call's work; a
   * message whose send failed reappears in the DLQ after it. Default 120 s.
   */
  visibilityTimeoutSeconds?: number;
  /**
   * Called for each moved message whose body carries a `caseId`, after the move. A failure is logged and the
   * redrive goes on: the message has moved either way.
   */
  recordInTimeline?: RecordRedrive;
}

export interface RedriveResult {
  /** Re-sent to the source queue and deleted from the DLQ. */
  moved: number;
  /** Received but refused by the source queue; still in the DLQ (visible again after the timeout). */
  failed: number;
}

export const DEFAULT_REDRIVE_MAX_MESSAGES = 1_000;
const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 120;
/** SQS's limit per ReceiveMessage, SendMessageBatch and DeleteMessageBatch. */
const BATCH = 10;
const POISON = new Set<string>(Object.values(POISON_ATTRIBUTES));

/**
 * Deduplication id of a redriven FIFO message, derived from the message's id in the DLQ. Not the original
 * dedup id: the source queue would drop the message as a duplicate if it was first sent less than five minutes
 * ago. Derived, not random: if the DLQ delete is lost and the same dead letter is redriven again, the second
 * copy is dropped. (A message dead-lettered again after a redrive carries a new id, so it can be redriven again.)
 */
export const redriveDeduplicationId = (deadLetterMessageId: string): string =>
  `redrive:${deadLetterMessageId}`;

// Every case-scoped message (case events, TaskDispatched / Cancelled / Escalated) names its case at the top level.
const CaseReferenceSchema = z.looseObject({ caseId: CaseIdSchema });

/** The case a message body names, if it is JSON with a `caseId`; nothing else of the body is read. */
function caseIdOf(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = CaseReferenceSchema.safeParse(json);
  return parsed.success ? parsed.data.caseId : undefined;
}

/** The message's own attributes, without the poison path's diagnosis (it described the last failure). */
function carriedAttributes(message: Message): Record<string, MessageAttributeValue> | undefined {
  const carried = Object.entries(message.MessageAttributes ?? {}).filter(([name]) => !POISON.has(name));
  return carried.length > 0 ? Object.fromEntries(carried) : undefined;
}

/**
 * The platform's own redrive (the SQS emulator has no `StartMessageMoveTask`, and the portable path is the
 * tested one): receive from the DLQ in batches of 10, re-send each message to its source queue with the same
 * body and attributes (FIFO: the same message group, a derived dedup id), and delete it from the DLQ only once
 * the source queue accepted it. Bounded by `maxMessages` per call. Logs each move with ids, never bodies.
 * SQS errors propagate (what was moved stays moved; the rest reappears in the DLQ after the timeout).
 */
export async function redriveDeadLetters(
  sqs: SQSClient,
  queue: OpsQueue,
  log: CaseLogger,
  options: RedriveOptions = {},
): Promise<RedriveResult> {
  const maxMessages = options.maxMessages ?? DEFAULT_REDRIVE_MAX_MESSAGES;
  const visibility = options.visibilityTimeoutSeconds ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
  const fifo = isFifoUrl(queue.url);
  let received = 0;
  let moved = 0;
  let failed = 0;
  try {
    while (received < maxMessages) {
      const { Messages: messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.deadLetterUrl,
          MaxNumberOfMessages: Math.min(BATCH, maxMessages - received),
          WaitTimeSeconds: 0,
          VisibilityTimeout: visibility,
          MessageSystemAttributeNames: ["MessageGroupId"],
          MessageAttributeNames: ["All"],
        }),
      );
      if (messages.length === 0) break;
      received += messages.length;

      const entries: SendMessageBatchRequestEntry[] = messages.map((m, i) => ({
        Id: String(i),
        MessageBody: m.Body ?? "",
        MessageAttributes: carriedAttributes(m),
        ...(fifo
          ? {
              // A FIFO DLQ keeps the group; "redrive" only if a message somehow arrived without one.
              MessageGroupId: m.Attributes?.MessageGroupId ?? "redrive",
              MessageDeduplicationId: redriveDeduplicationId(m.MessageId ?? String(i)),
            }
          : {}),
      }));
      const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: entries }));

      const accepted = (sent.Successful ?? []).flatMap((s) => {
        const message = messages[Number(s.Id)];
        return message ? [{ message, newMessageId: s.MessageId }] : [];
      });
      for (const f of sent.Failed ?? []) {
        failed++;
        log.warn("dead letter not redriven", {
          queue: queue.key,
          messageId: messages[Number(f.Id)]?.MessageId,
          code: f.Code,
        });
      }
      if (accepted.length > 0) {
        const deleted = await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queue.deadLetterUrl,
            Entries: accepted.map(({ message }, i) => ({
              Id: String(i),
              ReceiptHandle: message.ReceiptHandle,
            })),
          }),
        );
        // Sent but not deleted: the next redrive sends it again (same FIFO dedup id; consumers dedupe on eventId).
        for (const f of deleted.Failed ?? []) {
          log.warn("redriven dead letter not deleted", {
            queue: queue.key,
            messageId: accepted[Number(f.Id)]?.message.MessageId,
            code: f.Code,
          });
        }
      }
      for (const { message, newMessageId } of accepted) {
        moved++;
        log.info("dead letter redriven", {
          queue: queue.key,
          deadLetterMessageId: message.MessageId,
          messageId: newMessageId,
          ...(fifo ? { messageGroupId: message.Attributes?.MessageGroupId } : {}),
        });
        const caseId = options.recordInTimeline ? caseIdOf(message.Body) : undefined;
        if (options.recordInTimeline && caseId !== undefined && message.MessageId !== undefined) {
          await recordMove(options.recordInTimeline, log, {
            caseId,
            queue: queue.key,
            deadLetterMessageId: message.MessageId,
          });
        }
      }
      // The source queue refused a whole batch: stop instead of spinning through the rest of the DLQ.
      if (accepted.length === 0) break;
    }
  } catch (error) {
    log.error("redrive interrupted", { queue: queue.key, moved, error: (error as Error).message });
    throw error;
  }
  log.info("redrive done", { queue: queue.key, moved, failed });
  return { moved, failed };
}

async function recordMove(record: RecordRedrive, log: CaseLogger, moved: RedrivenCaseMessage): Promise<void> {
  try {
    await record(moved);
  } catch (error) {
    log.warn("redrive not recorded in the case timeline", {
      ...moved,
      errorName: error instanceof Error ? error.name : typeof error,
    });
  }
}

import type { SQSClient } from "@aws-sdk/client-sqs";
import type { CaseLogger } from "@onething/cases";
import { receiveAsSqsEvent } from "@onething/local-services";
import type { SQSRecord } from "aws-lambda";
import { sleep } from "./poller-slots.ts";
import type { RecordVisibility } from "./poller-visibility.ts";

/** SQS's limit per ReceiveMessage. */
const MAX_PER_RECEIVE = 10;

export interface BatchSource {
  readonly name: string;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly batchSize: number;
  readonly maxBatchingWindowMs: number;
  readonly waitTimeSeconds: number;
  readonly visibilityTimeoutSeconds?: number | undefined;
  readonly log: CaseLogger;
  readonly signal: AbortSignal;
  readonly counts: { received: number };
}

/**
 * One batch as Lambda's event source mapping gathers it: the first receive long-polls; once a record arrived,
 * receives again until `batchSize` records or the batching window has passed (window 0: the first receive is the
 * batch). Batches above 10 take several receives.
 */
export async function gatherBatch(source: BatchSource): Promise<SQSRecord[]> {
  const receive = async (max: number, wait: number): Promise<SQSRecord[]> => {
    const event = await receiveAsSqsEvent(source.sqs, source.queueUrl, {
      maxMessages: Math.min(MAX_PER_RECEIVE, max),
      waitTimeSeconds: wait,
      abortSignal: source.signal,
      ...(source.visibilityTimeoutSeconds === undefined
        ? {}
        : { visibilityTimeoutSeconds: source.visibilityTimeoutSeconds }),
    });
    source.counts.received += event.Records.length;
    return event.Records;
  };
  const batch = await receive(source.batchSize, source.waitTimeSeconds);
  if (batch.length === 0 || source.maxBatchingWindowMs <= 0) return batch;
  const deadline = Date.now() + source.maxBatchingWindowMs;
  try {
    while (batch.length < source.batchSize && !source.signal.aborted) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      // ReceiveMessage waits whole seconds; under a second, short polls with a pause keep to the window.
      const wait = Math.floor(remaining / 1000);
      const more = await receive(source.batchSize - batch.length, wait);
      batch.push(...more);
      if (more.length === 0 && wait === 0) await sleep(Math.min(remaining, 50), source.signal);
    }
  } catch (error) {
    // Stopping (or the emulator going away) mid-window: what was received is still invoked.
    if (!source.signal.aborted)
      source.log.warn("receive failed while batching", {
        queue: source.name,
        error: (error as Error).message,
      });
  }
  return batch;
}

export interface GroupGuard {
  /** The records whose FIFO group is free (now taken), and those groups; the others are handed back. */
  claim(records: SQSRecord[]): Promise<{ records: SQSRecord[]; groups: string[] }>;
  release(groups: readonly string[]): void;
}

/**
 * FIFO guard: never two invocations with records of one message group at once. The emulator locks a group while
 * one of its messages is in flight, so this is a guard: a record whose group is busy is handed back, unprocessed.
 * A standard queue claims nothing.
 */
export function createGroupGuard(options: {
  readonly fifo: boolean;
  readonly name: string;
  readonly log: CaseLogger;
  readonly visibility: RecordVisibility;
  readonly counts: { groupConflicts: number };
}): GroupGuard {
  const busyGroups = new Set<string>();
  return {
    async claim(records) {
      if (!options.fifo) return { records, groups: [] };
      const mine = new Set<string>();
      const kept: SQSRecord[] = [];
      const handBack: SQSRecord[] = [];
      for (const record of records) {
        const group = record.attributes.MessageGroupId ?? "";
        if (busyGroups.has(group) && !mine.has(group)) handBack.push(record);
        else {
          mine.add(group);
          kept.push(record);
        }
      }
      for (const group of mine) busyGroups.add(group);
      if (handBack.length > 0) {
        options.counts.groupConflicts += handBack.length;
        options.log.warn("fifo group already in flight; records handed back", {
          queue: options.name,
          messageIds: handBack.map((r) => r.messageId),
        });
        await options.visibility.handBack(handBack);
      }
      return { records: kept, groups: [...mine] };
    },
    release(groups) {
      for (const group of groups) busyGroups.delete(group);
    },
  };
}

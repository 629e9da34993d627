import type { SQSClient } from "@aws-sdk/client-sqs";
import type { CaseLogger } from "@onething/cases";
import type { SQSRecord } from "aws-lambda";
import { createGroupGuard, gatherBatch } from "./poller-batch.ts";
import { invokeLikeLambda, type SqsHandler } from "./poller-invoke.ts";
import { createSlots, sleep } from "./poller-slots.ts";
import { createRecordVisibility } from "./poller-visibility.ts";

export type { SqsHandler };

export interface QueuePollerOptions {
  /** For logs and stats: the consumer's name (`orchestrator`, `results`, `dept-health`). */
  readonly name: string;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly handler: SqsHandler;
  /** Lambda `BatchSize`: most records per invocation (more than 10 takes several receives). */
  readonly batchSize: number;
  /** Lambda `MaximumBatchingWindowInSeconds`, in ms: how long to keep gathering once the first record arrived. */
  readonly maxBatchingWindowMs: number;
  /** Lambda `ScalingConfig.MaximumConcurrency`: invocations running at once. */
  readonly maxConcurrency: number;
  /**
   * The function's timeout: an invocation running longer counts as failed (nothing deleted, logged as an overrun);
   * its slot and FIFO groups stay taken until the handler settles.
   */
  readonly functionTimeoutMs: number;
  /** Overrides the queue's visibility timeout on receive (tests use 1 s to see redelivery quickly). */
  readonly visibilityTimeoutSeconds?: number;
  /** Long-poll wait of each receive while idle. Default 10 s (a stopping poller aborts it). */
  readonly waitTimeSeconds?: number;
  readonly log: CaseLogger;
}

export interface PollerStats {
  readonly name: string;
  /** Records received (each delivery counts: a retried record counts again). */
  readonly received: number;
  readonly invocations: number;
  /** Records the handler reported done, deleted from the queue. */
  readonly succeeded: number;
  /** Records left on the queue to reappear after the visibility timeout (listed failures, throws, timeouts). */
  readonly failed: number;
  /** Invocations that threw or timed out (their whole batch failed). */
  readonly failedInvocations: number;
  readonly inFlight: number;
  /** Most invocations ever running at once. */
  readonly maxInFlight: number;
  /** FIFO records received while another record of their group was in flight, handed back unprocessed. */
  readonly groupConflicts: number;
}

export interface QueuePoller {
  start(): void;
  /**
   * Stops receiving (a pending long poll is aborted), then waits for the invocations in flight, at most
   * `drainTimeoutMs` (default 10 s). Idempotent.
   */
  stop(options?: { drainTimeoutMs?: number }): Promise<void>;
  stats(): PollerStats;
}

const RECEIVE_ERROR_BACKOFF_MS = 1_000;
const DEFAULT_WAIT_TIME_SECONDS = 10;

/**
 * Emulates Lambda's SQS event source mapping for one queue, over the real emulator and the real handler:
 *
 * - long-polls the queue; once a record arrives, keeps receiving until `batchSize` records or the batching window
 *   has passed (window 0: the first receive is the batch), and invokes the handler with the `SQSEvent` Lambda
 *   would build (`receiveAsSqsEvent`);
 * - at most `maxConcurrency` invocations at once: it receives only when a slot is free, so no record waits
 *   invisible for a slot; an invocation that timed out holds its slot (and its FIFO groups) until its handler
 *   actually settles, since a handler here cannot be killed the way Lambda kills a timed-out sandbox;
 * - honours partial batch responses (`ReportBatchItemFailures`): deletes the records not listed, leaves the listed
 *   ones to reappear after the visibility timeout; a throw, a timeout or a malformed response fails the whole batch
 *   (`settleLikeLambda`);
 * - the queue's redrive policy does the rest: a record received more than `maxReceiveCount` times moves to the DLQ
 *   on the receive that would exceed it, as on AWS;
 * - FIFO: never two invocations with records of one message group at once. The emulator locks a group while one of
 *   its messages is in flight, so this is a guard: a record whose group is busy is handed back, unprocessed
 *   (visibility 1 s: `RELEASE_VISIBILITY_SECONDS`, since a persisted fauxqs fails on 0).
 *
 * @example
 * const poller = createQueuePoller({ name: "results", sqs, queueUrl, handler, batchSize: 10,
 *   maxBatchingWindowMs: 1000, maxConcurrency: 5, functionTimeoutMs: 20_000, log });
 * poller.start(); … await poller.stop();
 */
export function createQueuePoller(options: QueuePollerOptions): QueuePoller {
  if (!(options.batchSize >= 1)) throw new Error(`${options.name}: batchSize must be at least 1`);
  if (!(options.maxConcurrency >= 1)) throw new Error(`${options.name}: maxConcurrency must be at least 1`);
  const fifo = options.queueUrl.endsWith(".fifo");
  const waitTimeSeconds = options.waitTimeSeconds ?? DEFAULT_WAIT_TIME_SECONDS;
  const slots = createSlots(options.maxConcurrency);
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  const counts = {
    received: 0,
    invocations: 0,
    succeeded: 0,
    failed: 0,
    failedInvocations: 0,
    maxInFlight: 0,
    groupConflicts: 0,
  };
  const visibility = createRecordVisibility(options);
  const invoker = { ...options, visibility, counts };
  const groupGuard = createGroupGuard({ fifo, name: options.name, log: options.log, visibility, counts });
  const batchSource = { ...options, waitTimeSeconds, signal: abort.signal, counts };
  let loop: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  /** Starts one invocation in a slot the caller holds; the slot and the groups are freed when it settles. */
  const dispatch = (records: SQSRecord[], groups: string[]) => {
    const invocation = invokeLikeLambda(invoker, records).finally(() => {
      groupGuard.release(groups);
      inFlight.delete(invocation);
      slots.release();
    });
    inFlight.add(invocation);
    counts.maxInFlight = Math.max(counts.maxInFlight, inFlight.size);
  };

  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      if (!(await slots.acquire(abort.signal))) break;
      let dispatched = false;
      try {
        if (abort.signal.aborted) break;
        const { records, groups } = await groupGuard.claim(await gatherBatch(batchSource));
        if (records.length === 0) continue;
        dispatch(records, groups);
        dispatched = true;
      } catch (error) {
        if (abort.signal.aborted) break;
        options.log.warn("receive failed; retrying", {
          queue: options.name,
          error: (error as Error).message,
        });
        await sleep(RECEIVE_ERROR_BACKOFF_MS, abort.signal);
      } finally {
        if (!dispatched) slots.release();
      }
    }
  };

  /** Stops receiving, then waits for the invocations in flight, at most `drainTimeoutMs`. */
  const drain = async (drainTimeoutMs: number): Promise<void> => {
    abort.abort();
    await loop;
    if (inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), drainTimeoutMs);
    });
    const outcome = await Promise.race([
      Promise.allSettled([...inFlight]).then(() => "drained" as const),
      gaveUp,
    ]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      options.log.warn("stopped with invocations still running", {
        queue: options.name,
        inFlight: inFlight.size,
      });
    }
  };

  return {
    start() {
      if (loop || stopping) return;
      loop = run();
    },
    stop({ drainTimeoutMs = 10_000 } = {}) {
      stopping ??= drain(drainTimeoutMs);
      return stopping;
    },
    stats() {
      return { name: options.name, ...counts, inFlight: inFlight.size };
    },
  };
}

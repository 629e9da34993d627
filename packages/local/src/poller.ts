import { ChangeMessageVisibilityBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { CaseLogger } from "@onething/cases";
import { RELEASE_VISIBILITY_SECONDS, receiveAsSqsEvent, settleLikeLambda } from "@onething/local-services";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/** A Lambda SQS handler (or anything shaped like one: the simulated departments use the same poller). */
export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined | null>;

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

/** SQS's limit per ReceiveMessage. */
const MAX_PER_RECEIVE = 10;
const RECEIVE_ERROR_BACKOFF_MS = 1_000;
const DEFAULT_WAIT_TIME_SECONDS = 10;
/** Visibility a timed-out batch is kept at (and renewed) while its handler still runs. */
const OVERRUN_VISIBILITY_SECONDS = 30;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

class FunctionTimeoutError extends Error {
  override name = "FunctionTimeoutError";
}

/** Invocation slots: `acquire` resolves true once one is free, or false if the signal aborts the wait first. */
function createSlots(limit: number) {
  let used = 0;
  const waiting: ((granted: boolean) => void)[] = [];
  return {
    acquire(signal: AbortSignal): Promise<boolean> {
      if (signal.aborted) return Promise.resolve(false);
      if (used < limit) {
        used++;
        return Promise.resolve(true);
      }
      return new Promise((resolve) => {
        const grant = (granted: boolean) => {
          signal.removeEventListener("abort", onAbort);
          resolve(granted);
        };
        const onAbort = () => {
          waiting.splice(waiting.indexOf(grant), 1);
          resolve(false);
        };
        waiting.push(grant);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
    release(): void {
      const next = waiting.shift();
      if (next) next(true);
      else used--;
    },
  };
}

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
  const busyGroups = new Set<string>();
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
  let loop: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const receive = async (max: number, wait: number): Promise<SQSRecord[]> => {
    const event = await receiveAsSqsEvent(options.sqs, options.queueUrl, {
      maxMessages: Math.min(MAX_PER_RECEIVE, max),
      waitTimeSeconds: wait,
      abortSignal: abort.signal,
      ...(options.visibilityTimeoutSeconds === undefined
        ? {}
        : { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }),
    });
    counts.received += event.Records.length;
    return event.Records;
  };

  /** One batch as Lambda gathers it: the first receive long-polls, the window then tops it up. */
  const gatherBatch = async (): Promise<SQSRecord[]> => {
    const batch = await receive(options.batchSize, waitTimeSeconds);
    if (batch.length === 0 || options.maxBatchingWindowMs <= 0) return batch;
    const deadline = Date.now() + options.maxBatchingWindowMs;
    try {
      while (batch.length < options.batchSize && !abort.signal.aborted) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) break;
        // ReceiveMessage waits whole seconds; under a second, short polls with a pause keep to the window.
        const wait = Math.floor(remaining / 1000);
        const more = await receive(options.batchSize - batch.length, wait);
        batch.push(...more);
        if (more.length === 0 && wait === 0) await sleep(Math.min(remaining, 50), abort.signal);
      }
    } catch (error) {
      // Stopping (or the emulator going away) mid-window: what was received is still invoked.
      if (!abort.signal.aborted)
        options.log.warn("receive failed while batching", {
          queue: options.name,
          error: (error as Error).message,
        });
    }
    return batch;
  };

  /** FIFO guard: records whose group is already in flight go back to the queue unprocessed. */
  const claimGroups = async (records: SQSRecord[]): Promise<{ records: SQSRecord[]; groups: string[] }> => {
    if (!fifo) return { records, groups: [] };
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
      counts.groupConflicts += handBack.length;
      options.log.warn("fifo group already in flight; records handed back", {
        queue: options.name,
        messageIds: handBack.map((r) => r.messageId),
      });
      await options.sqs
        .send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: handBack.map((r, i) => ({
              Id: String(i),
              ReceiptHandle: r.receiptHandle,
              VisibilityTimeout: RELEASE_VISIBILITY_SECONDS,
            })),
          }),
        )
        .catch((error: unknown) =>
          options.log.warn("could not hand records back", {
            queue: options.name,
            error: (error as Error).message,
          }),
        );
    }
    return { records: kept, groups: [...mine] };
  };

  const setVisibility = (records: SQSRecord[], seconds: number) =>
    options.sqs
      .send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: records.map((r, i) => ({
            Id: String(i),
            ReceiptHandle: r.receiptHandle,
            VisibilityTimeout: seconds,
          })),
        }),
      )
      .then(
        () => undefined,
        (error: unknown) =>
          options.log.warn("could not change the visibility of a timed-out batch", {
            queue: options.name,
            error: (error as Error).message,
          }),
      );

  /**
   * A timed-out batch whose handler still runs: keeps its records invisible (renewed every half visibility
   * timeout) so they are not redelivered, and their FIFO group handed back over and over (each receive counts
   * towards the DLQ), while the handler cannot be stopped. The returned function ends that and makes them
   * visible within a second: the batch failed, and on AWS the killed invocation's records would be back by now.
   */
  const holdRecords = (records: SQSRecord[]): (() => Promise<void>) => {
    const seconds = options.visibilityTimeoutSeconds ?? OVERRUN_VISIBILITY_SECONDS;
    void setVisibility(records, seconds);
    const renew = setInterval(() => void setVisibility(records, seconds), (seconds * 1000) / 2);
    return async () => {
      clearInterval(renew);
      await setVisibility(records, RELEASE_VISIBILITY_SECONDS);
    };
  };

  /**
   * One invocation. Resolves only once the handler itself has settled: a timed-out invocation fails its batch at
   * the timeout (nothing deleted, as on AWS), but its concurrency slot and FIFO groups stay taken until the handler
   * really stops, because Lambda never runs a group in two invocations at once nor more than `maxConcurrency`.
   * (Lambda kills the sandbox at the timeout; here the handler cannot be killed, so we wait for it.)
   */
  const invoke = async (records: SQSRecord[], groups: string[]): Promise<void> => {
    counts.invocations++;
    const event: SQSEvent = { Records: records };
    const startedAt = performance.now();
    const running = (async () => options.handler(event))();
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    let keepInvisible: (() => Promise<void>) | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          keepInvisible = holdRecords(records);
          reject(new FunctionTimeoutError(`timed out after ${options.functionTimeoutMs} ms`));
        }, options.functionTimeoutMs);
      });
      const response = await Promise.race([running, timeout]);
      const settled = await settleLikeLambda(options.sqs, options.queueUrl, event, response ?? undefined);
      counts.succeeded += settled.deleted.length;
      counts.failed += settled.failed.length;
      if (settled.failed.length > 0) {
        options.log.info("records failed; they return after the visibility timeout", {
          queue: options.name,
          failed: settled.failed.length,
          batch: records.length,
        });
      }
    } catch (error) {
      // Lambda: a function error or timeout fails the whole batch; every record returns after the timeout.
      counts.failedInvocations++;
      counts.failed += records.length;
      options.log.error("invocation failed; the whole batch returns after the visibility timeout", {
        queue: options.name,
        batch: records.length,
        error: (error as Error).message,
        errorName: (error as Error).name,
        ...(timedOut
          ? { note: "the handler is still running: its slot and FIFO groups stay taken until it ends" }
          : {}),
      });
    } finally {
      clearTimeout(timer);
      if (timedOut) {
        const outcome = await running.then(
          () => "returned",
          () => "threw",
        );
        await keepInvisible?.();
        options.log.warn("timed-out invocation overran its timeout; slot and FIFO groups released", {
          queue: options.name,
          batch: records.length,
          timeoutMs: options.functionTimeoutMs,
          overrunMs: Math.round(performance.now() - startedAt - options.functionTimeoutMs),
          outcome,
        });
      }
      for (const group of groups) busyGroups.delete(group);
    }
  };

  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      if (!(await slots.acquire(abort.signal))) break;
      let dispatched = false;
      try {
        if (abort.signal.aborted) break;
        const received = await gatherBatch();
        const { records, groups } = await claimGroups(received);
        if (records.length === 0) continue;
        const invocation = invoke(records, groups).finally(() => {
          inFlight.delete(invocation);
          slots.release();
        });
        inFlight.add(invocation);
        counts.maxInFlight = Math.max(counts.maxInFlight, inFlight.size);
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

  return {
    start() {
      if (loop || stopping) return;
      loop = run();
    },
    stop({ drainTimeoutMs = 10_000 } = {}) {
      stopping ??= (async () => {
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
      })();
      return stopping;
    },
    stats() {
      return { name: options.name, ...counts, inFlight: inFlight.size };
    },
  };
}

import type { SQSClient } from "@aws-sdk/client-sqs";
import type { CaseLogger } from "@onething/cases";
import { settleLikeLambda } from "@onething/local-services";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { RecordVisibility } from "./poller-visibility.ts";

/** A Lambda SQS handler (or anything shaped like one: the simulated departments use the same poller). */
export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined | null>;

class FunctionTimeoutError extends Error {
  override name = "FunctionTimeoutError";
}

/** The counters an invocation moves (the poller's stats). */
export interface InvocationCounts {
  invocations: number;
  succeeded: number;
  failed: number;
  failedInvocations: number;
}

export interface Invoker {
  readonly name: string;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly handler: SqsHandler;
  readonly functionTimeoutMs: number;
  readonly log: CaseLogger;
  readonly visibility: RecordVisibility;
  readonly counts: InvocationCounts;
}

/**
 * One invocation, as Lambda runs it. Resolves only once the handler itself has settled: a timed-out invocation
 * fails its batch at the timeout (nothing deleted, as on AWS), but the caller's concurrency slot and FIFO groups
 * stay taken until the handler really stops, because Lambda never runs a group in two invocations at once nor
 * more than `maxConcurrency`. (Lambda kills the sandbox at the timeout; here the handler cannot be killed, so we
 * wait for it.)
 */
export async function invokeLikeLambda(invoker: Invoker, records: SQSRecord[]): Promise<void> {
  const { counts, log } = invoker;
  counts.invocations++;
  const event: SQSEvent = { Records: records };
  const startedAt = performance.now();
  const running = (async () => invoker.handler(event))();
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  let keepInvisible: (() => Promise<void>) | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        keepInvisible = invoker.visibility.hold(records);
        reject(new FunctionTimeoutError(`timed out after ${invoker.functionTimeoutMs} ms`));
      }, invoker.functionTimeoutMs);
    });
    const response = await Promise.race([running, timeout]);
    const settled = await settleLikeLambda(invoker.sqs, invoker.queueUrl, event, response ?? undefined);
    counts.succeeded += settled.deleted.length;
    counts.failed += settled.failed.length;
    if (settled.failed.length > 0) {
      log.info("records failed; they return after the visibility timeout", {
        queue: invoker.name,
        failed: settled.failed.length,
        batch: records.length,
      });
    }
  } catch (error) {
    // Lambda: a function error or timeout fails the whole batch; every record returns after the timeout.
    counts.failedInvocations++;
    counts.failed += records.length;
    log.error("invocation failed; the whole batch returns after the visibility timeout", {
      queue: invoker.name,
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
      log.warn("timed-out invocation overran its timeout; slot and FIFO groups released", {
        queue: invoker.name,
        batch: records.length,
        timeoutMs: invoker.functionTimeoutMs,
        overrunMs: Math.round(performance.now() - startedAt - invoker.functionTimeoutMs),
        outcome,
      });
    }
  }
}

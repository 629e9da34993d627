import type { SweepReport } from "@onething/consumers";
import type { ProvisionedQueues } from "@onething/local-services";
import type { Topology } from "@onething/topology";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { createSinkLogger } from "./logger.ts";
import type { ResolvedOptions } from "./options.ts";
import { createQueuePoller, type QueuePoller } from "./poller.ts";

/** The sweeper's schedule (platform time), from the topology: the same rule EventBridge gets on AWS. */
export function sweepEveryMs(topology: Topology): number {
  const trigger = topology.functions.sweeper.trigger;
  return trigger.kind === "schedule" ? trigger.everyMinutes * 60_000 : 60_000;
}

/** The queue consumers of the composed platform, by the topology's function names. */
export interface QueueHandlers {
  readonly orchestrator: (event: SQSEvent) => Promise<SQSBatchResponse>;
  readonly results: (event: SQSEvent) => Promise<SQSBatchResponse>;
  readonly events: (event: SQSEvent) => Promise<SQSBatchResponse>;
  readonly webhooks: (event: SQSEvent) => Promise<SQSBatchResponse>;
}

/** One Lambda-like poller per queue the topology gives a consumer function, feeding it as the event source would. */
export function startPollers(
  topology: Topology,
  queues: ProvisionedQueues,
  sqs: Parameters<typeof createQueuePoller>[0]["sqs"],
  handlers: QueueHandlers,
  options: ResolvedOptions,
  loggerFor: (
    service: "orchestrator" | "results" | "events" | "webhooks",
  ) => ReturnType<typeof createSinkLogger>,
): QueuePoller[] {
  const pollers: QueuePoller[] = [];
  for (const name of ["orchestrator", "results", "events", "webhooks"] as const) {
    const spec = topology.queues[name];
    const consumer = spec.consumer;
    if (consumer.kind !== "function") continue;
    const poller = createQueuePoller({
      name,
      sqs,
      queueUrl: queues[name].url,
      handler: handlers[consumer.function],
      batchSize: consumer.batchSize,
      maxBatchingWindowMs: consumer.maxBatchingWindowSeconds * 1000,
      maxConcurrency: consumer.maxConcurrency,
      functionTimeoutMs: topology.consumers[consumer.function].timeoutSeconds * 1000,
      waitTimeSeconds: options.pollWaitSeconds,
      log: loggerFor(name),
    });
    poller.start();
    pollers.push(poller);
  }
  return pollers;
}

/** The scheduled sweeper: a tick now (resending what a previous run left pending), then every `everyMs`. */
export function startSweeper(
  tick: () => Promise<SweepReport>,
  everyMs: number,
  log: ReturnType<typeof createSinkLogger>,
) {
  let ticks = 0;
  let last: SweepReport | undefined;
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return;
    running = tick()
      .then((report) => {
        ticks++;
        last = report;
      })
      .catch((error: unknown) =>
        log.error("sweep failed; the next tick retries", { error: (error as Error).message }),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
    stats: () => ({ ticks, last }),
  };
}

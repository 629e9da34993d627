import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { createQueuePoller, type QueuePoller, type QueuePollerOptions } from "@onething/local";
import { sendMessages } from "@onething/messaging";
import { useLocalPlatform } from "@onething/test-harness";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { describe, it, type TestContext } from "vitest";

// One provisioned set of queues per scenario (they run concurrently): leftovers of one cannot reach another.
const platformFor = (name: string) => useLocalPlatform({ name, departmentIds: ["health"] });
const [partial, deadLetter, concurrency, fifo, window, thrown, overrun, overrunFifo] = await Promise.all([
  platformFor("poll-partial"),
  platformFor("poll-dlq"),
  platformFor("poll-conc"),
  platformFor("poll-fifo"),
  platformFor("poll-window"),
  platformFor("poll-throw"),
  platformFor("poll-overrun"),
  platformFor("poll-overrun-fifo"),
]);

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** A started poller, stopped when its test finishes. */
function poller(
  context: TestContext,
  options: Partial<QueuePollerOptions> & Pick<QueuePollerOptions, "sqs" | "queueUrl" | "handler">,
): QueuePoller {
  const p = createQueuePoller({
    name: "test",
    batchSize: 10,
    maxBatchingWindowMs: 0,
    maxConcurrency: 5,
    functionTimeoutMs: 5_000,
    visibilityTimeoutSeconds: 1,
    waitTimeSeconds: 1,
    log: silent,
    ...options,
  });
  context.onTestFinished(() => p.stop());
  p.start();
  return p;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const bodyOf = (record: SQSRecord) => JSON.parse(record.body) as { n: number; fail?: boolean };
const receiveCount = (record: SQSRecord) => Number(record.attributes.ApproximateReceiveCount);

describe.concurrent("queue poller (Lambda's SQS event source mapping): batch responses and redrive", () => {
  it("deletes what succeeded and redelivers only the records listed as failed", async (context) => {
    const { expect } = context;
    const url = partial.queues.results.url;
    await sendMessages(
      partial.clients.sqs,
      url,
      [1, 2, 3, 4, 5].map((n) => ({ body: { n, fail: n % 2 === 0 } })),
    );
    const deliveries: { n: number; count: number }[] = [];
    const p = poller(context, {
      sqs: partial.clients.sqs,
      queueUrl: url,

      handler: async (event: SQSEvent): Promise<SQSBatchResponse> => {
        const failures = event.Records.filter((r) => bodyOf(r).fail && receiveCount(r) === 1);
        for (const r of event.Records) deliveries.push({ n: bodyOf(r).n, count: receiveCount(r) });
        return { batchItemFailures: failures.map((r) => ({ itemIdentifier: r.messageId })) };
      },
    });
    await until(() => p.stats().succeeded === 5, 10_000, "the failed records to come back and succeed");
    // Give anything wrongly kept a chance to reappear after the 1 s visibility timeout.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const seen = (n: number) => deliveries.filter((d) => d.n === n).map((d) => d.count);
    expect(seen(1)).toEqual([1]);
    expect(seen(3)).toEqual([1]);
    expect(seen(5)).toEqual([1]);
    expect(seen(2)).toEqual([1, 2]);
    expect(seen(4)).toEqual([1, 2]);
    expect(p.stats()).toMatchObject({ received: 7, succeeded: 5, failed: 2, failedInvocations: 0 });
  });

  it(`moves a record that keeps failing to the DLQ after the max receive count`, async (context) => {
    const { expect } = context;
    const url = deadLetter.queues.results.url;
    const maxReceiveCount = deadLetter.topology.queues.results.maxReceiveCount;
    await sendMessages(deadLetter.clients.sqs, url, [{ body: { n: 1 } }, { body: { n: 2 } }]);
    const counts: number[] = [];
    poller(context, {
      sqs: deadLetter.clients.sqs,
      queueUrl: url,
      // One invocation at a time, so a failed record may be visible again at once: no waiting out a timeout.
      maxConcurrency: 1,
      visibilityTimeoutSeconds: 0,
      handler: async (event) => {
        counts.push(...event.Records.filter((r) => bodyOf(r).n === 1).map(receiveCount));
        return {
          batchItemFailures: event.Records.filter((r) => bodyOf(r).n === 1).map((r) => ({
            itemIdentifier: r.messageId,
          })),
        };
      },
    });
    const dlq = deadLetter.queues.results.deadLetterQueue.url;
    let dead: { Body?: string; Attributes?: Record<string, string> }[] = [];
    const deadline = Date.now() + 20_000;
    while (dead.length === 0 && Date.now() < deadline) {
      ({ Messages: dead = [] } = await deadLetter.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 1, VisibilityTimeout: 30 }),
      ));
    }
    expect(dead.map((m) => JSON.parse(m.Body ?? "{}"))).toEqual([{ n: 1 }]);
    expect(counts).toEqual(Array.from({ length: maxReceiveCount }, (_, i) => i + 1));
  });
});

describe.concurrent("queue poller: concurrency, FIFO groups and the batching window", () => {
  it("never runs more invocations at once than the max concurrency", async (context) => {
    const { expect } = context;
    const url = concurrency.queues.results.url;
    await sendMessages(
      concurrency.clients.sqs,
      url,
      Array.from({ length: 24 }, (_, n) => ({ body: { n } })),
    );
    let running = 0;
    let peak = 0;
    let done = 0;
    const p = poller(context, {
      sqs: concurrency.clients.sqs,
      queueUrl: url,
      batchSize: 2,
      maxConcurrency: 3,
      handler: async (event) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 150));
        running--;
        done += event.Records.length;
        return { batchItemFailures: [] };
      },
    });
    await until(() => done === 24 && p.stats().succeeded === 24, 15_000, "every record");
    expect(peak).toBe(3);
    expect(p.stats().maxInFlight).toBe(3);
    expect(p.stats()).toMatchObject({ succeeded: 24, failed: 0 });
  });

  it("FIFO: keeps each group's order and never runs one group in two invocations at once", async (context) => {
    const { expect } = context;
    const url = fifo.queues.orchestrator.url;
    const groups = ["case-a", "case-b", "case-c"];
    await sendMessages(
      fifo.clients.sqs,
      url,
      groups.flatMap((group) =>
        [1, 2, 3, 4].map((n) => ({ body: { group, n }, groupId: group, dedupId: `${group}-${n}` })),
      ),
    );
    const order: Record<string, number[]> = {};
    const busy = new Set<string>();
    let overlap = false;
    const p = poller(context, {
      sqs: fifo.clients.sqs,
      queueUrl: url,
      maxConcurrency: 10,
      handler: async (event) => {
        const mine = [...new Set(event.Records.map((r) => r.attributes.MessageGroupId ?? ""))];
        if (mine.some((g) => busy.has(g))) overlap = true;
        for (const g of mine) busy.add(g);
        await new Promise((resolve) => setTimeout(resolve, 30));
        for (const r of event.Records) {
          const { group, n } = JSON.parse(r.body) as { group: string; n: number };
          order[group] = [...(order[group] ?? []), n];
        }
        for (const g of mine) busy.delete(g);
        return { batchItemFailures: [] };
      },
    });
    await until(() => Object.values(order).flat().length === 12, 10_000, "every record");
    expect(overlap).toBe(false);
    for (const group of groups) expect(order[group]).toEqual([1, 2, 3, 4]);
    expect(p.stats().groupConflicts).toBe(0);
  });

  it("gathers records for the batching window before invoking", async (context) => {
    const { expect } = context;
    const url = window.queues.results.url;
    const batches: number[] = [];
    poller(context, {
      sqs: window.clients.sqs,
      queueUrl: url,
      maxBatchingWindowMs: 1_000,
      visibilityTimeoutSeconds: 5,
      handler: async (event) => {
        batches.push(event.Records.length);
        return { batchItemFailures: [] };
      },
    });
    for (const n of [1, 2, 3]) {
      await sendMessages(window.clients.sqs, url, [{ body: { n } }]);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await until(() => batches.reduce((a, b) => a + b, 0) === 3, 5_000, "the batch");
    expect(batches).toEqual([3]);
  });
});

describe.concurrent("queue poller: function errors and timeouts", () => {
  it("fails the whole batch when the handler throws or times out (nothing is deleted)", async (context) => {
    const { expect } = context;
    const url = thrown.queues.results.url;
    await sendMessages(thrown.clients.sqs, url, [{ body: { n: 1 } }, { body: { n: 2 } }]);
    const deliveries: number[] = [];
    const p = poller(context, {
      sqs: thrown.clients.sqs,
      queueUrl: url,
      maxBatchingWindowMs: 200,
      functionTimeoutMs: 200,
      handler: async (event) => {
        const counts = event.Records.map(receiveCount);
        deliveries.push(...counts);
        if (counts.includes(1)) throw new Error("boom");
        if (counts.includes(2)) await new Promise((resolve) => setTimeout(resolve, 400));
        return { batchItemFailures: [] };
      },
    });
    await until(() => p.stats().succeeded === 2, 10_000, "a third delivery of both");
    expect(deliveries.sort()).toEqual([1, 1, 2, 2, 3, 3]);
    expect(p.stats().succeeded).toBe(2);
    expect(p.stats().failedInvocations).toBeGreaterThanOrEqual(2);
  });

  it("a timed-out invocation keeps its slot until the slow handler settles (and logs the overrun)", async (context) => {
    const { expect } = context;
    const url = overrun.queues.results.url;
    await sendMessages(overrun.clients.sqs, url, [{ body: { n: 1 } }, { body: { n: 2 } }]);
    let running = 0;
    let peak = 0;
    const overruns: Record<string, unknown>[] = [];
    const p = poller(context, {
      sqs: overrun.clients.sqs,
      queueUrl: url,
      batchSize: 1,
      maxConcurrency: 1,
      functionTimeoutMs: 200,
      log: {
        ...silent,
        warn: (message, fields) => {
          if (message.includes("overran")) overruns.push(fields ?? {});
        },
      },
      handler: async (event) => {
        running++;
        peak = Math.max(peak, running);
        // The first delivery of each record overruns the 200 ms timeout by far; the retry is quick.
        const first = event.Records.some((r) => receiveCount(r) === 1);
        await new Promise((resolve) => setTimeout(resolve, first ? 1_200 : 10));
        running--;
        return { batchItemFailures: [] };
      },
    });
    await until(() => p.stats().succeeded === 2, 15_000, "both records, after their timed-out first tries");
    expect(peak).toBe(1);
    expect(p.stats().maxInFlight).toBe(1);
    expect(p.stats().failedInvocations).toBe(2);
    expect(overruns).toHaveLength(2);
    expect(overruns[0]).toMatchObject({ timeoutMs: 200, outcome: "returned" });
    expect(Number(overruns[0]?.overrunMs)).toBeGreaterThanOrEqual(800);
  });

  it("FIFO: a timed-out invocation keeps its group until the slow handler settles", async (context) => {
    const { expect } = context;
    const url = overrunFifo.queues.orchestrator.url;
    await sendMessages(overrunFifo.clients.sqs, url, [
      { body: { n: 1 }, groupId: "case-slow", dedupId: "slow-1" },
      { body: { n: 2 }, groupId: "case-slow", dedupId: "slow-2" },
    ]);
    const busy = new Set<string>();
    let overlap = false;
    let handled = 0;
    const p = poller(context, {
      sqs: overrunFifo.clients.sqs,
      queueUrl: url,
      batchSize: 1,
      maxConcurrency: 10,
      functionTimeoutMs: 200,
      handler: async (event) => {
        const group = event.Records[0]?.attributes.MessageGroupId ?? "";
        if (busy.has(group)) overlap = true;
        busy.add(group);
        // Longer than the 1 s visibility timeout: the record is visible again while this still runs.
        const first = event.Records.some((r) => receiveCount(r) === 1);
        await new Promise((resolve) => setTimeout(resolve, first ? 1_800 : 10));
        busy.delete(group);
        handled++;
        return { batchItemFailures: [] };
      },
    });
    await until(() => p.stats().succeeded === 2, 20_000, "both records of the group");
    expect(overlap).toBe(false);
    expect(handled).toBeGreaterThanOrEqual(3);
    expect(p.stats().failedInvocations).toBeGreaterThanOrEqual(1);
  });
});

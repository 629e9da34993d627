import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import {
  createSqsConsumer,
  POISON_ATTRIBUTES,
  sendMessages,
  sendPoisonToDeadLetterQueue,
} from "@onething/messaging";
import { receiveAsSqsEvent, settleLikeLambda, useLocalPlatform } from "@onething/test-harness";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const platform = await useLocalPlatform({ name: "messaging" });
const { sqs } = platform.clients;
const { orchestrator, results } = platform.queues;

const StepSchema = z.object({ caseId: z.string(), step: z.number().int() });
const quiet = () => {};

type Handler = (event: SQSEvent) => Promise<SQSBatchResponse>;
type ReceiveOverrides = { visibilityTimeoutSeconds?: number };

/** One turn of Lambda's poller: receive a batch, invoke, delete what succeeded. */
async function pollOnce(queueUrl: string, handler: Handler, receive: ReceiveOverrides = {}): Promise<number> {
  const event = await receiveAsSqsEvent(sqs, queueUrl, { waitTimeSeconds: 1, ...receive });
  if (event.Records.length > 0) await settleLikeLambda(sqs, queueUrl, event, await handler(event));
  return event.Records.length;
}

async function pump(queueUrl: string, handler: Handler, done: () => boolean, receive: ReceiveOverrides = {}) {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("pump: deadline passed");
    await pollOnce(queueUrl, handler, receive);
  }
}

/** Receives (and deletes) until `count` records arrived or `withinMs` passed. */
async function receiveAll(queueUrl: string, count: number, withinMs = 10_000): Promise<SQSRecord[]> {
  const received: SQSRecord[] = [];
  const deadline = Date.now() + withinMs;
  do {
    const event = await receiveAsSqsEvent(sqs, queueUrl, { waitTimeSeconds: withinMs === 0 ? 0 : 1 });
    await settleLikeLambda(sqs, queueUrl, event, { batchItemFailures: [] });
    received.push(...event.Records);
  } while (received.length < count && Date.now() < deadline);
  return received;
}

async function isEmpty(queueUrl: string): Promise<boolean> {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
  return (Messages ?? []).length === 0;
}

describe("sending", () => {
  it("delivers 25 messages sent in batches, each once", async () => {
    const sent = await sendMessages(
      sqs,
      results.url,
      Array.from({ length: 25 }, (_, step) => ({ body: { caseId: "send", step } })),
    );

    const received = await receiveAll(results.url, 25);

    expect(sent).toHaveLength(25);
    expect(
      received.map((record) => StepSchema.parse(JSON.parse(record.body)).step).sort((a, b) => a - b),
    ).toEqual([...Array(25).keys()]);
    expect(new Set(received.map((record) => record.messageId))).toEqual(
      new Set(sent.map((s) => s.messageId)),
    );
  });
});

describe("consuming the FIFO orchestrator queue", () => {
  it("keeps each case's messages in order across batches and groups", async () => {
    const cases = ["case-a", "case-b", "case-c"];
    const steps = 8;
    const outgoing = Array.from({ length: steps }, (_, step) =>
      cases.map((caseId) => ({ body: { caseId, step }, groupId: caseId, dedupId: `${caseId}-${step}` })),
    ).flat();
    await sendMessages(sqs, orchestrator.url, outgoing);

    const seen = new Map<string, number[]>(cases.map((caseId) => [caseId, []]));
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async (record, message) => {
        expect(record.attributes.MessageGroupId).toBe(message.caseId);
        seen.get(message.caseId)?.push(message.step);
      },
    });
    await pump(orchestrator.url, consume, () => [...seen.values()].every((list) => list.length === steps));

    for (const caseId of cases) expect(seen.get(caseId)).toEqual([...Array(steps).keys()]);
  });
});

describe("failures", () => {
  it("redelivers a failing record after the visibility timeout and dead-letters it after maxReceiveCount", async () => {
    const maxReceiveCount = platform.topology.queues.results.maxReceiveCount;
    const [sent] = await sendMessages(sqs, results.url, [{ body: { caseId: "always-fails", step: 1 } }]);
    const receiveCounts: number[] = [];
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async (record) => {
        receiveCounts.push(Number(record.attributes.ApproximateReceiveCount));
        throw new Error("handler bug");
      },
      onFailure: quiet,
    });

    // 1 s visibility instead of the queue's 120 s, so the test sees the redeliveries.
    await pump(results.url, consume, () => receiveCounts.length === maxReceiveCount, {
      visibilityTimeoutSeconds: 1,
    });
    // As on AWS, the move happens when a receive would deliver the message once more: keep polling.
    let dead: SQSRecord[] = [];
    for (const deadline = Date.now() + 10_000; dead.length === 0 && Date.now() < deadline; ) {
      await pollOnce(results.url, consume, { visibilityTimeoutSeconds: 1 });
      dead = await receiveAll(results.deadLetterQueue.url, 1, 0);
    }

    expect(receiveCounts).toEqual(Array.from({ length: maxReceiveCount }, (_, n) => n + 1));
    expect(dead.map((record) => record.messageId)).toEqual([sent?.messageId]);
    expect(await isEmpty(results.url)).toBe(true);
  });

  it("sends poison messages straight to the DLQ with their reason and deletes them from the source", async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: results.url, MessageBody: "{not json" }));
    await sendMessages(sqs, results.url, [{ body: { caseId: 42 }, attributes: { type: "TaskResult" } }]);
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async () => {},
      onPoison: sendPoisonToDeadLetterQueue(sqs, results.deadLetterQueue.url),
    });
    let handled = 0;
    await pump(
      results.url,
      async (event) => {
        handled += event.Records.length;
        return consume(event);
      },
      () => handled === 2,
    );

    const dead = await receiveAll(results.deadLetterQueue.url, 2);
    const reasons = Object.fromEntries(
      dead.map((record) => [record.body, record.messageAttributes[POISON_ATTRIBUTES.reason]?.stringValue]),
    );

    expect(reasons).toEqual({ "{not json": "invalid-json", '{"caseId":42}': "schema-mismatch" });
    const mismatch = dead.find((record) => record.body === '{"caseId":42}');
    expect(mismatch?.messageAttributes[POISON_ATTRIBUTES.detail]?.stringValue).toMatch(/caseId/);
    expect(mismatch?.messageAttributes.type?.stringValue).toBe("TaskResult");
    expect(mismatch?.messageAttributes[POISON_ATTRIBUTES.sourceQueueArn]?.stringValue).toBe(results.arn);
    expect(await isEmpty(results.url)).toBe(true);
  });

  it("keeps a FIFO poison message's group in the FIFO DLQ and lets its group continue", async () => {
    await sendMessages(sqs, orchestrator.url, [
      { body: { caseId: "case-p", step: "one" }, groupId: "case-p", dedupId: "p-1" },
      { body: { caseId: "case-p", step: 2 }, groupId: "case-p", dedupId: "p-2" },
    ]);
    const handled: number[] = [];
    const consume = createSqsConsumer({
      schema: StepSchema,
      handle: async (_record, message) => {
        handled.push(message.step);
      },
      onPoison: sendPoisonToDeadLetterQueue(sqs, orchestrator.deadLetterQueue.url),
    });
    await pump(orchestrator.url, consume, () => handled.length === 1);

    const [dead] = await receiveAll(orchestrator.deadLetterQueue.url, 1);

    expect(handled).toEqual([2]);
    expect(dead?.attributes.MessageGroupId).toBe("case-p");
    expect(dead?.messageAttributes[POISON_ATTRIBUTES.reason]?.stringValue).toBe("schema-mismatch");
  });
});

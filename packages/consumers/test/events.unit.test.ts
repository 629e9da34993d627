import { createTaskTokens, newTaskKeyring, rotateTaskKeyring } from "@onething/auth";
import { CaseContendedError, type IngestDeps, RequestRefusedError, registryOutbox } from "@onething/cases";
import { RefusalError } from "@onething/domain";
import type { PoisonMessageError } from "@onething/messaging";
import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createEventsHandler } from "../src/index.ts";

const NOW = new Date("2026-03-02T02:00:00.000Z");
const EVENT = { type: "PersonDied", sourceEventId: "dc-1" };
const MESSAGE = { source: "health-death-registry", event: EVENT, receivedAt: "2026-03-02T01:59:58.000Z" };

function record(messageId: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === "string" ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "0",
      SenderId: "000000000000",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:cn-north-1:000000000000:onething-events",
    awsRegion: "cn-north-1",
  };
}

const silent = { info: () => {}, warn: () => {}, error: () => {} };
// The ingestion is a fake here: the consumer's part is the parse, the call and what a refusal does to the record.
const deps = { log: silent } as unknown as IngestDeps;

/** The handler over a fake ingestion that throws `refusal` for the record `b`, recording calls and poison. */
function harness(refusal?: unknown) {
  const calls: { source: string; event: unknown; now: Date }[] = [];
  const poisoned: { id: string; error: PoisonMessageError }[] = [];
  const handler = createEventsHandler({
    ...deps,
    clock: () => NOW,
    onPoison: async (r, error) => {
      poisoned.push({ id: r.messageId, error });
    },
    ingest: async (_deps, source, event, now) => {
      calls.push({ source, event, now });
      if (refusal !== undefined && (event as { sourceEventId?: string }).sourceEventId === "b") throw refusal;
      return { kind: "applied", outcome: { summary: "ok", startedCases: [], touchedCases: [] } };
    },
  });
  const run = () =>
    handler({
      Records: [
        record("a", { ...MESSAGE, event: { ...EVENT, sourceEventId: "a" } }),
        record("b", { ...MESSAGE, event: { ...EVENT, sourceEventId: "b" } }),
      ],
    });
  return { run, calls, poisoned };
}

describe("the events consumer", () => {
  it("ingests each message's event as its source, at the clock's time", async () => {
    const { run, calls, poisoned } = harness();
    expect(await run()).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([
      { source: "health-death-registry", event: { ...EVENT, sourceEventId: "a" }, now: NOW },
      { source: "health-death-registry", event: { ...EVENT, sourceEventId: "b" }, now: NOW },
    ]);
    expect(poisoned).toEqual([]);
  });

  it.each([
    ["invalid", new RefusalError("invalid", "validation_failed", "diedOn: must be a date")],
    ["forbidden", new RefusalError("forbidden", "event_type_not_allowed", "ChildBorn is not yours to send")],
    ["conflict", new RefusalError("conflict", "source_event_reused", "dc-1 was another event")],
  ])("dead-letters a %s refusal with the reason, and goes on with the batch", async (_kind, refusal) => {
    const { run, poisoned } = harness(refusal);
    expect(await run()).toEqual({ batchItemFailures: [] });
    expect(poisoned).toHaveLength(1);
    expect(poisoned[0]?.id).toBe("b");
    expect(poisoned[0]?.error.reason).toBe("refused");
    expect(poisoned[0]?.error.detail).toBe(`${refusal.code}: ${refusal.message}`);
  });

  it("acknowledges a superseded event: nothing to do, nothing to retry", async () => {
    const { run, poisoned } = harness(new RequestRefusedError("superseded", "stale", "already stopped"));
    expect(await run()).toEqual({ batchItemFailures: [] });
    expect(poisoned).toEqual([]);
  });

  it("fails the record when the table is busy or anything else goes wrong, so the queue redelivers it", async () => {
    for (const fault of [new CaseContendedError("OT-1"), new Error("socket hang up")]) {
      const { run, poisoned } = harness(fault);
      expect(await run()).toEqual({ batchItemFailures: [{ itemIdentifier: "b" }] });
      expect(poisoned).toEqual([]);
    }
  });

  it("dead-letters a message that is not a DataEventMessage, without ingesting it", async () => {
    const { calls, poisoned } = harness();
    const handler = createEventsHandler({
      ...deps,
      clock: () => NOW,
      onPoison: async (r, error) => {
        poisoned.push({ id: r.messageId, error });
      },
      ingest: async () => {
        calls.push({ source: "", event: undefined, now: NOW });
        return { kind: "applied", outcome: { summary: "ok", startedCases: [], touchedCases: [] } };
      },
    });
    const response = await handler({
      Records: [record("x", { event: EVENT, receivedAt: MESSAGE.receivedAt }), record("y", "not json")],
    });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([]);
    expect(poisoned.map((p) => p.id)).toEqual(["x", "y"]);
  });
});

describe("entitlement changes on the events queue (the sweeper's resend of an outbox)", () => {
  const tokens = createTaskTokens("registry-seal-test-secret-0123456789abcdef");
  const changes = [
    {
      benefit: "dibao",
      department: "civil-affairs",
      change: "end" as const,
      itemId: "stop-benefit--dibao",
      holder: { idNumber: "11010519491231002X", name: "张三" },
    },
  ];
  const [sealed] = registryOutbox("OT-1", changes, tokens);

  function run(body: unknown, verifier = tokens) {
    const applied: unknown[] = [];
    const poisoned: string[] = [];
    const handler = createEventsHandler({
      ...deps,
      tokens: verifier,
      registry: { applyCaseChanges: async (...args: unknown[]) => void applied.push(args) },
      clock: () => NOW,
      onPoison: async (r: SQSRecord, error: PoisonMessageError) =>
        void poisoned.push(`${r.messageId}: ${error.message}`),
    } as unknown as Parameters<typeof createEventsHandler>[0]);
    return handler({ Records: [record("c", body)] }).then((result) => ({ applied, poisoned, result }));
  }

  it("applies changes the platform sealed", async () => {
    const { applied, poisoned } = await run(sealed?.body);
    expect(applied).toEqual([["OT-1", changes, NOW]]);
    expect(poisoned).toEqual([]);
  });

  it("dead-letters changes anyone else wrote: another case, other changes, or no seal of ours", async () => {
    const body = sealed?.body as { seal: string };
    for (const forged of [
      { ...body, caseId: "OT-2" },
      { ...body, changes: [{ ...changes[0], change: "grant" }] },
      {
        ...body,
        seal: createTaskTokens("another-secret-entirely-0123456789abcdef").sign({
          caseId: "OT-1",
          itemId: "x",
          department: "registry",
          attempt: 1,
        }),
      },
    ]) {
      const { applied, poisoned } = await run(forged);
      expect(applied).toEqual([]);
      expect(poisoned).toHaveLength(1);
      expect(poisoned[0]).toContain("forged_registry_changes");
    }
  });

  it("fails the record, for a redelivery, when a seal of a newer key meets a keyring it cannot re-read", async () => {
    const ring = newTaskKeyring(NOW);
    const [newer] = registryOutbox("OT-1", changes, createTaskTokens(rotateTaskKeyring(ring, NOW)));
    const unreadable = createTaskTokens(ring, {
      reload: async () => {
        throw new Error("secrets manager unavailable");
      },
    });
    const { applied, poisoned, result } = await run(newer?.body, unreadable);
    expect(applied).toEqual([]);
    expect(poisoned).toEqual([]);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "c" }] });
  });
});

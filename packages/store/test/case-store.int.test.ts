/** The case family on DynamoDB Local: commits (version check, processed-event markers, one transaction), the outbox and idempotency keys. */
import {
  EventAlreadyProcessedError,
  IdempotencyKeyConflictError,
  VersionConflictError,
} from "@onething/cases";
import { describe, expect, it } from "vitest";
import { OutboxEntryNotFoundError, planCommit } from "../src/index.ts";
import { caseState, dispatched, entries, item, message, twentyItemSubmission, withItem } from "./fixtures.ts";
import { at, unique, useTestStore } from "./store.ts";

const { store, table, submit } = await useTestStore("case-store");

describe("commitDecision and getCase", () => {
  it("creates a case at version 1 and reads it back whole", async () => {
    const caseId = unique("create");
    const state = caseState({ caseId, items: [dispatched("a", "health", "2025-03-10T16:00:00.000Z")] });

    await submit(state);

    expect(await store.getCase(caseId)).toEqual({ state, version: 1 });
    expect(await store.hasProcessed(caseId, `submit-${caseId}`)).toBe(true);
    expect(await store.getCase(unique("missing"))).toBeUndefined();
  });

  it("commits a 20-item submission (40 write actions) in one transaction", async () => {
    const now = at("2025-03-03T02:00:00.000Z");
    const { state, timeline, outbox } = twentyItemSubmission(unique("twenty"), now);
    const input = { next: state, eventId: "e-submit", timeline, outbox, now };
    expect(planCommit(table.tableName, input).items).toHaveLength(40);

    expect(await store.commitDecision(input)).toEqual({ version: 1 });

    expect(await store.getCase(state.caseId)).toEqual({ state, version: 1 });
    const page = await store.getTimeline(state.caseId, { limit: 100 });
    expect(page.items).toEqual(timeline);
  });

  it("lets one of two commits from the same version win; the other writes nothing", async () => {
    const caseId = unique("race");
    const due = "2025-03-10T16:00:00.000Z";
    const v1 = await submit(
      caseState({ caseId, items: [dispatched("a", "health", due), dispatched("b", "police", due)] }),
    );
    const later = "2025-03-04T02:00:00.000Z";
    const commitFor = (itemId: "a" | "b", department: string) =>
      store.commitDecision({
        previous: v1,
        next: withItem(v1.state, item(itemId, department, { status: "completed", attempt: 1 }), later),
        eventId: `result-${itemId}`,
        timeline: entries(`result-${itemId}`, later, 1),
        outbox: [message(caseId, 1)],
        now: at(later),
      });

    const results = await Promise.allSettled([commitFor("a", "health"), commitFor("b", "police")]);

    const won = results.findIndex((r) => r.status === "fulfilled");
    const lost = 1 - won;
    expect(won).not.toBe(-1);
    const failure = results[lost];
    expect(failure?.status).toBe("rejected");
    expect(failure?.status === "rejected" && failure.reason).toBeInstanceOf(VersionConflictError);
    expect(failure?.status === "rejected" && failure.reason).toMatchObject({ caseId, expectedVersion: 1 });

    const [winner, loser] = won === 0 ? ["a", "b"] : ["b", "a"];
    const current = await store.getCase(caseId);
    expect(current?.version).toBe(2);
    expect(current?.state.items[winner ?? ""]?.status).toBe("completed");
    expect(current?.state.items[loser ?? ""]?.status).toBe("dispatched");
    expect(await store.hasProcessed(caseId, `result-${loser}`)).toBe(false);
    const timeline = await store.getTimeline(caseId, { limit: 100 });
    expect(timeline.items.map((e) => e.eventId)).toEqual([`result-${winner}`]);
    const pending = await store.listPendingOutbox({ olderThan: at("2030-01-01T00:00:00.000Z"), limit: 100 });
    expect(pending.filter((p) => p.caseId === caseId).map((p) => p.eventId)).toEqual([`result-${winner}`]);
    const open = await store.listOpenItems({ department: loser === "a" ? "health" : "police", limit: 100 });
    expect(open.items.filter((i) => i.caseId === caseId).map((i) => i.itemId)).toEqual([loser]);
  });

  it("refuses an event applied before, writing nothing", async () => {
    const caseId = unique("replay");
    const due = "2025-03-10T16:00:00.000Z";
    const v1 = await submit(caseState({ caseId, items: [dispatched("a", "health", due)] }));
    const later = "2025-03-04T02:00:00.000Z";
    const next = withItem(v1.state, dispatched("a", "health", due, { overdue: true }), later);
    const input = {
      next,
      eventId: "overdue-a",
      timeline: entries("overdue-a", later, 1),
      outbox: [message(caseId, 1)],
      now: at(later),
    };
    const { version } = await store.commitDecision({ ...input, previous: v1 });

    // Replayed at the current version (the case check passes, the marker does not) …
    await expect(
      store.commitDecision({
        ...input,
        previous: { state: next, version },
        now: at("2025-03-05T00:00:00.000Z"),
      }),
    ).rejects.toBeInstanceOf(EventAlreadyProcessedError);
    // … and at the stale one (both fail; "already processed" is the answer the consumer can act on).
    await expect(store.commitDecision({ ...input, previous: v1 })).rejects.toBeInstanceOf(
      EventAlreadyProcessedError,
    );

    expect(await store.getCase(caseId)).toEqual({ state: next, version: 2 });
    expect((await store.getTimeline(caseId, { limit: 100 })).items).toHaveLength(1);
  });

  it("refuses to create a case that exists", async () => {
    const state = caseState({ caseId: unique("twice") });
    await submit(state);
    await expect(submit(state, { eventId: "another-submit" })).rejects.toBeInstanceOf(VersionConflictError);
    expect(await store.hasProcessed(state.caseId, "another-submit")).toBe(false);
  });
});

describe("outbox", () => {
  it("lists an unsent row as pending until it is marked sent", async () => {
    const caseId = unique("outbox");
    const submittedAt = "2025-03-03T02:00:00.000Z";
    const messages = [message(caseId, 1), { queue: "notify", body: { kind: "case_received" } }];
    await submit(caseState({ caseId, submittedAt }), { eventId: "e1", outbox: messages });
    const ours = async (olderThan: string) =>
      (await store.listPendingOutbox({ olderThan: at(olderThan), limit: 100 })).filter(
        (p) => p.caseId === caseId,
      );

    expect(await ours(submittedAt)).toEqual([]);
    expect(await ours("2025-03-03T02:01:00.000Z")).toEqual([
      { caseId, eventId: "e1", createdAt: submittedAt, messages },
    ]);

    await store.markOutboxSent(caseId, "e1", at("2025-03-03T02:00:01.000Z"));
    await store.markOutboxSent(caseId, "e1", at("2025-03-03T02:00:02.000Z"));

    expect(await ours("2025-03-03T02:01:00.000Z")).toEqual([]);
    await expect(store.markOutboxSent(caseId, "never", at(submittedAt))).rejects.toBeInstanceOf(
      OutboxEntryNotFoundError,
    );
  });
});

describe("idempotency keys", () => {
  it("claims a key once, returns it, refuses a second claim with the stored record, and frees it after 24 h", async () => {
    const scope = unique("citizen");
    const now = at("2025-03-03T02:00:00.000Z");
    const claim = {
      scope,
      key: "k1",
      requestHash: "hash-1",
      caseId: "c1",
      response: { caseId: "c1", status: 202 },
      now,
    };

    const record = await store.claimIdempotencyKey(claim);
    expect(record).toMatchObject({
      scope,
      key: "k1",
      requestHash: "hash-1",
      caseId: "c1",
      createdAt: now.toISOString(),
    });
    expect(await store.getIdempotencyKey(scope, "k1", now)).toEqual(record);
    expect(await store.getIdempotencyKey(scope, "k2", now)).toBeUndefined();

    const conflict = await store
      .claimIdempotencyKey({
        ...claim,
        requestHash: "hash-2",
        caseId: "c2",
        now: at("2025-03-03T03:00:00.000Z"),
      })
      .catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(IdempotencyKeyConflictError);
    expect(conflict instanceof IdempotencyKeyConflictError && conflict.record).toEqual(record);

    // Expired but not yet deleted by TTL: the key counts as free.
    const nextDay = at("2025-03-04T02:00:01.000Z");
    expect(await store.getIdempotencyKey(scope, "k1", nextDay)).toBeUndefined();
    const again = await store.claimIdempotencyKey({
      ...claim,
      requestHash: "hash-3",
      caseId: "c3",
      now: nextDay,
    });
    expect(await store.getIdempotencyKey(scope, "k1", nextDay)).toEqual(again);
  });
});

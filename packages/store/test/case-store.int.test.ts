import { randomUUID } from "node:crypto";
import type { CaseState } from "@onething/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseNotFoundError,
  type CaseStore,
  type CaseTimelineEntry,
  type CommitInput,
  createCaseStore,
  EventAlreadyProcessedError,
  IdempotencyKeyConflictError,
  InvalidCursorError,
  InvalidStoreRequestError,
  OutboxEntryNotFoundError,
  type Page,
  planCommit,
  type StoredCase,
  VersionConflictError,
} from "../src/index.ts";
import { createTestTable, type TestTable } from "./dynamo.ts";
import { caseState, dispatched, entries, item, message, twentyItemSubmission, withItem } from "./fixtures.ts";

let table: TestTable;
let store: CaseStore;

beforeAll(async () => {
  table = await createTestTable("case-store");
  store = createCaseStore({
    applicantIndexKey: "test-applicant-index-key-0123456789abcdef",
    client: table.client,
    tableName: table.tableName,
  });
});
afterAll(async () => {
  await table?.drop();
});

const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
const at = (iso: string) => new Date(iso);

async function submit(
  state: CaseState,
  extra: Partial<Omit<CommitInput, "next">> = {},
  into: CaseStore = store,
): Promise<StoredCase> {
  const { version } = await into.commitDecision({
    next: state,
    eventId: `submit-${state.caseId}`,
    timeline: [],
    outbox: [],
    now: at(state.submittedAt),
    ...extra,
  });
  return { state, version };
}

async function allPages<T>(fetch: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    pages.push(page.items);
    cursor = page.cursor;
  } while (cursor);
  return pages;
}

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

describe("listCases", () => {
  it("lists a bundle's cases newest first over two pages", async () => {
    const bundleId = unique("bundle");
    const ids = ["2025-03-01", "2025-03-02", "2025-03-03"].map((day) => {
      const state = caseState({ caseId: unique("b"), bundleId, submittedAt: `${day}T02:00:00.000Z` });
      return { state, submitted: submit(state) };
    });
    await Promise.all(ids.map((c) => c.submitted));
    const [oldest, middle, newest] = ids.map((c) => c.state.caseId);

    const first = await store.listCases({ bundleId, limit: 2 });
    expect(first.items.map((c) => c.caseId)).toEqual([newest, middle]);
    expect(first.cursor).toEqual(expect.any(String));
    const second = await store.listCases({ bundleId, limit: 2, cursor: first.cursor });
    expect(second.items.map((c) => c.caseId)).toEqual([oldest]);
    expect(second.cursor).toBeUndefined();
    expect(second.items[0]).toEqual({
      caseId: oldest,
      bundleId,
      status: "in_progress",
      applicantId: "11010519491231002X",
      submittedAt: "2025-03-01T02:00:00.000Z",
      updatedAt: "2025-03-01T02:00:00.000Z",
      overdue: false,
      version: 1,
    });

    await expect(
      store.listCases({ bundleId: unique("other"), limit: 2, cursor: first.cursor }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("lists a department's cases once each, newest activity first, with the current case status", async () => {
    const department = unique("dept");
    const due = "2025-03-20T16:00:00.000Z";
    const c1 = await submit(
      caseState({
        caseId: unique("d"),
        submittedAt: "2025-03-01T02:00:00.000Z",
        items: [dispatched("x", department, due), dispatched("y", department, due), item("z", "police")],
      }),
    );
    const c2 = await submit(
      caseState({
        caseId: unique("d"),
        submittedAt: "2025-03-02T02:00:00.000Z",
        items: [dispatched("x", department, due)],
      }),
    );
    const c3 = await submit(
      caseState({
        caseId: unique("d"),
        submittedAt: "2025-03-03T02:00:00.000Z",
        items: [dispatched("x", department, due)],
      }),
    );
    // Activity on c1 outside the department moves neither its place in the list nor hides its new status.
    const c1Later = withItem(
      c1.state,
      item("z", "police", { status: "completed", attempt: 1 }),
      "2025-03-05T02:00:00.000Z",
    );
    await store.commitDecision({
      previous: c1,
      next: { ...c1Later, status: "awaiting_applicant" },
      eventId: "z-done",
      timeline: [],
      outbox: [],
      now: at("2025-03-05T02:00:00.000Z"),
    });

    const pages = await allPages((cursor) => store.listCases({ department, limit: 2, cursor }));
    expect(pages.map((page) => page.map((c) => c.caseId))).toEqual([
      [c3.state.caseId, c2.state.caseId],
      [c1.state.caseId],
    ]);
    expect(pages[1]?.[0]).toMatchObject({ status: "awaiting_applicant", version: 2 });
  });

  it("lists cases by status newest first over two pages", async () => {
    // Status partitions are table-wide, so this test gets a table of its own.
    const own = await createTestTable("status");
    try {
      const ownStore = createCaseStore({
        applicantIndexKey: "test-applicant-index-key-0123456789abcdef",
        client: own.client,
        tableName: own.tableName,
      });
      const days = ["2025-03-01", "2025-03-02", "2025-03-03"];
      const open = days.map((day) =>
        caseState({ caseId: `open-${day}`, submittedAt: `${day}T02:00:00.000Z` }),
      );
      const closed = caseState({
        caseId: "closed",
        status: "completed",
        submittedAt: "2025-03-04T02:00:00.000Z",
      });
      for (const state of [...open, closed]) await submit(state, {}, ownStore);

      const pages = await allPages((cursor) =>
        ownStore.listCases({ status: "in_progress", limit: 2, cursor }),
      );
      expect(pages.map((page) => page.map((c) => c.caseId))).toEqual([
        ["open-2025-03-03", "open-2025-03-02"],
        ["open-2025-03-01"],
      ]);
      const completed = await ownStore.listCases({ status: "completed", limit: 2 });
      expect(completed).toEqual({
        items: [expect.objectContaining({ caseId: "closed", status: "completed" })],
      });
    } finally {
      await own.drop();
    }
  });

  it("takes exactly one filter", async () => {
    // @ts-expect-error: the query type already forbids two filters; the store checks again for JS callers.
    const twoFilters = store.listCases({ status: "completed", bundleId: "x", limit: 2 });
    await expect(twoFilters).rejects.toBeInstanceOf(InvalidStoreRequestError);
  });
});

describe("department items", () => {
  it("lists open items by deadline, the sweeper's overdue items, and drops them as they move on", async () => {
    const department = unique("items");
    const caseId = unique("items");
    const early = "2025-03-05T16:00:00.000Z";
    const late = "2025-03-12T16:00:00.000Z";
    const v1 = await submit(
      caseState({
        caseId,
        items: [
          dispatched("late", department, late),
          dispatched("early", department, early),
          item("waiting", department),
          item("done", department, { status: "completed", attempt: 1 }),
        ],
      }),
    );
    const ids = (items: { itemId: string }[]) => items.map((i) => i.itemId);

    const pages = await allPages((cursor) => store.listOpenItems({ department, limit: 1, cursor }));
    expect(pages.flat().map((i) => i.itemId)).toEqual(["early", "late"]);
    expect(pages[0]).toEqual([
      {
        caseId,
        itemId: "early",
        department,
        status: "dispatched",
        attempt: 1,
        dispatchedAt: "2025-03-03T02:00:00.000Z",
        dueAt: early,
        overdue: false,
        updatedAt: v1.state.updatedAt,
      },
    ]);
    const now = at("2025-03-06T00:00:00.000Z");
    expect(ids((await store.listOpenItems({ department, dueBefore: now, limit: 10 })).items)).toEqual([
      "early",
    ]);
    expect(ids(await store.listOverdueItems(now, [department, unique("empty")], 10))).toEqual(["early"]);

    // Flagged overdue: still open (and overdue) for the department, no longer the sweeper's work.
    const flagged = withItem(
      v1.state,
      dispatched("early", department, early, { overdue: true }),
      now.toISOString(),
    );
    const { version } = await store.commitDecision({
      previous: v1,
      next: flagged,
      eventId: "overdue-early",
      timeline: [],
      outbox: [],
      now,
    });
    expect(await store.listOverdueItems(now, [department], 10)).toEqual([]);
    expect((await store.listOpenItems({ department, dueBefore: now, limit: 10 })).items).toEqual([
      expect.objectContaining({ itemId: "early", overdue: true }),
    ]);

    const done = withItem(
      flagged,
      item("early", department, { status: "completed", attempt: 1 }),
      "2025-03-07T00:00:00.000Z",
    );
    await store.commitDecision({
      previous: { state: flagged, version },
      next: done,
      eventId: "done-early",
      timeline: [],
      outbox: [],
      now: at("2025-03-07T00:00:00.000Z"),
    });
    expect(ids((await store.listOpenItems({ department, limit: 10 })).items)).toEqual(["late"]);
  });
});

describe("counters", () => {
  it("follows a case from submission to completion, per bundle, per department and per Beijing day", async () => {
    const bundleId = unique("count");
    const department = unique("count");
    const caseId = unique("count");
    const due = "2025-03-10T16:00:00.000Z";
    const counters = () => store.getCounters({ bundleIds: [bundleId], departments: [department] });
    const byStatus = async () =>
      Object.fromEntries((await counters()).cases.map((c) => [c.status, c.count] as const));

    // 23:00 on 2 March in Beijing.
    const v1 = await submit(
      caseState({
        caseId,
        bundleId,
        submittedAt: "2025-03-02T15:00:00.000Z",
        items: [dispatched("x", department, due), dispatched("y", department, due)],
      }),
    );
    expect(await byStatus()).toEqual({ in_progress: 1 });
    expect((await counters()).departments).toEqual([{ department, open: 2, overdue: 0, noDeadline: 0 }]);

    const t2 = "2025-03-02T17:00:00.000Z";
    const v2state = withItem(v1.state, dispatched("x", department, due, { overdue: true }), t2);
    const v2 = await store.commitDecision({
      previous: v1,
      next: v2state,
      eventId: "late-x",
      timeline: [],
      outbox: [],
      now: at(t2),
    });
    expect((await counters()).departments).toEqual([{ department, open: 2, overdue: 1, noDeadline: 0 }]);

    // 09:00 on 3 March in Beijing: both items done, the case completes.
    const t3 = "2025-03-03T01:00:00.000Z";
    const finished = (id: string) =>
      item(id, department, { status: "completed", attempt: 1, finishedAt: t3 });
    const v3state = caseState({
      caseId,
      bundleId,
      status: "completed",
      submittedAt: v1.state.submittedAt,
      updatedAt: t3,
      items: [finished("x"), finished("y")],
    });
    await store.commitDecision({
      previous: { state: v2state, version: v2.version },
      next: v3state,
      eventId: "done",
      timeline: [],
      outbox: [],
      now: at(t3),
    });

    expect(await byStatus()).toEqual({ in_progress: 0, completed: 1 });
    expect((await counters()).departments).toEqual([{ department, open: 0, overdue: 0, noDeadline: 0 }]);
    const daily = (await store.getDailyCounters("2025-03-01", "2025-03-04")).filter(
      (d) => d.bundleId === bundleId,
    );
    expect(daily).toEqual([
      { day: "2025-03-02", bundleId, status: "in_progress", count: 1 },
      { day: "2025-03-03", bundleId, status: "completed", count: 1 },
    ]);
  });

  it("reports a department with no activity as zero", async () => {
    const department = unique("quiet");
    const bundleId = unique("quiet-bundle");
    expect(await store.getCounters({ bundleIds: [bundleId], departments: [department] })).toEqual({
      cases: [],
      departments: [{ department, open: 0, overdue: 0, noDeadline: 0 }],
      activity: [{ department, answered: 0, onTime: 0, handlingMs: 0 }],
      compliance: [{ bundleId, answered: 0, onTime: 0 }],
    });
  });

  it("refuses a daily range that runs backwards or spans more than a year", async () => {
    await expect(store.getDailyCounters("2025-03-02", "2025-03-01")).rejects.toBeInstanceOf(
      InvalidStoreRequestError,
    );
    await expect(store.getDailyCounters("2024-01-01", "2025-03-01")).rejects.toBeInstanceOf(
      InvalidStoreRequestError,
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

describe("getTimeline", () => {
  it("pages through entries in time order, across and within event rows", async () => {
    const caseId = unique("timeline");
    const t = ["2025-03-03T02:00:00.000Z", "2025-03-04T02:00:00.000Z", "2025-03-05T02:00:00.000Z"] as const;
    const v1 = await submit(caseState({ caseId, submittedAt: t[0] }), {
      eventId: "e1",
      timeline: entries("e1", t[0], 3),
    });
    const v2 = await store.commitDecision({
      previous: v1,
      next: { ...v1.state, updatedAt: t[1] },
      eventId: "e2",
      timeline: entries("e2", t[1], 1),
      outbox: [],
      now: at(t[1]),
    });
    await store.commitDecision({
      previous: { state: { ...v1.state, updatedAt: t[1] }, version: v2.version },
      next: { ...v1.state, updatedAt: t[2] },
      eventId: "e3",
      timeline: entries("e3", t[2], 2),
      outbox: [],
      now: at(t[2]),
    });
    const ids = (page: CaseTimelineEntry[]) => page.map((e) => e.entryId);

    const pages = await allPages((cursor) => store.getTimeline(caseId, { limit: 2, cursor }));
    expect(pages.map(ids)).toEqual([
      ["e1#0", "e1#1"],
      ["e1#2", "e2#0"],
      ["e3#0", "e3#1"],
    ]);
    expect(ids((await store.getTimeline(caseId, { limit: 10 })).items)).toHaveLength(6);

    const first = await store.getTimeline(caseId, { limit: 2 });
    await expect(
      store.getTimeline(unique("other"), { limit: 2, cursor: first.cursor }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe("appendOperatorTimeline", () => {
  const redriven = (at: string, messageId: string) => ({
    entryId: `redrive:${messageId}#0`,
    at,
    kind: "dead_letter_redriven" as const,
    eventId: `redrive:${messageId}`,
    queue: "dept-health",
    messageId,
  });

  it("adds an operator entry as its own row, in time order, without touching the case or its version", async () => {
    const caseId = unique("operator-timeline");
    const t = ["2025-03-03T02:00:00.000Z", "2025-03-04T02:00:00.000Z", "2025-03-05T02:00:00.000Z"] as const;
    const v1 = await submit(caseState({ caseId, submittedAt: t[0] }), {
      eventId: "e1",
      timeline: entries("e1", t[0], 1),
    });
    await store.commitDecision({
      previous: v1,
      next: { ...v1.state, updatedAt: t[2] },
      eventId: "e3",
      timeline: entries("e3", t[2], 1),
      outbox: [],
      now: at(t[2]),
    });
    const before = await store.getCase(caseId);

    expect(await store.appendOperatorTimeline(caseId, redriven(t[1], "m-1"))).toBe("appended");
    expect(await store.appendOperatorTimeline(caseId, redriven(t[1], "m-1"))).toBe("already_recorded");

    const { items } = await store.getTimeline(caseId, { limit: 10 });
    expect(items.map((e) => [e.entryId, e.kind])).toEqual([
      ["e1#0", "item_dispatched"],
      ["redrive:m-1#0", "dead_letter_redriven"],
      ["e3#0", "item_dispatched"],
    ]);
    expect(items[1]).toEqual(redriven(t[1], "m-1"));
    expect(await store.getCase(caseId)).toEqual(before);
  });

  it("refuses a case that does not exist, writing nothing", async () => {
    const caseId = unique("no-such-case");

    await expect(
      store.appendOperatorTimeline(caseId, redriven("2025-03-03T02:00:00.000Z", "m-2")),
    ).rejects.toBeInstanceOf(CaseNotFoundError);
    expect((await store.getTimeline(caseId, { limit: 10 })).items).toEqual([]);
  });
});

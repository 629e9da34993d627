/**
 * The dashboard's reads on DynamoDB Local, on a table of this file's own (so the shared partitions — statuses,
 * overdue cases — hold only these cases): own-case lists, combined searches, throughput and answer counters.
 */
import { randomUUID } from "node:crypto";
import type { StoredCase } from "@onething/cases";
import type { CaseState, CaseStatus } from "@onething/domain";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type CaseSearchQuery,
  type CaseSummary,
  InvalidCursorError,
  InvalidStoreRequestError,
} from "../src/index.ts";
import { caseState, dispatched, item, withItem } from "./fixtures.ts";
import { allPages, commitCase, unique, useTestStore } from "./store.ts";

const { store } = await useTestStore("dashboard");

const ALICE = "11010519491231002X";
const BOB = "110101199003078515";
const ORG = "91350100M000100Y43";
const due = "2026-03-09T16:00:00.000Z";

function ofApplicant(state: CaseState, applicant: Record<string, unknown>): CaseState {
  return { ...state, application: { ...state.application, applicant } };
}

const commit = (previous: StoredCase | undefined, next: CaseState, now: string) =>
  commitCase(store, next, { ...(previous ? { previous } : {}), eventId: unique("e"), now: new Date(now) });

const ids = (pages: CaseSummary[][]) => pages.flat().map((c) => c.caseId);

/** The cases of this file, by name. Submission days are Beijing days. */
const cases: Record<string, StoredCase> = {};

beforeAll(async () => {
  const make = async (
    name: string,
    options: {
      applicant?: string;
      bundleId: string;
      submittedAt: string;
      status?: CaseStatus;
      items: ReturnType<typeof item>[];
      clerk?: string;
      uscc?: boolean;
    },
  ) => {
    let state = caseState({
      caseId: `OT-${name}-${randomUUID().slice(0, 6)}`,
      bundleId: options.bundleId,
      submittedAt: options.submittedAt,
      items: options.items,
      ...(options.status ? { status: options.status } : {}),
    });
    state = ofApplicant(
      state,
      options.uscc ? { name: "某养老院", uscc: ORG } : { name: "张三", idNumber: options.applicant ?? ALICE },
    );
    if (options.clerk)
      state = { ...state, channel: "counter", filedBy: { role: "clerk", id: options.clerk } };
    cases[name] = await commit(undefined, state, options.submittedAt);
  };
  // Beijing 2026-03-01 .. 2026-03-04; UTC 16:00 is the next Beijing day.
  await make("a1", {
    bundleId: "after-death",
    submittedAt: "2026-03-01T01:00:00.000Z",
    items: [dispatched("cert", "health", due)],
  });
  await make("a2", {
    bundleId: "after-death",
    submittedAt: "2026-03-01T17:00:00.000Z", // Beijing 2026-03-02
    items: [
      dispatched("cert", "health", due, { overdue: true }),
      dispatched("pension", "human-resources", due),
    ],
  });
  await make("a3", {
    bundleId: "newborn",
    submittedAt: "2026-03-03T02:00:00.000Z",
    status: "completed",
    items: [item("cert", "health", { status: "completed", attempt: 1 })],
  });
  await make("b1", {
    applicant: BOB,
    bundleId: "after-death",
    submittedAt: "2026-03-02T03:00:00.000Z",
    items: [dispatched("cert", "health", due)],
    clerk: "clerk-王五",
  });
  await make("b2", {
    applicant: BOB,
    bundleId: "newborn",
    submittedAt: "2026-03-04T03:00:00.000Z",
    items: [dispatched("household", "public-security", due, { overdue: true })],
  });
  await make("o1", {
    uscc: true,
    bundleId: "elderly-care-opening",
    submittedAt: "2026-03-02T05:00:00.000Z",
    items: [dispatched("fire", "fire", due)],
    clerk: "clerk-王五",
  });
});

const id = (name: string) => cases[name]?.state.caseId ?? "";

describe("listOwnCases", () => {
  it("lists only the applicant's own cases, newest submission first, page by page", async () => {
    const pages = await allPages((cursor) =>
      store.listOwnCases({ owner: { kind: "applicant", identities: [ALICE] }, limit: 2, cursor }),
    );
    expect(ids(pages)).toEqual([id("a3"), id("a2"), id("a1")]);
    expect(pages[0]).toHaveLength(2);
    expect(pages.flat()[0]).toMatchObject({ bundleId: "newborn", status: "completed", overdue: false });
    expect(pages.flat()[1]).toMatchObject({ overdue: true });

    const bob = await store.listOwnCases({ owner: { kind: "applicant", identities: [BOB] }, limit: 10 });
    expect(bob.items.map((c) => c.caseId)).toEqual([id("b2"), id("b1")]);
    expect(bob.cursor).toBeUndefined();
  });

  it("merges an organisation account's two identities in one newest-first list", async () => {
    const pages = await allPages((cursor) =>
      store.listOwnCases({ owner: { kind: "applicant", identities: [BOB, ORG] }, limit: 1, cursor }),
    );
    expect(ids(pages)).toEqual([id("b2"), id("o1"), id("b1")]);
  });

  it("lists a clerk's filed cases with their current status", async () => {
    const b1 = cases.b1;
    if (!b1) throw new Error("no b1");
    const done = withItem(
      b1.state,
      item("cert", "health", { status: "completed", attempt: 1 }),
      "2026-03-05T00:00:00.000Z",
    );
    cases.b1 = await commit(
      b1,
      { ...done, status: "completed", closedAt: "2026-03-05T00:00:00.000Z" },
      "2026-03-05T00:00:00.000Z",
    );
    const page = await store.listOwnCases({ owner: { kind: "clerk", clerk: "clerk-王五" }, limit: 10 });
    expect(page.items.map((c) => c.caseId)).toEqual([id("o1"), id("b1")]);
    expect(page.items[1]).toMatchObject({ status: "completed", closedAt: "2026-03-05T00:00:00.000Z" });
    expect(
      (await store.listOwnCases({ owner: { kind: "clerk", clerk: "clerk-nobody" }, limit: 10 })).items,
    ).toEqual([]);
  });

  it("refuses another list's cursor and a broken one", async () => {
    const first = await store.listOwnCases({ owner: { kind: "applicant", identities: [ALICE] }, limit: 1 });
    expect(first.cursor).toBeDefined();
    await expect(
      store.listOwnCases({ owner: { kind: "applicant", identities: [BOB] }, limit: 1, cursor: first.cursor }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(
      store.listOwnCases({ owner: { kind: "applicant", identities: [ALICE] }, limit: 1, cursor: "bm9wZQ" }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe("searchCases", () => {
  const bundleIds = ["after-death", "newborn", "elderly-care-opening"];
  const search = async (query: Omit<CaseSearchQuery, "limit" | "cursor" | "bundleIds">, limit = 1) =>
    ids(await allPages((cursor) => store.searchCases({ ...query, bundleIds, limit, cursor })));
  const sorted = (names: string[]) => names.map(id).sort();

  it("with no filter lists the open cases", async () => {
    expect((await search({})).sort()).toEqual(sorted(["a1", "a2", "b2", "o1"]));
  });

  it("filters by each criterion alone", async () => {
    expect((await search({ status: "completed" })).sort()).toEqual(sorted(["a3", "b1"]));
    expect(await search({ bundleId: "after-death" })).toEqual([id("b1"), id("a2"), id("a1")]);
    // Open at the department: a3 and b1 had health items, both finished.
    expect(await search({ department: "health" })).toEqual([id("a2"), id("a1")]);
    expect(await search({ overdue: true })).toEqual([id("b2"), id("a2")]);
    expect((await search({ overdue: false })).sort()).toEqual(sorted(["a1", "o1"]));
    // Beijing days: a2 was submitted at 17:00 UTC on 1 March, 2 March in Beijing.
    expect((await search({ fromDay: "2026-03-02", toDay: "2026-03-02" })).sort()).toEqual(
      sorted(["a2", "b1", "o1"]),
    );
    expect((await search({ fromDay: "2026-03-03" })).sort()).toEqual(sorted(["a3", "b2"]));
    expect((await search({ toDay: "2026-03-01" })).sort()).toEqual(sorted(["a1"]));
  });

  it("combines criteria, whichever index answers", async () => {
    expect(await search({ department: "health", overdue: true })).toEqual([id("a2")]);
    expect(await search({ department: "health", fromDay: "2026-03-02" })).toEqual([id("a2")]);
    expect(await search({ department: "health", bundleId: "newborn" })).toEqual([]);
    expect(await search({ overdue: true, bundleId: "newborn" })).toEqual([id("b2")]);
    expect(await search({ bundleId: "after-death", status: "completed" })).toEqual([id("b1")]);
    expect(await search({ bundleId: "after-death", status: "in_progress", toDay: "2026-03-01" })).toEqual([
      id("a1"),
    ]);
    expect(await search({ status: "in_progress", bundleId: "elderly-care-opening" })).toEqual([id("o1")]);
    expect(await search({ status: "completed", fromDay: "2026-03-03", toDay: "2026-03-03" })).toEqual([
      id("a3"),
    ]);
    expect(await search({ status: "in_progress", overdue: false, fromDay: "2026-03-02" })).toEqual([
      id("o1"),
    ]);
  });

  it("keeps the cursor opaque and its own: a page may be short while a cursor remains", async () => {
    // Status partition, filtered: the first read may find nothing that passes, and still say there is more.
    const first = await store.searchCases({
      status: "in_progress",
      bundleId: "elderly-care-opening",
      bundleIds,
      limit: 1,
    });
    expect(first.items.length).toBeLessThanOrEqual(1);
    const other = store.searchCases({
      bundleId: "newborn",
      bundleIds,
      limit: 1,
      ...(first.cursor ? { cursor: first.cursor } : { cursor: "x" }),
    });
    await expect(other).rejects.toBeInstanceOf(InvalidCursorError);
    const page = await store.searchCases({ bundleId: "after-death", bundleIds, limit: 1 });
    expect(page.cursor).toBeDefined();
    await expect(
      store.searchCases({
        bundleId: "after-death",
        status: "completed",
        bundleIds,
        limit: 1,
        ...(page.cursor ? { cursor: page.cursor } : {}),
      }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(
      store.searchCases({ fromDay: "2026-03-05", toDay: "2026-03-01", bundleIds, limit: 1 }),
    ).rejects.toBeInstanceOf(InvalidStoreRequestError);
  });

  it("reads one case's list entry directly", async () => {
    expect(await store.getCaseSummary(id("a2"))).toMatchObject({
      caseId: id("a2"),
      overdue: true,
      status: "in_progress",
    });
    expect(await store.getCaseSummary("OT-missing")).toBeUndefined();
  });
});

describe("answer and throughput counters", () => {
  it("counts each department answer, on time or late, with its handling time, per department and bundle", async () => {
    const bundleId = unique("bundle");
    const health = unique("health");
    const open = ofApplicant(
      caseState({
        caseId: unique("OT-answers"),
        bundleId,
        submittedAt: "2026-03-02T01:00:00.000Z",
        items: [
          dispatched("fast", health, "2026-03-02T10:00:00.000Z", {
            dispatchedAt: "2026-03-02T01:00:00.000Z",
          }),
          dispatched("slow", health, "2026-03-02T03:00:00.000Z", {
            dispatchedAt: "2026-03-02T01:00:00.000Z",
          }),
        ],
      }),
      { name: "张三", idNumber: ALICE },
    );
    const v1 = await commit(undefined, open, "2026-03-02T01:00:00.000Z");
    // One hour after dispatch, in time.
    const fastDone = withItem(
      v1.state,
      item("fast", health, { status: "completed", attempt: 1 }),
      "2026-03-02T02:00:00.000Z",
    );
    const v2 = await commit(v1, fastDone, "2026-03-02T02:00:00.000Z");
    // Three hours after dispatch, past the 03:00 deadline (not yet flagged): late.
    const slowAsked = withItem(
      v2.state,
      item("slow", health, { status: "awaiting_supplement", attempt: 1 }),
      "2026-03-02T04:00:00.000Z",
    );
    await commit(v2, { ...slowAsked, status: "awaiting_applicant" }, "2026-03-02T04:00:00.000Z");

    const counters = await store.getCounters({ bundleIds: [bundleId], departments: [health] });
    expect(counters.activity).toEqual([
      { department: health, answered: 2, onTime: 1, handlingMs: 4 * 3_600_000 },
    ]);
    expect(counters.compliance).toEqual([{ bundleId, answered: 2, onTime: 1 }]);
    expect(counters.departments).toEqual([{ department: health, open: 0, overdue: 0, noDeadline: 0 }]);

    const minutes = await store.getThroughput(
      new Date("2026-03-02T01:00:00.000Z"),
      new Date("2026-03-02T04:01:00.000Z"),
    );
    const mine = (transition: string) =>
      minutes.filter((m) => m.transition === transition).map((m) => [m.minute, m.count]);
    // This case at 01:00, and b1 (beforeAll) at 03:00.
    expect(mine("submitted")).toEqual([
      ["2026-03-02T01:00", 1],
      ["2026-03-02T03:00", 1],
    ]);
    expect(mine("awaiting_applicant")).toEqual([["2026-03-02T04:00", 1]]);
    expect(minutes.every((m) => m.minute >= "2026-03-02T01:00" && m.minute <= "2026-03-02T04:00")).toBe(true);
    await expect(
      store.getThroughput(new Date("2026-03-02T00:00:00Z"), new Date("2026-03-04T00:00:00Z")),
    ).rejects.toBeInstanceOf(InvalidStoreRequestError);
  });
});

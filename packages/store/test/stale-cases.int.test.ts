import type { CaseState } from "@onething/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { InvalidCursorError, type Page } from "../src/index.ts";
import { caseState, dispatched, withItem } from "./fixtures.ts";
import { unique, useTestStore } from "./store.ts";

const { store, submit: commit } = await useTestStore("stale-cases");
const submit = (state: CaseState) => commit(state, { now: new Date(state.updatedAt) });

const ids = (page: Page<{ caseId: string }>) => page.items.map((c) => c.caseId);

describe("listStaleCases", () => {
  const cutoff = new Date("2025-03-20T00:00:00.000Z");
  const old1 = unique("old1");
  const old2 = unique("old2");
  const atCutoff = unique("at-cutoff");
  const fresh = unique("fresh");
  const closed = unique("closed");

  beforeAll(async () => {
    const open = (caseId: string, updatedAt: string) =>
      caseState({
        caseId,
        submittedAt: "2025-03-01T02:00:00.000Z",
        updatedAt,
        items: [dispatched("a", "health", "2025-03-10T16:00:00.000Z")],
      });
    await submit(open(old2, "2025-03-05T02:00:00.000Z"));
    await submit(open(old1, "2025-03-03T02:00:00.000Z"));
    await submit(open(atCutoff, cutoff.toISOString()));
    await submit(open(fresh, "2025-03-25T02:00:00.000Z"));
    await submit(
      caseState({
        caseId: closed,
        status: "completed",
        submittedAt: "2025-03-01T02:00:00.000Z",
        updatedAt: "2025-03-02T02:00:00.000Z",
      }),
    );
  });

  it("lists the cases of a status last changed before the cutoff, least recently changed first", async () => {
    const page = await store.listStaleCases({ status: "in_progress", updatedBefore: cutoff, limit: 10 });

    expect(ids(page)).toEqual([old1, old2]);
    expect(page.items[0]).toMatchObject({ status: "in_progress", updatedAt: "2025-03-03T02:00:00.000Z" });
    expect(page.cursor).toBeUndefined();
  });

  it("pages with a cursor and refuses a cursor of another status", async () => {
    const first = await store.listStaleCases({ status: "in_progress", updatedBefore: cutoff, limit: 1 });
    expect(ids(first)).toEqual([old1]);
    expect(first.cursor).toBeDefined();

    const second = await store.listStaleCases({
      status: "in_progress",
      updatedBefore: cutoff,
      limit: 1,
      ...(first.cursor ? { cursor: first.cursor } : {}),
    });
    expect(ids(second)).toEqual([old2]);

    await expect(
      store.listStaleCases({
        status: "completed",
        updatedBefore: cutoff,
        limit: 1,
        ...(first.cursor ? { cursor: first.cursor } : {}),
      }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("drops a case from the list once it changes", async () => {
    const before = await store.getCase(old1);
    if (!before) throw new Error("old1 not stored");
    const next = withItem(
      before.state,
      dispatched("a", "health", "2025-03-10T16:00:00.000Z", { overdue: true, escalations: 1 }),
      "2025-03-21T02:00:00.000Z",
    );
    await store.commitDecision({
      previous: before,
      next,
      eventId: `overdue-${old1}`,
      timeline: [],
      outbox: [],
      now: new Date(next.updatedAt),
    });

    const page = await store.listStaleCases({ status: "in_progress", updatedBefore: cutoff, limit: 10 });
    expect(ids(page)).toEqual([old2]);
  });
});

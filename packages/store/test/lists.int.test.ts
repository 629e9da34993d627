/** Case lists and department items on DynamoDB Local: by bundle, department and status, open and due items. */
import { describe, expect, it } from "vitest";
import { InvalidCursorError, InvalidStoreRequestError } from "../src/index.ts";
import { caseState, dispatched, item, withItem } from "./fixtures.ts";
import { allPages, at, unique, useTestStore } from "./store.ts";

const { store, submit } = await useTestStore("lists");

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
      // The subject's name, for its applicant's own list (the API gives operators no name).
      subjectName: "张小三",
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

/** A case's timeline on DynamoDB Local: paging across and within event rows, operators' entries. */
import type { CaseTimelineEntry } from "@onething/cases";
import { describe, expect, it } from "vitest";
import { CaseNotFoundError, InvalidCursorError } from "../src/index.ts";
import { caseState, entries } from "./fixtures.ts";
import { allPages, at, unique, useTestStore } from "./store.ts";

const { store, submit } = await useTestStore("timeline");

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

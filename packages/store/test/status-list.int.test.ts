/**
 * Cases by status on DynamoDB Local. Status partitions are table-wide, so this file's table holds only its own
 * cases.
 */
import { describe, expect, it } from "vitest";
import { caseState } from "./fixtures.ts";
import { allPages, useTestStore } from "./store.ts";

const { store, submit } = await useTestStore("status");

describe("listCases by status", () => {
  it("lists cases by status newest first over two pages", async () => {
    const days = ["2025-03-01", "2025-03-02", "2025-03-03"];
    const open = days.map((day) => caseState({ caseId: `open-${day}`, submittedAt: `${day}T02:00:00.000Z` }));
    const closed = caseState({
      caseId: "closed",
      status: "completed",
      submittedAt: "2025-03-04T02:00:00.000Z",
    });
    for (const state of [...open, closed]) await submit(state);

    const pages = await allPages((cursor) => store.listCases({ status: "in_progress", limit: 2, cursor }));
    expect(pages.map((page) => page.map((c) => c.caseId))).toEqual([
      ["open-2025-03-03", "open-2025-03-02"],
      ["open-2025-03-01"],
    ]);
    const completed = await store.listCases({ status: "completed", limit: 2 });
    expect(completed).toEqual({
      items: [expect.objectContaining({ caseId: "closed", status: "completed" })],
    });
  });
});

/** Scoped reads on DynamoDB Local: cases by place and receiving office, an office's list, an office's open items. */
import type { CaseState } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { caseState, dispatched } from "./fixtures.ts";
import { allPages, unique, useTestStore } from "./store.ts";

const { store, submit } = await useTestStore("places");

const NINGBO = "000000/330000/330200";
const YINZHOU = `${NINGBO}/330212`;
const JIANGSHAN = `${YINZHOU}/330212101`;
const HAISHU = `${NINGBO}/330203`;
const GULOU = `${HAISHU}/330203001`;
const code = (path: string) => path.split("/").at(-1) ?? "";
const scopeOf = (path: string) => ({ jurisdiction: code(path), path });

const department = unique("dept");
const due = "2025-03-20T16:00:00.000Z";

function at(caseId: string, place: string, received: string, officePath: string, day: string): CaseState {
  const state = caseState({
    caseId,
    submittedAt: `${day}T02:00:00.000Z`,
    items: [
      dispatched("x", department, due, {
        office: { jurisdiction: code(officePath), path: officePath, rule: "case" },
      }),
    ],
  });
  return {
    ...state,
    place: { code: code(place), path: place, source: "field", field: "applicant.householdPlace" },
    receivingOffice: { jurisdiction: code(received), path: received, by: "clerk" },
  };
}

// Placed and received in Yinzhou; placed in Haishu but received in Yinzhou (a Haishu resident at a Yinzhou
// counter); placed and received in Haishu.
const inYinzhou = (await submit(at(unique("y"), JIANGSHAN, JIANGSHAN, JIANGSHAN, "2025-03-01"))).state;
const receivedInYinzhou = (await submit(at(unique("r"), GULOU, JIANGSHAN, HAISHU, "2025-03-02"))).state;
const inHaishu = (await submit(at(unique("h"), GULOU, GULOU, HAISHU, "2025-03-03"))).state;

const ids = (cases: { caseId: string }[]) => cases.map((c) => c.caseId);

describe("searchCases in a scope", () => {
  it("finds the cases placed or received within it, each once, and none of another place", async () => {
    const search = async (path: string, extra = {}) =>
      (
        await allPages((cursor) =>
          store.searchCases({
            limit: 1,
            bundleIds: ["newborn"],
            scope: scopeOf(path),
            ...extra,
            ...(cursor ? { cursor } : {}),
          }),
        )
      ).flat();
    expect(ids(await search(YINZHOU))).toEqual([inYinzhou.caseId, receivedInYinzhou.caseId]);
    expect(ids(await search(HAISHU))).toEqual([inHaishu.caseId, receivedInYinzhou.caseId]);
    expect(ids(await search(JIANGSHAN))).toEqual([inYinzhou.caseId, receivedInYinzhou.caseId]);
    expect(ids(await search(NINGBO))).toEqual([inHaishu.caseId, receivedInYinzhou.caseId, inYinzhou.caseId]);
    // The other filters still apply, dates as the index's key range.
    expect(ids(await search(HAISHU, { fromDay: "2025-03-03" }))).toEqual([inHaishu.caseId]);
    expect(ids(await search(YINZHOU, { department }))).toEqual([receivedInYinzhou.caseId, inYinzhou.caseId]);
  });
});

describe("an office's lists", () => {
  it("lists what a counter office received, for every clerk of it", async () => {
    const page = await store.listOwnCases({
      owner: { kind: "office", jurisdiction: "330212101" },
      limit: 10,
    });
    expect(ids(page.items)).toEqual([receivedInYinzhou.caseId, inYinzhou.caseId]);
  });

  it("lists a department office's open items, and those of the offices below it, never a sibling's", async () => {
    const items = (officePath: string) =>
      store
        .listOpenItems({ department, officePath, limit: 10 })
        .then((page) => page.items.map((i) => i.caseId));
    expect(await items(YINZHOU)).toEqual([inYinzhou.caseId]);
    expect((await items(HAISHU)).sort()).toEqual([receivedInYinzhou.caseId, inHaishu.caseId].sort());
    expect((await items(NINGBO)).length).toBe(3);
    expect(await items(GULOU)).toEqual([]);
  });
});

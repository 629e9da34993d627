import type { CaseState } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { applicantIndexHash, placeDeltas, placeLeafOf, planCommit } from "../src/index.ts";
import { caseState, dispatched, item, twentyItemSubmission, withItem } from "./fixtures.ts";

const YINZHOU_TOWN = "000000/330000/330200/330212/330212001";
const due = "2025-03-10T16:00:00.000Z";
const placed = (state: CaseState, path: string): CaseState =>
  ({
    ...state,
    place: { code: path.split("/").at(-1) ?? "", path, source: "field" },
  }) as unknown as CaseState;

describe("placeLeafOf: the city partition, district and town of a path", () => {
  it("reads the levels from the path's depth; a community counts at its town", () => {
    expect(placeLeafOf(YINZHOU_TOWN)).toEqual({ partition: "330200", district: "330212", town: "330212001" });
    expect(placeLeafOf(`${YINZHOU_TOWN}/330212001001`)).toEqual({
      partition: "330200",
      district: "330212",
      town: "330212001",
    });
    expect(placeLeafOf("000000/330000/330200/330212")).toEqual({
      partition: "330200",
      district: "330212",
      town: "-",
    });
    expect(placeLeafOf("000000/330000/330200")).toEqual({ partition: "330200", district: "-", town: "-" });
    // Above every city: the place's own partition.
    expect(placeLeafOf("000000/340000")).toEqual({ partition: "340000", district: "-", town: "-" });
    expect(placeLeafOf("000000")).toEqual({ partition: "000000", district: "-", town: "-" });
  });
});

describe("placeDeltas: the leaf's figures a transition moves", () => {
  const leaf = { partition: "330200", district: "330212", town: "330212001" };
  const submitted = placed(
    caseState({
      caseId: "p1",
      bundleId: "social-assistance",
      items: [
        dispatched("dibao", "civil-affairs", due),
        dispatched("legal-aid", "justice", due),
        item("x", "tax"),
      ],
    }),
    YINZHOU_TOWN,
  );

  it("counts a new case in its status and its held items, nothing for a case without a place", () => {
    expect(placeDeltas(undefined, submitted)).toEqual([
      {
        kind: "place",
        leaf,
        figure: { family: "cases", bundleId: "social-assistance", status: "in_progress" },
        delta: 1,
      },
      { kind: "place", leaf, figure: { family: "open" }, delta: 2 },
    ]);
    const { place: _, ...unplaced } = submitted as CaseState & { place?: unknown };
    expect(placeDeltas(undefined, unplaced as CaseState)).toEqual([]);
  });

  it("moves overdue and open, and counts a completion on an online case as landed", () => {
    const late = withItem(submitted, dispatched("dibao", "civil-affairs", due, { overdue: true }), due);
    expect(placeDeltas(submitted, late)).toEqual([
      { kind: "place", leaf, figure: { family: "overdue" }, delta: 1 },
    ]);

    const done = withItem(late, item("dibao", "civil-affairs", { status: "completed", attempt: 1 }), due);
    expect(placeDeltas(late, done)).toEqual([
      { kind: "place", leaf, figure: { family: "open" }, delta: -1 },
      { kind: "place", leaf, figure: { family: "overdue" }, delta: -1 },
      {
        kind: "place",
        leaf,
        figure: { family: "landed", bundleId: "social-assistance", itemId: "dibao" },
        delta: 1,
      },
    ]);
  });

  it("counts no landing for a counter filing, and an instance for its for-each item", () => {
    const counter = { ...submitted, channel: "counter" } as CaseState;
    const done = withItem(counter, item("dibao", "civil-affairs", { status: "completed", attempt: 1 }), due);
    expect(placeDeltas(counter, done).map((d) => d.figure.family)).toEqual(["open"]);

    const instance = dispatched("property#a", "natural-resources", due, {
      forEachOf: "property",
      element: "a",
    });
    const before = withItem(submitted, instance, due);
    const after = withItem(before, { ...instance, status: "completed" }, due);
    expect(placeDeltas(before, after)).toContainEqual({
      kind: "place",
      leaf,
      figure: { family: "landed", bundleId: "social-assistance", itemId: "property" },
      delta: 1,
    });
  });

  it("moves the case between statuses at its leaf", () => {
    const closed = placed(
      caseState({ caseId: "p1", bundleId: "social-assistance", status: "withdrawn" }),
      YINZHOU_TOWN,
    );
    expect(placeDeltas(submitted, closed)).toEqual([
      {
        kind: "place",
        leaf,
        figure: { family: "cases", bundleId: "social-assistance", status: "in_progress" },
        delta: -1,
      },
      {
        kind: "place",
        leaf,
        figure: { family: "cases", bundleId: "social-assistance", status: "withdrawn" },
        delta: 1,
      },
      { kind: "place", leaf, figure: { family: "open" }, delta: -2 },
    ]);
  });
});

describe("planCommit with a placed case", () => {
  it("adds two actions to a 20-item submission (its leaf's cases and open rows): 42 of 100", () => {
    const { state, timeline, outbox } = twentyItemSubmission("c20", new Date("2025-03-03T02:00:00.000Z"));
    const key = "test-applicant-index-key-0123456789abcdef";
    const plan = planCommit(
      "cases",
      {
        next: placed(state, YINZHOU_TOWN),
        eventId: "e-submit",
        timeline,
        outbox,
        now: new Date(state.submittedAt),
      },
      { applicantHash: (identity) => applicantIndexHash(key, identity) },
    );
    const place = plan.items.filter((a) => a.Update?.Key?.pk === "COUNTER#PLACE#330200");
    expect(place.map((a) => a.Update?.Key?.sk)).toEqual([
      "330212#330212001#CASES#newborn#in_progress",
      "330212#330212001#OPEN",
    ]);
    expect(place[1]?.Update?.ExpressionAttributeValues).toMatchObject({
      ":delta": 14,
      ":family": "open",
      ":town": "330212001",
    });
    // 40 + these 2 + the case's place index rows (4: province, city, district, town; see commit.unit.test.ts).
    expect(plan.items).toHaveLength(46);
  });
});

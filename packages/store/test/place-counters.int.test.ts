/** The per-place counters on DynamoDB Local: written at the case's leaf, read for a city, a district or a town. */
import type { CaseState } from "@onething/domain";
import { describe, expect, it } from "vitest";
import type { PlaceCounterRow } from "../src/index.ts";
import { caseState, dispatched, item, withItem } from "./fixtures.ts";
import { at, useTestStore } from "./store.ts";

const { store, submit } = await useTestStore("place-counters");
const due = "2025-03-10T16:00:00.000Z";
const YINZHOU = "000000/330000/330200/330212";
const HAISHU = "000000/330000/330200/330203";
const placed = (state: CaseState, path: string): CaseState =>
  ({
    ...state,
    place: { code: path.split("/").at(-1) ?? "", path, source: "field" },
  }) as unknown as CaseState;

const total = (rows: PlaceCounterRow[], family: PlaceCounterRow["family"]) =>
  rows.filter((r) => r.family === family).reduce((sum, r) => sum + r.count, 0);

describe("place counters", () => {
  it("sums a town, a district and the city from the leaf rows; a case without a place counts nowhere", async () => {
    const town = (caseId: string, path: string, items = [dispatched("a", "civil-affairs", due)]) =>
      submit(placed(caseState({ caseId, bundleId: "social-assistance", items }), path));
    const first = await town("y1", `${YINZHOU}/330212001`);
    await town("y2", `${YINZHOU}/330212002`, [
      dispatched("a", "civil-affairs", due),
      dispatched("b", "tax", due),
    ]);
    await town("y3", YINZHOU);
    await town("h1", `${HAISHU}/330203001`);
    await submit(
      caseState({ caseId: "unplaced", bundleId: "social-assistance", items: [dispatched("a", "x", due)] }),
    );

    const done = withItem(first.state, item("a", "civil-affairs", { status: "completed", attempt: 1 }), due);
    await store.commitDecision({
      previous: first,
      next: done,
      eventId: "done",
      timeline: [],
      outbox: [],
      now: at(due),
    });

    const city = await store.getPlaceCounters({ partition: "330200" });
    expect(total(city, "cases")).toBe(4);
    expect(total(city, "open")).toBe(4);

    const yinzhou = await store.getPlaceCounters({ partition: "330200", district: "330212" });
    expect(total(yinzhou, "cases")).toBe(3);
    expect(total(yinzhou, "open")).toBe(3);
    expect(yinzhou.filter((r) => r.family === "landed")).toEqual([
      {
        district: "330212",
        town: "330212001",
        family: "landed",
        bundleId: "social-assistance",
        itemId: "a",
        count: 1,
      },
    ]);
    // The district's own row (a case placed at the district) is under its prefix too.
    expect(yinzhou.filter((r) => r.town === "-").map((r) => r.family)).toEqual(["cases", "open"]);

    const oneTown = await store.getPlaceCounters({
      partition: "330200",
      district: "330212",
      town: "330212002",
    });
    expect(total(oneTown, "cases")).toBe(1);
    expect(total(oneTown, "open")).toBe(2);
    expect(await store.getPlaceCounters({ partition: "330100" })).toEqual([]);
  });
});

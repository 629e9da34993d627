import type { PlaceCounterQuery, PlaceCounterRow } from "@onething/store";
import { describe, expect, it } from "vitest";
import {
  childFigures,
  delegationFigures,
  OutsideScopeError,
  type PlaceCatalogue,
  type PlaceNode,
  PlaceTooFineError,
  placeQueries,
  placeRows,
  placeTotal,
  selectPlace,
  UnknownOpsPlaceError,
} from "../src/index.ts";

const n = (code: string, level: PlaceNode["level"], path: string, zh: string): PlaceNode => ({
  code,
  level,
  path,
  name: { zh, en: zh },
  ...(path.includes("/") ? { parent: path.split("/").at(-2) } : {}),
});
const NODES = [
  n("000000", "country", "000000", "全国"),
  n("330000", "province", "000000/330000", "浙江省"),
  n("330200", "city", "000000/330000/330200", "宁波市"),
  n("330212", "district", "000000/330000/330200/330212", "鄞州区"),
  n("330212001", "town", "000000/330000/330200/330212/330212001", "下应街道"),
  n("330212002", "town", "000000/330000/330200/330212/330212002", "钟公庙街道"),
  n("330212001001", "community", "000000/330000/330200/330212/330212001/330212001001", "某社区"),
  n("330203", "district", "000000/330000/330200/330203", "海曙区"),
  n("330203001", "town", "000000/330000/330200/330203/330203001", "南门街道"),
  n("340000", "province", "000000/340000", "安徽省"),
];
const byCode = new Map(NODES.map((node) => [node.code, node]));
const catalogue: PlaceCatalogue = {
  places: {
    root: "000000",
    find: (code) => byCode.get(code),
    children: (code) => NODES.filter((node) => node.parent === code),
    all: () => NODES,
  },
  // Yinzhou and below switch b off; everywhere a and b are on otherwise.
  profiles: {
    resolve: (place) => ({ disabled: byCode.get(place)?.path.includes("330212") ? ["b"] : [] }),
  },
  delegations: {
    rate: (district) => (district === "330212" ? { towns: 2, delegated: 1 } : { towns: 1, delegated: 0 }),
  },
  bundles: [{ id: "sa", items: [{ id: "a" }, { id: "b" }, { id: "approval", approval: "delegable" }] }],
};
const YINZHOU_SCOPE = { jurisdiction: "330212", path: "000000/330000/330200/330212" };
const ROOT_SCOPE = { jurisdiction: "000000", path: "000000" };
const at = "2026-03-02T02:00:00.000Z";

const row = (district: string, town: string, fields: Partial<PlaceCounterRow>): PlaceCounterRow => ({
  district,
  town,
  family: "cases",
  count: 1,
  ...fields,
});

describe("selectPlace", () => {
  it("defaults to the scope's office and refuses places outside it, finer than a town, or unknown", () => {
    expect(selectPlace(catalogue, YINZHOU_SCOPE, undefined).code).toBe("330212");
    expect(selectPlace(catalogue, YINZHOU_SCOPE, "330212002").code).toBe("330212002");
    expect(() => selectPlace(catalogue, YINZHOU_SCOPE, "330203")).toThrow(OutsideScopeError);
    expect(() => selectPlace(catalogue, YINZHOU_SCOPE, "330200")).toThrow(OutsideScopeError);
    expect(() => selectPlace(catalogue, YINZHOU_SCOPE, "330212001001")).toThrow(PlaceTooFineError);
    expect(() => selectPlace(catalogue, ROOT_SCOPE, "999999")).toThrow(UnknownOpsPlaceError);
  });
});

describe("placeQueries: one Query for a town, district or city", () => {
  it("narrows the city partition by prefix, and reads every partition below a province", () => {
    const q = (code: string) => placeQueries(catalogue, byCode.get(code) as PlaceNode);
    expect(q("330212001")).toEqual([{ partition: "330200", district: "330212", town: "330212001" }]);
    expect(q("330212")).toEqual([{ partition: "330200", district: "330212" }]);
    expect(q("330200")).toEqual([{ partition: "330200" }]);
    expect(q("330000")).toEqual([{ partition: "330000" }, { partition: "330200" }]);
    expect(q("000000").map((x) => x.partition)).toEqual(["000000", "330000", "330200", "340000"]);
  });
});

describe("childFigures and 落地率", () => {
  it("sums each child's rows, counts open cases, and the share of its switched-on items landed", async () => {
    const asked: PlaceCounterQuery[] = [];
    const store = {
      getPlaceCounters: async (query: PlaceCounterQuery) => {
        asked.push(query);
        return [
          row("330212", "330212001", { bundleId: "sa", status: "in_progress", count: 2 }),
          row("330212", "330212001", { bundleId: "sa", status: "completed", count: 3 }),
          row("330212", "330212001", { family: "open", count: 4 }),
          row("330212", "330212001", { family: "overdue", count: 1 }),
          row("330212", "330212001", { family: "landed", bundleId: "sa", itemId: "a", count: 2 }),
          // Landed, but Yinzhou switches b off: not counted.
          row("330212", "330212001", { family: "landed", bundleId: "sa", itemId: "b", count: 1 }),
          // Placed at the district itself: in the district's totals, in no town's row.
          row("330212", "-", { bundleId: "sa", status: "in_progress", count: 5 }),
        ];
      },
    };
    const yinzhou = byCode.get("330212") as PlaceNode;
    const rows = await placeRows(store, catalogue, yinzhou);
    expect(asked).toEqual([{ partition: "330200", district: "330212" }]);
    expect(childFigures(catalogue, yinzhou, rows, at)).toEqual([
      {
        code: "330212001",
        name: { zh: "下应街道", en: "下应街道" },
        level: "town",
        cases: 5,
        openCases: 2,
        openItems: 4,
        overdue: 1,
        itemsOn: 2,
        itemsLanded: 1,
        landingRate: 0.5,
      },
      {
        code: "330212002",
        name: { zh: "钟公庙街道", en: "钟公庙街道" },
        level: "town",
        cases: 0,
        openCases: 0,
        openItems: 0,
        overdue: 0,
        itemsOn: 2,
        itemsLanded: 0,
        landingRate: 0,
      },
    ]);
    expect(childFigures(catalogue, byCode.get("330212001") as PlaceNode, rows, at)).toEqual([]);
    // The district's own total: its towns' rows and the cases placed at the district itself.
    expect(placeTotal(catalogue, yinzhou, rows, at)).toMatchObject({
      code: "330212",
      cases: 10,
      openCases: 7,
      openItems: 4,
      itemsOn: 2,
      itemsLanded: 1,
    });
  });

  it("groups a city's rows by district", async () => {
    const store = {
      getPlaceCounters: async () => [
        row("330212", "330212001", { bundleId: "sa", status: "in_progress" }),
        row("330203", "330203001", { bundleId: "sa", status: "in_progress", count: 7 }),
      ],
    };
    const ningbo = byCode.get("330200") as PlaceNode;
    const figures = childFigures(catalogue, ningbo, await placeRows(store, catalogue, ningbo), at);
    expect(figures.map((f) => [f.code, f.cases, f.itemsOn])).toEqual([
      ["330212", 1, 2],
      ["330203", 7, 3],
    ]);
  });
});

describe("delegationFigures", () => {
  it("gives each district at or below the place its rate for each delegable item; a town its own district", () => {
    const rate = (code: string) => delegationFigures(catalogue, byCode.get(code) as PlaceNode, at);
    expect(rate("330200")).toEqual([
      {
        district: "330212",
        name: { zh: "鄞州区", en: "鄞州区" },
        bundleId: "sa",
        itemId: "approval",
        towns: 2,
        delegated: 1,
        rate: 0.5,
      },
      {
        district: "330203",
        name: { zh: "海曙区", en: "海曙区" },
        bundleId: "sa",
        itemId: "approval",
        towns: 1,
        delegated: 0,
        rate: 0,
      },
    ]);
    expect(rate("330212002").map((d) => d.district)).toEqual(["330212"]);
  });
});

import { describe, expect, it } from "vitest";
import {
  cascadeLevels,
  pickAt,
  placeChain,
  placeIndex,
  placeOptions,
  withinScope,
} from "../src/place-tree.ts";
import type { JurisdictionList } from "../src/types.ts";

const text = (zh: string) => ({ zh, en: zh });
const tree: JurisdictionList = {
  version: 1,
  root: "000000",
  defaultPlace: "330200",
  nodes: [
    { code: "000000", level: "country", name: text("全国") },
    { code: "330000", parent: "000000", level: "province", name: text("浙江省") },
    { code: "330200", parent: "330000", level: "city", name: text("宁波市") },
    { code: "330212", parent: "330200", level: "district", name: text("鄞州区") },
    { code: "330203", parent: "330200", level: "district", name: text("海曙区") },
    { code: "330212001", parent: "330212", level: "town", name: text("下应街道") },
    { code: "330212101", parent: "330212", level: "town", name: text("姜山镇") },
    { code: "330212101201", parent: "330212101", level: "community", name: text("东光村") },
  ],
  delegations: [],
};

describe("placeOptions", () => {
  it("lists the tree depth first with paths and depths, so a scope is a path prefix", () => {
    const options = placeOptions(tree);
    expect(options.map((o) => [o.code, o.depth])).toEqual([
      ["000000", 0],
      ["330000", 1],
      ["330200", 2],
      ["330212", 3],
      ["330212001", 4],
      ["330212101", 4],
      ["330212101201", 5],
      ["330203", 3],
    ]);
    const yinzhou = options.find((o) => o.code === "330212")?.path ?? "";
    expect(options.filter((o) => withinScope(o.path, yinzhou)).map((o) => o.code)).toEqual([
      "330212",
      "330212001",
      "330212101",
      "330212101201",
    ]);
  });
});

describe("the cascading place picker", () => {
  const index = placeIndex(placeOptions(tree));
  const shape = (value: string) =>
    cascadeLevels(index, value).map((l) => [l.parent.code, l.options.map((o) => o.code), l.selected]);

  it("offers the provinces first, then one select below each chosen place that has children", () => {
    expect(shape("")).toEqual([["000000", ["330000"], ""]]);
    expect(shape("330200")).toEqual([
      ["000000", ["330000"], "330000"],
      ["330000", ["330200"], "330200"],
      ["330200", ["330212", "330203"], ""],
    ]);
    // A town with communities opens a fifth select; one without (下应街道) does not.
    expect(shape("330212101").map(([parent, , selected]) => [parent, selected])).toEqual([
      ["000000", "330000"],
      ["330000", "330200"],
      ["330200", "330212"],
      ["330212", "330212101"],
      ["330212101", ""],
    ]);
    expect(shape("330212001")).toHaveLength(4);
    expect(placeChain(index, "330212101201").map((p) => p.name.zh)).toEqual([
      "浙江省",
      "宁波市",
      "鄞州区",
      "姜山镇",
      "东光村",
    ]);
  });

  it("keeps the deepest code chosen, at any level, and clearing a select falls back to the one above", () => {
    expect(pickAt(index, "", 0, "330000")).toBe("330000");
    expect(pickAt(index, "330212101", 2, "330203")).toBe("330203"); // another district: the town below is gone
    // 海曙区 has no towns in this tree: no select opens below it.
    expect(shape("330203").at(-1)).toEqual(["330200", ["330212", "330203"], "330203"]);
    expect(pickAt(index, "330212101", 3, "")).toBe("330212");
    expect(pickAt(index, "330212101", 1, "")).toBe("330000");
    expect(pickAt(index, "330200", 0, "")).toBe("");
  });

  it("shows nothing chosen for a code the tree does not hold", () => {
    expect(placeChain(index, "999999")).toEqual([]);
    expect(shape("999999")).toEqual([["000000", ["330000"], ""]]);
  });
});

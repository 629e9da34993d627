import { describe, expect, it } from "vitest";
import { placeOptions, withinScope } from "../src/place-tree.ts";
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
      ["330203", 3],
    ]);
    const yinzhou = options.find((o) => o.code === "330212")?.path ?? "";
    expect(options.filter((o) => withinScope(o.path, yinzhou)).map((o) => o.code)).toEqual([
      "330212",
      "330212001",
    ]);
  });
});

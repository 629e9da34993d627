import { describe, expect, it } from "vitest";
import { deliveryFigures } from "../src/delivery-figures.ts";
import type { PlaceCatalogue, PlaceNode } from "../src/places.ts";

const node = (code: string, path: string, parent?: string): PlaceNode => ({
  code,
  level: parent ? "district" : "country",
  path,
  name: { zh: code, en: code },
  ...(parent ? { parent } : {}),
});
const ROOT = node("000000", "000000");
const NODES = [ROOT, node("330212", "000000/330212", "000000")];
const catalogue = {
  places: {
    root: "000000",
    find: (code: string) => NODES.find((n) => n.code === code),
    children: (code: string) => NODES.filter((n) => n.parent === code),
    all: () => NODES,
  },
} as unknown as PlaceCatalogue;

describe("送达率", () => {
  it("is delivered ÷ sent, unclamped (a count that went wrong shows, not hidden at 100 %)", async () => {
    const rows = [
      { bundleId: "after-death", place: "330212", sent: 4, delivered: 3, failed: 1 },
      { bundleId: "birth", place: "330212", sent: 2, delivered: 3, failed: 0 },
    ];
    const figures = await deliveryFigures({ getNoticeCounters: async () => rows }, catalogue, ROOT);
    expect(figures.byBundle).toEqual([
      { bundleId: "after-death", sent: 4, delivered: 3, failed: 1, rate: 0.75 },
      { bundleId: "birth", sent: 2, delivered: 3, failed: 0, rate: 1.5 },
    ]);
    expect(figures.total).toEqual({ sent: 6, delivered: 6, failed: 1, rate: 1 });
  });
});

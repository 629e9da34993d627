import {
  type CatalogueData,
  type CatalogueIssue,
  CatalogueValidationError,
  Jurisdictions,
  loadCatalogue,
  PLATFORM_JURISDICTION,
  UnknownPlaceError,
  withinScope,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { departments, miniBundle } from "./fixtures.ts";
import {
  GULOU,
  JIANGSHAN,
  JINAN,
  placeCatalogue,
  placeData,
  placeDepartments,
  tree,
  WUXIANG,
} from "./places-fixtures.ts";

function issuesOf(data: CatalogueData): CatalogueIssue[] {
  try {
    loadCatalogue(data);
  } catch (e) {
    if (e instanceof CatalogueValidationError) return [...e.issues];
    throw e;
  }
  return [];
}

type Editable = CatalogueData & { bundles: unknown[] } & Record<string, unknown>;
const issuesWith = (change: (data: Editable) => void) => issuesOf(placeData((d) => change(d as Editable)));
// biome-ignore lint/suspicious/noExplicitAny: test data edited in place
const bundleOf = (d: Editable) => d.bundles[0] as any;

describe("the jurisdiction tree", () => {
  const places = placeCatalogue().places;

  it("indexes nodes by code with their paths from the root", () => {
    expect(places.pathOf(JIANGSHAN)).toBe("000000/330000/330200/330212/330212101");
    expect(places.node("330291")).toMatchObject({ kind: "zone", bureau: { zh: "社会事务管理局" } });
    expect(places.ancestors(JIANGSHAN).map((j) => j.code)).toEqual([
      "000000",
      "330000",
      "330200",
      "330212",
      JIANGSHAN,
    ]);
    expect(places.children("330212").map((j) => j.code)).toEqual([JIANGSHAN, WUXIANG]);
    expect(places.ancestorAt("330212101001", "town")?.code).toBe(JIANGSHAN);
    expect(places.ancestorAt("330212", "town")).toBeUndefined();
    expect(places.provinceOf(GULOU)).toBe("330000");
    expect(places.provinceOf(JINAN)).toBe("340000");
    expect(places.provinceOf("000000")).toBeUndefined();
    expect(places.has("330299")).toBe(false);
    expect(places.find("330299")).toBeUndefined();
    expect(() => places.node("330299")).toThrow(UnknownPlaceError);
    expect(places.all()).toHaveLength(tree.nodes.length);
  });

  it("tells a scope's own node and those below from a sibling sharing a prefix", () => {
    const yinzhou = places.pathOf("330212");
    expect(withinScope(places.pathOf(JIANGSHAN), yinzhou)).toBe(true);
    expect(withinScope(yinzhou, yinzhou)).toBe(true);
    expect(withinScope(places.pathOf(GULOU), yinzhou)).toBe(false);
    expect(withinScope("000000/330000/330200/3302120", yinzhou)).toBe(false);
  });

  it("is the country alone for a catalogue without one", () => {
    const catalogue = loadCatalogue({ bundles: [miniBundle()], departments });
    expect(catalogue.places.root).toBe(PLATFORM_JURISDICTION);
    expect(catalogue.places.defaultPlace).toBe(PLATFORM_JURISDICTION);
    expect(catalogue.places.all().map((j) => j.path)).toEqual(["000000"]);
    expect(new Jurisdictions().has("000000")).toBe(true);
  });
});

describe("profiles and delegations", () => {
  const catalogue = placeCatalogue();

  it("resolve nothing for a place the tree does not have", () => {
    expect(catalogue.profiles.resolve("330299", "assist", "2025-03-01")).toEqual({
      layers: [],
      disabled: [],
      parameters: {},
    });
  });

  it("resolve a community through its town and district", () => {
    const p = catalogue.profiles.resolve("330212101001", "assist", "2025-03-01T00:00:00Z");
    expect(p.layers).toEqual([
      { place: "330200", version: 1 },
      { place: "330212", version: 1 },
    ]);
  });

  it("date by the Beijing day: 16:00Z on 30 June is 1 July in Ningbo", () => {
    expect(catalogue.profiles.resolve(GULOU, "assist", "2025-06-30T15:59:59Z").layers[0]?.version).toBe(1);
    expect(catalogue.profiles.resolve(GULOU, "assist", "2025-06-30T16:00:00Z").layers[0]?.version).toBe(2);
  });

  it("count a district's towns holding the grant", () => {
    expect(catalogue.delegations.holds(JIANGSHAN, "assist", "approval", "2025-06-01")).toBe(true);
    expect(catalogue.delegations.holds(JIANGSHAN, "assist", "dibao", "2025-06-01")).toBe(false);
    expect(catalogue.delegations.rate("330212", "assist", "approval", "2025-06-01")).toEqual({
      towns: 2,
      delegated: 1,
    });
    expect(catalogue.delegations.rate("330212", "assist", "approval", "2026-06-01")).toEqual({
      towns: 2,
      delegated: 0,
    });
    expect(catalogue.delegations.rate("330299", "assist", "approval", "2025-06-01")).toEqual({
      towns: 0,
      delegated: 0,
    });
  });
});

describe("place validation", () => {
  it("accepts the fixture catalogue", () => {
    expect(issuesOf(placeData())).toEqual([]);
  });

  it("requires casePlace and competentPlace to name place fields", () => {
    const issues = issuesWith((d) => {
      bundleOf(d).casePlace = "applicant.name";
      bundleOf(d).items[4].competentPlace = "answers.nowhere";
    });
    expect(issues).toContainEqual(expect.objectContaining({ bundleId: "assist", field: "casePlace" }));
    expect(issues).toContainEqual(expect.objectContaining({ itemId: "property", field: "competentPlace" }));
  });

  it("allows a delegable approval only on a gate", () => {
    const issues = issuesWith((d) => {
      bundleOf(d).items[2].approval = "delegable";
    });
    expect(issues).toContainEqual(expect.objectContaining({ itemId: "dibao", field: "approval" }));
  });

  it("rejects a tree with an unknown parent, a level out of order or no default place", () => {
    const issues = issuesWith((d) => {
      d.jurisdictions = {
        ...tree,
        defaultPlace: "330299",
        nodes: [
          ...tree.nodes,
          { code: "330213", parent: "330298", level: "district", name: { zh: "奉化区", en: "Fenghua" } },
          { code: "330212201", parent: JIANGSHAN, level: "town", name: { zh: "镇", en: "Town" } },
        ],
      };
    });
    expect(issues.map((i) => i.field)).toEqual(
      expect.arrayContaining(["jurisdictions.330213", "jurisdictions.330212201", "jurisdictions.330299"]),
    );
  });

  it("rejects a skipped level, a code of another level's length, and a town code not under its district's", () => {
    const issues = issuesWith((d) => {
      d.jurisdictions = {
        ...tree,
        nodes: [
          ...tree.nodes,
          // A municipality's district straight under the province, without its 市辖区 city node.
          { code: "310000", parent: "000000", level: "province", name: { zh: "上海市", en: "Shanghai" } },
          { code: "310115", parent: "310000", level: "district", name: { zh: "浦东新区", en: "Pudong" } },
          { code: "330212777777", parent: "330212", level: "town", name: { zh: "镇", en: "Town" } },
          { code: "330203555", parent: "330212", level: "town", name: { zh: "镇", en: "Town" } },
        ],
      };
    });
    const messages = issues.map((i) => `${i.field}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "jurisdictions.310115: a district cannot sit under a province (310000)",
        "jurisdictions.330212777777: a town's code has 9 digits",
        "jurisdictions.330203555: a town's code extends its parent's (330212)",
      ]),
    );
    expect(messages.some((m) => m.startsWith("jurisdictions.310000"))).toBe(false);
  });

  it("rejects a tree of several provinces without the exchange desk", () => {
    const issues = issuesWith((d) => {
      d.departments = {
        departments: placeDepartments().filter((x) => x.id !== "cross-province-exchange"),
      };
    });
    expect(issues).toContainEqual(expect.objectContaining({ field: "jurisdictions" }));
  });

  it("lets profiles switch only switchable items of known bundles at known places", () => {
    const issues = issuesWith((d) => {
      d.profiles = [
        {
          place: "330212",
          version: 1,
          effectiveFrom: "2024-01-01",
          bundles: { assist: { items: { intake: false } } },
        },
        { place: "330299", version: 1, effectiveFrom: "2024-01-01", bundles: { nope: {} } },
        { place: "330212", version: 1, effectiveFrom: "2025-01-01", bundles: {} },
      ];
    });
    expect(issues).toContainEqual(
      expect.objectContaining({ itemId: "intake", message: "this item may not be switched" }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ message: "unknown place 330299" }));
    expect(issues).toContainEqual(expect.objectContaining({ bundleId: "nope", message: "unknown bundle" }));
    expect(issues).toContainEqual(expect.objectContaining({ message: "duplicate profile version" }));
  });

  it("lets only towns hold delegated authority, over delegable items, with until after from", () => {
    const issues = issuesWith((d) => {
      d.delegations = {
        version: 1,
        grants: [
          { town: "330212", bundle: "assist", item: "approval", from: "2025-01-01" },
          { town: JIANGSHAN, bundle: "assist", item: "dibao", from: "2025-01-01" },
          { town: WUXIANG, bundle: "assist", item: "approval", from: "2025-01-01", until: "2025-01-01" },
        ],
      };
    });
    expect(issues).toContainEqual(
      expect.objectContaining({ field: "delegations.grants.0", message: "330212 is a district, not a town" }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ itemId: "dibao", message: "this item's approval is not delegable" }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ field: "delegations.grants.2", message: "until must be after from" }),
    );
  });
});

import {
  type ApplicationSubmitted,
  type CaseState,
  CROSS_PROVINCE_EXCHANGE,
  createDecide,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { loadSeedCalendar, loadSeedCatalogue } from "../src/index.ts";
import { type SampleApplication, samples } from "../src/samples.ts";

const catalogue = loadSeedCatalogue();
const places = catalogue.places;
const decide = createDecide({ catalogue, calendar: loadSeedCalendar() });
const NOW = new Date("2026-03-02T09:30:00+08:00");
const TODAY = "2026-03-02";
const YINZHOU = "330212";

const sample = (id: string) => {
  const found = samples.find((s) => s.id === id);
  if (!found) throw new Error(`no sample ${id}`);
  return found;
};

function submit(s: SampleApplication, change: (a: ApplicationSubmitted) => void = () => {}): CaseState {
  const event: ApplicationSubmitted = {
    type: "ApplicationSubmitted",
    eventId: `submit:${s.id}`,
    caseId: `T-${s.id}`,
    bundleId: s.bundleId,
    application: structuredClone(s.application) as ApplicationSubmitted["application"],
    channel: s.channel,
    filedBy: { role: "citizen", id: "tester" },
    ...(s.receivingPlace ? { receivingPlace: s.receivingPlace } : {}),
  };
  change(event);
  const d = decide(undefined, event, NOW);
  expect(d.ignored).toBeUndefined();
  return d.state as CaseState;
}

describe("the seed jurisdiction tree", () => {
  it("holds Zhejiang → Ningbo's districts, counties, county-level cities and zones", () => {
    const ningbo = places.children("330200").map((j) => j.code);
    for (const code of [
      "330203",
      "330205",
      "330206",
      "330211",
      YINZHOU,
      "330213",
      "330225",
      "330226",
      "330281",
      "330282",
    ])
      expect(ningbo).toContain(code);
    const zones = places.children("330200").filter((j) => j.kind === "zone");
    expect(zones.map((z) => z.code)).toEqual(["330291", "330292", "330293", "330294"]);
    for (const z of zones) expect(z.bureau).toEqual({ zh: "社会事务管理局", en: "Social Affairs Bureau" });
    expect(places.node("330282")).toMatchObject({ kind: "county-city", name: { zh: "慈溪市" } });
    expect(places.children("330700").length).toBeGreaterThanOrEqual(9);
    expect(places.pathOf("510185001")).toBe("000000/510000/510100/510185/510185001");
  });

  it("has Yinzhou down to 20+ towns and streets, and a few communities", () => {
    const towns = places.children(YINZHOU);
    expect(towns.length).toBeGreaterThanOrEqual(20);
    expect(towns.every((t) => t.level === "town" && /^330212\d{3}$/.test(t.code))).toBe(true);
    expect(towns.map((t) => t.name.zh)).toEqual(expect.arrayContaining(["钟公庙街道", "姜山镇", "瞻岐镇"]));
    const communities = places.all().filter((j) => j.level === "community");
    expect(communities.length).toBeGreaterThanOrEqual(3);
    for (const c of communities) expect(c.code.slice(0, 9)).toBe(c.parent);
  });

  it("keeps the other provinces as exchange targets", () => {
    const provinces = places.children("000000").map((j) => j.code);
    expect(provinces.length).toBeGreaterThanOrEqual(12);
    expect(provinces).toEqual(expect.arrayContaining(["330000", "340000", "320000", "510000"]));
  });

  it("gives every department the levels of its offices; the exchange desk one per province", () => {
    for (const d of catalogue.departments.values()) expect(d.offices?.length).toBeGreaterThan(0);
    expect(catalogue.departments.get(CROSS_PROVINCE_EXCHANGE)?.offices).toEqual(["province"]);
    expect(catalogue.departments.get("town-office")?.offices).toEqual(["town"]);
  });
});

describe("seed profiles and delegations", () => {
  const switchable = catalogue
    .bundle("social-assistance")
    .items.filter((i) => i.switchable)
    .map((i) => i.id);

  it("switches on Ningbo's 14 online social-assistance items", () => {
    expect(switchable).toHaveLength(14);
    const ningbo = catalogue.profiles.resolve("330203001", "social-assistance", TODAY);
    expect(ningbo.layers).toEqual([{ place: "330200", version: 1 }]);
    expect(ningbo.disabled).toEqual([]);
  });

  it("runs Yinzhou on its own: the 8 assistance items, disability and the two utilities", () => {
    const yinzhou = catalogue.profiles.resolve("330212101", "social-assistance", TODAY);
    const on = switchable.filter((i) => !yinzhou.disabled.includes(i));
    expect(on.sort()).toEqual(
      [
        "dibao",
        "tekun-support",
        "dibian",
        "temporary-assistance",
        "medical-assistance",
        "education-assistance",
        "housing-assistance",
        "employment-assistance",
        "disability-subsidies",
        "electricity-fee-reduction",
        "cable-tv-fee-reduction",
      ].sort(),
    );
  });

  it("delegates approval to 6 Yinzhou towns first, then to at least half", () => {
    expect(catalogue.delegations.rate(YINZHOU, "social-assistance", "approval", "2024-07-01")).toEqual({
      towns: 22,
      delegated: 6,
    });
    const now = catalogue.delegations.rate(YINZHOU, "social-assistance", "approval", TODAY);
    expect(now.delegated / now.towns).toBeGreaterThanOrEqual(0.5);
  });
});

describe("placed samples", () => {
  const placeValues = (s: SampleApplication) => {
    const bundle = catalogue.bundle(s.bundleId);
    return bundle.form.fields
      .filter((f) => f.type === "place")
      .flatMap((f) => {
        const v = (s.application as Record<string, Record<string, unknown> | undefined>)[f.section]?.[f.name];
        return typeof v === "string" ? [v] : [];
      });
  };

  it("name only places of the tree", () => {
    for (const s of samples) {
      for (const code of [...placeValues(s), ...(s.receivingPlace ? [s.receivingPlace] : [])])
        expect(places.has(code), `${s.id}: ${code}`).toBe(true);
    }
  });

  it("sit mostly in Yinzhou, one in Haishu at least, one deceased registered in another province", () => {
    const states = samples.map((s) => submit(s));
    const within = (code: string) => states.filter((st) => st.place?.path.split("/").includes(code)).length;
    expect(within(YINZHOU)).toBeGreaterThan(samples.length / 2);
    expect(within("330203")).toBeGreaterThanOrEqual(1);
    expect(
      states.some(
        (st) => st.bundleId === "after-death" && places.provinceOf(st.place?.code ?? "") !== "330000",
      ),
    ).toBe(true);
  });

  it("hand the Anhui deceased's registration items to the exchange desk, keeping Jiangshan's at home", () => {
    const state = submit(sample("after-death-care-home-non-local"));
    expect(state.place).toMatchObject({ code: "341502", source: "field", field: "subject.householdPlace" });
    expect(state.receivingOffice).toMatchObject({ jurisdiction: "330212101", by: "clerk" });
    // Where she was registered: household cancellation goes to Anhui through the exchange desk.
    expect(state.items["household-cancellation"]?.status).toBe("pending");
    // Where she died: the police's death certificate and the funeral home are Yinzhou's.
    expect(state.items["death-certificate-police"]).toMatchObject({
      department: "public-security",
      office: { jurisdiction: YINZHOU, rule: "field", field: "answers.deathLocality" },
    });
    const answered = decide(
      state,
      {
        type: "ItemResultReceived",
        eventId: "cert",
        caseId: state.caseId,
        itemId: "death-certificate-police",
        department: "public-security",
        attempt: 1,
        result: {
          outcome: "completed",
          outputs: { certificateNumber: "DC-330212-0001" },
        },
      },
      NOW,
    );
    expect(answered.ignored).toBeUndefined();
    const after = answered.state as CaseState;
    expect(after.items["household-cancellation"]).toMatchObject({
      department: CROSS_PROVINCE_EXCHANGE,
      office: {
        jurisdiction: "340000",
        path: "000000/340000",
        rule: "exchange",
        handoff: { department: "public-security", place: "341502" },
      },
    });
    expect(after.items["transport-cremation"]).toMatchObject({
      department: "funeral-home",
      office: { jurisdiction: YINZHOU, rule: "field" },
    });
    const kinds = answered.commands.flatMap((c) => (c.type === "RecordTimeline" ? [c.entry] : []));
    expect(kinds).toContainEqual(
      expect.objectContaining({
        kind: "item_handed_off",
        itemId: "household-cancellation",
        office: "340000",
        handoff: { department: "public-security", place: "341502" },
      }),
    );
  });

  it("run the same social-assistance application on Yinzhou's item set or Ningbo's by place", () => {
    const s = sample("sa-elderly-couple-dibao");
    const yinzhou = submit(s);
    const haishu = submit(s, (e) => {
      e.caseId = "T-haishu";
      e.application.applicant.householdPlace = "330203001";
      e.receivingPlace = "330203001";
    });
    expect(yinzhou.items["legal-aid"]).toMatchObject({
      status: "skipped",
      skipReason: "disabled_by_profile",
    });
    expect(haishu.items["legal-aid"]?.status).toBe("pending");
    expect(haishu.profile?.layers.map((l) => l.place)).toEqual(["330200"]);
  });
});

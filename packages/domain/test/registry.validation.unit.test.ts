import type { BundleInput, CatalogueData, ItemInput } from "@onething/domain";
import { describe, expect, it } from "vitest";
import {
  benefits,
  registryCatalogue,
  registryData,
  registryIssues,
  sources,
  stopRule,
  stopsBundle,
} from "./registry-fixtures.ts";

type Data = Required<CatalogueData> & { rules: unknown[]; bundles: unknown[] };
const bundleOf = (data: Data, id: string) =>
  (data.bundles as BundleInput[]).find((b) => b.id === id) as BundleInput;
const itemOf = (data: Data, bundleId: string, itemId: string) =>
  bundleOf(data, bundleId).items.find((i) => i.id === itemId) as ItemInput;
const issues = (change: (data: Data) => void) => registryIssues(registryData(change));
const rule = (data: Data) => data.rules[0] as ReturnType<typeof stopRule>;

describe("the catalogue's registries", () => {
  it("loads benefits, sources and the latest version of each rule", () => {
    const catalogue = registryCatalogue(registryData((d) => d.rules.push(stopRule(2))));
    expect([...catalogue.benefits.keys()]).toEqual(["pension", "health-card"]);
    expect(catalogue.sources.get("hrss-roster")?.benefits).toEqual(["pension"]);
    expect(catalogue.rules.map((r) => `${r.id}@${r.version}`)).toEqual(["died-stop@2", "born-note@1"]);
    expect(catalogue.rulesFor("PersonDied").map((r) => r.version)).toEqual([2]);
    expect(catalogue.rulesFor("EntitlementEnded")).toEqual([]);
    expect(catalogue.findRule("died-stop", 1)?.version).toBe(1);
  });

  it("keeps working without them, and then refuses any entitlement", () => {
    expect(registryIssues({ bundles: [stopsBundle()], departments: registryData().departments })).toEqual([
      expect.objectContaining({
        itemId: "stop",
        field: "entitlements.endsElement",
        message: "option pension of benefit is not a benefit",
      }),
      expect.objectContaining({ itemId: "stop", message: "option health-card of benefit is not a benefit" }),
    ]);
  });

  it("names bad benefits and sources", () => {
    const found = issues((d) => {
      d.benefits = { benefits: [...benefits.benefits, { ...benefits.benefits[0], department: "nowhere" }] };
      d.sources = {
        sources: [
          ...sources.sources,
          { id: "fake", name: { zh: "假", en: "Fake" }, department: "nowhere", events: ["PersonDied"] },
          { ...sources.sources[1], id: "wrong", benefits: ["health-card"] },
          { ...sources.sources[1], id: "bare", benefits: undefined },
        ],
      };
    });
    expect(found.map((i) => `${i.field}: ${i.message}`)).toEqual([
      "benefits.pension: duplicate benefit pension",
      "benefits.pension.department: unknown department nowhere",
      "sources.fake.department: unknown department nowhere",
      "sources.wrong.benefits: benefit health-card is held at health, not at the source's hrss",
      "sources.bare.benefits: a roster source names the benefits it may report",
    ]);
  });
});

describe("entitlements and emits on items", () => {
  it("accepts the fixture catalogue", () => {
    expect(registryIssues(registryData())).toEqual([]);
  });

  it("names an unknown benefit, one of another department, and a bundle without a case subject", () => {
    const found = issues((d) => {
      itemOf(d, "death", "stop-pension").entitlements = { ends: ["pension", "health-card", "nothing"] };
      delete bundleOf(d, "grant").caseSubject;
    });
    expect(found.map((i) => `${i.bundleId} ${i.itemId} ${i.field}: ${i.message}`)).toEqual([
      "death stop-pension entitlements.ends: benefit health-card is held at health, not at the item's hrss",
      "death stop-pension entitlements.ends: unknown benefit nothing",
      "grant approve entitlements: a bundle whose items change entitlements needs a caseSubject (whose they are)",
    ]);
  });

  it("allows endsElement only on a for-each item, over an enum of benefits, with an element department", () => {
    expect(
      issues((d) => (itemOf(d, "death", "stop-pension").entitlements = { endsElement: "benefit" })),
    ).toEqual([
      expect.objectContaining({
        field: "entitlements.endsElement",
        message: "only a for-each item ends the benefit its element names",
      }),
    ]);
    const noDepartment = issues((d) => {
      const stop = itemOf(d, "stops", "stop");
      stop.forEach = { field: "answers.entitlements", key: "benefit" };
    });
    expect(noDepartment.map((i) => i.field)).toEqual(["forEach.department"]);
    const textElement = issues((d) => (itemOf(d, "stops", "stop").entitlements = { endsElement: "since" }));
    expect(textElement.map((i) => i.message)).toEqual([
      "since must be a required enum element field of benefit ids",
    ]);
    const missing = issues((d) => (itemOf(d, "stops", "stop").entitlements = { endsElement: "code" }));
    expect(missing.map((i) => i.message)).toEqual(["code is not an element field of answers.entitlements"]);
  });

  it("names every problem of an emitted event", () => {
    const found = issues((d) => {
      const emits = itemOf(d, "death", "certificate").emits ?? [];
      emits[0] = {
        type: "PersonDied",
        fields: {
          "person.idNumber": "subject.nothing",
          "person.colour": "subject.name",
          diedOn: "stop-pension.stoppedFrom",
          deathCertificateNumber: "certificate.certificateNumber",
        },
      };
      emits.push({ type: "ChildBorn", fields: {} });
      itemOf(d, "death", "stop-pension").outputs = [
        { name: "stoppedFrom", label: { zh: "停发", en: "From" }, type: "date", required: true },
      ];
    });
    expect(found.map((i) => `${i.field}: ${i.message}`)).toEqual([
      "emits.0.fields: PersonDied needs person.name",
      "emits.0.fields.person.idNumber: names unknown form field subject.nothing",
      "emits.0.fields.person.colour: person.colour is not a path of PersonDied",
      "emits.0.fields.diedOn: reads output stop-pension.stoppedFrom: stop-pension is neither this item nor among its dependencies",
      "emits.1.type: an item may emit only PersonDied",
    ]);
  });
});

describe("rules at load", () => {
  const messages = (change: (data: Data) => void) => issues(change).map((i) => `${i.field}: ${i.message}`);

  it("names a malformed rule by id and version", () => {
    expect(messages((d) => (rule(d).on = "PersonVanished"))).toEqual([
      expect.stringMatching(/^rules\.died-stop\.v1\.on: /),
    ]);
    expect(messages((d) => d.rules.push(stopRule()))).toEqual(["rules.died-stop.v1: duplicate rule version"]);
  });

  it("names every broken reference of a startCase", () => {
    const found = messages((d) => {
      const form = (rule(d).actions[0] as { form: Record<string, string> }).form;
      form["subject.dateOfDeath"] = "event.person.idNumber";
      form["subject.name"] = "event.deathCertificateNumber";
      form["answers.colour"] = "event.diedOn";
      form["applicant.name"] = "registry.activeEntitlements";
      delete form["applicant.idNumber"];
      form["answers.entitlements"] = "event.diedOn";
      rule(d).when = { field: "event.person.age", gt: 90 } as never;
    });
    expect([...found].sort()).toEqual(
      [
        "rules.died-stop.v1.when: event.person.age is not a path of PersonDied",
        "rules.died-stop.v1.actions.0.form.subject.dateOfDeath: event.person.idNumber (idNumber) cannot fill the date field subject.dateOfDeath",
        "rules.died-stop.v1.actions.0.form.subject.name: event.deathCertificateNumber is optional in PersonDied; the required field subject.name needs a required path",
        "rules.died-stop.v1.actions.0.form.answers.colour: answers.colour is not a field of stops",
        "rules.died-stop.v1.actions.0.form.applicant.name: registry.activeEntitlements is a list; applicant.name is a text field",
        "rules.died-stop.v1.actions.0.form.answers.entitlements: event.diedOn (date) cannot fill the list field answers.entitlements",
        "rules.died-stop.v1.actions.0.form: the required field applicant.idNumber of stops is not mapped",
        "rules.died-stop.v1.actions.0.unlessEmpty: answers.entitlements is not a list field mapped from registry.activeEntitlements",
      ].sort(),
    );
  });

  it("names an unknown bundle, a list with other element fields, and bad selectors", () => {
    const found = messages((d) => {
      const list = bundleOf(d, "stops").form.fields.find((f) => f.name === "entitlements");
      list?.of?.push({
        name: "amount",
        label: { zh: "金额", en: "Amount" },
        type: "number",
        required: false,
      });
      const addEvent = rule(d).actions[1] as { cases: { person: string; role: string; bundles: string[] } };
      addEvent.cases = { person: "event.person.name", role: "subject", bundles: ["grant", "nothing"] };
      d.rules.push({
        ...stopRule(),
        id: "other",
        actions: [{ ...stopRule().actions[0], bundle: "nothing" }],
      });
    });
    expect(found).toEqual([
      "rules.died-stop.v1.actions.0.form.answers.entitlements: element field amount is not one of benefit, department, since",
      "rules.died-stop.v1.actions.1.cases.person: event.person.name is not an ID number of PersonDied",
      "rules.died-stop.v1.actions.1.cases.bundles: grant has no case subject in its subject section: no case of it has a subject",
      "rules.died-stop.v1.actions.1.cases.bundles: no bundle nothing",
      "rules.other.v1.actions.0.bundle: no bundle nothing",
    ]);
  });
});

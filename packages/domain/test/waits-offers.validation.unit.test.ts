import type { BundleInput, CatalogueIssue } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { registryCatalogue, registryIssues } from "./registry-fixtures.ts";
import { itemIn, type offerRule, waitOfferData } from "./wait-offer-fixtures.ts";

type Data = Parameters<NonNullable<Parameters<typeof waitOfferData>[0]>>[0];
const issues = (change: (data: Data) => void) => registryIssues(waitOfferData(change));
const bundle = (d: Data, id: string) => (d.bundles as BundleInput[]).find((b) => b.id === id) as BundleInput;
const awaits = (d: Data) =>
  itemIn(d, "family", "await").awaits as NonNullable<BundleInput["items"][number]["awaits"]>;
const offerOf = (d: Data, index = 0) => {
  const offers = itemIn(d, "visit", "call").offers;
  return offers?.[index] as NonNullable<typeof offers>[number];
};
const where = (i: CatalogueIssue) => `${i.bundleId}/${i.itemId}/${i.field}: ${i.message}`;

describe("the fixtures", () => {
  it("load as they are", () => {
    expect(registryIssues(waitOfferData())).toEqual([]);
    expect(registryCatalogue(waitOfferData()).bundle("family").items[0]?.kind).toBe("wait");
  });
});

describe("validateBundle: waits", () => {
  it("a wait item needs awaits, and no other item may have it", () => {
    expect(issues((d) => delete itemIn(d, "family", "await").awaits).map(where)).toEqual([
      "family/await/awaits: a wait item needs awaits: the event it waits for",
    ]);
    const task = itemIn(waitOfferData() as Data, "family", "await").awaits;
    expect(
      issues((d) => {
        itemIn(d, "family", "register").awaits = task;
      }).map(where),
    ).toEqual(["family/register/awaits: only a wait item awaits an event; this is a task"]);
  });

  it("every declared output is mapped from a known path of the event, of a type it takes, and only those", () => {
    const found = issues((d) => {
      const a = awaits(d);
      delete a.outputs.childName;
      a.outputs.born = "event.child.birthCertificateNumber";
      a.outputs.certificate = "event.child.weight";
      a.outputs.extra = "event.mother.name";
    }).map(where);
    expect(found).toEqual([
      "family/await/awaits.outputs.childName: output childName is not mapped from ChildBorn",
      "family/await/awaits.outputs.certificate: event.child.weight is not a path of ChildBorn",
      "family/await/awaits.outputs.born: event.child.birthCertificateNumber (text) cannot fill the date output born",
      "family/await/awaits.outputs.extra: extra is not a declared output of await",
    ]);
  });

  it("refuses an unknown event type (the schema), a `from` that is not a date field, offers, entitlements", () => {
    expect(
      issues((d) => {
        (awaits(d) as { event: string }).event = "ChildAdopted";
      })
        .filter((i) => i.bundleId === "family")
        .map((i) => `${i.bundleId}/${i.itemId}/${i.field}`),
    ).toEqual(["family/await/items.0.awaits.event"]);
    expect(
      issues((d) => {
        awaits(d).timeout.from = "answers.note";
      }).map(where),
    ).toEqual(["family/await/awaits.timeout.from: answers.note is not a date field of the form"]);
    const extras = issues((d) => {
      const item = itemIn(d, "family", "await");
      item.offers = [{ bundle: "help", addressee: "applicant.idNumber", form: {}, expiresAfterDays: 1 }];
      item.entitlements = { grants: [], ends: [] };
    }).map(where);
    expect(extras).toEqual(
      expect.arrayContaining([
        "family/await/offers: a wait item takes no offers",
        "family/await/entitlements: a wait item takes no entitlements",
      ]),
    );
    expect(
      issues((d) => {
        awaits(d).timeout.days = 401;
      })
        .filter((i) => i.bundleId === "family")
        .map((i) => i.field),
    ).toEqual(["items.0.awaits.timeout.days"]);
  });
});

describe("validateBundle: offers", () => {
  it("names a bad addressee, an unknown source field, an output not of the item or its dependencies", () => {
    const found = issues((d) => {
      const offer = offerOf(d);
      offer.addressee = "applicant.name";
      offer.form["answers.need"] = "answers.missing";
      offer.form["applicant.name"] = "later.result";
      offer.when = { output: "call.nothing", exists: true };
      bundle(d, "visit").items.push({
        id: "later",
        name: { zh: "后续", en: "Later" },
        department: "health",
        dependsOn: ["call"],
        outputs: [{ name: "result", label: { zh: "结果", en: "Result" }, type: "text", required: true }],
        timeLimitWorkingDays: 1,
        rejectionFails: "item",
      });
    }).map(where);
    expect(found).toEqual([
      "visit/call/offers.0.addressee: applicant.name is not an idNumber field of the form",
      "visit/call/offers.0.form.applicant.idNumber: must be applicant.name: only the applicant can accept an offer",
      "visit/call/offers.0.form.applicant.name: reads output later.result: later is neither this item nor among its dependencies",
      "visit/call/offers.0.form.answers.need: names unknown form field answers.missing",
      "visit/call/offers.0.when: reads output call.nothing, which no item declares",
    ]);
  });

  it("the target must be a bundle an applicant starts, and every target a field of it", () => {
    expect(
      issues((d) => {
        offerOf(d).bundle = "nothing";
      }).map(where),
    ).toEqual(["visit/call/offers.0.bundle: no bundle nothing"]);
    const found = issues((d) => {
      offerOf(d).bundle = "visit";
      offerOf(d, 1).form = {
        "applicant.idNumber": "answers.contact",
        "answers.contactless": "answers.contact",
      };
    }).map(where);
    expect(found).toEqual([
      "visit/call/offers.0.bundle: visit is started by the system: no one can accept an offer of it",
      "visit/call/offers.0.form.answers.need: answers.need is not a field of visit",
      "visit/call/offers.1.form.answers.contactless: answers.contactless is not a field of help",
    ]);
    expect(
      issues((d) => {
        offerOf(d).expiresAfterDays = 0;
      })
        .filter((i) => i.bundleId === "visit")
        .map((i) => i.field),
    ).toEqual(["items.0.offers.0.expiresAfterDays"]);
  });
});

describe("validateRule: offer actions", () => {
  const ruleIssues = (change: (rule: ReturnType<typeof offerRule>) => void) =>
    issues((d) => change(d.rules[d.rules.length - 1] as ReturnType<typeof offerRule>)).map(
      (i) => `${i.field}: ${i.message}`,
    );

  it("names a bad addressee, an unknown or system-started bundle, an unknown target, a bad person to check", () => {
    expect(
      ruleIssues((r) => {
        const [first, second] = r.actions;
        if (!first || !second) throw new Error("fixture");
        first.addressee = "event.child.name";
        (first.unlessOpen as { persons: string[] }).persons = ["event.mother.name"];
        (first.unlessOpen as { bundles: string[] }).bundles = ["nothing"];
        (first.form as Record<string, unknown>)["answers.missing"] = "event.child.birthDate";
        second.bundle = "visit";
      }),
    ).toEqual([
      "rules.born-offer.v1.actions.0.addressee: event.child.name is not an ID number of ChildBorn",
      "rules.born-offer.v1.actions.0.form.applicant.idNumber: must be event.child.name: only the applicant can accept an offer",
      "rules.born-offer.v1.actions.0.form.answers.missing: answers.missing is not a field of help",
      "rules.born-offer.v1.actions.0.unlessOpen.persons.0: event.mother.name is not an ID number of ChildBorn",
      "rules.born-offer.v1.actions.0.unlessOpen.bundles: no bundle nothing",
      "rules.born-offer.v1.actions.1.bundle: visit is started by the system: no one can accept an offer of it",
    ]);
  });

  it("an offer's applicant is its addressee: one made out to someone else could never be accepted", () => {
    expect(
      ruleIssues((r) => {
        const form = r.actions[1]?.form as Record<string, unknown>;
        form["applicant.idNumber"] = "event.mother.idNumber";
      }),
    ).toEqual([
      "rules.born-offer.v1.actions.1.form.applicant.idNumber: must be event.father.idNumber: only the applicant can accept an offer",
    ]);
    expect(
      issues((d) => {
        delete offerOf(d, 1).form["applicant.idNumber"];
      }).map(where),
    ).toEqual([
      "visit/call/offers.1.form.applicant.idNumber: must be answers.contact: only the applicant can accept an offer",
    ]);
  });

  it("a literal must fit its field; a draft may leave required fields open", () => {
    expect(
      ruleIssues((r) => {
        const form = r.actions[0]?.form as Record<string, unknown>;
        form["answers.urgent"] = { const: "yes" };
        form["answers.need"] = { const: 3 };
      }),
    ).toEqual([
      'rules.born-offer.v1.actions.0.form.answers.urgent: "yes" cannot fill the boolean field answers.urgent',
      "rules.born-offer.v1.actions.0.form.answers.need: 3 cannot fill the text field answers.need",
    ]);
    // The second offer maps only the ID number: the name (required) is left for the person.
    expect(ruleIssues(() => {})).toEqual([]);
  });

  it("registry.active.<benefit> names a benefit of the catalogue", () => {
    expect(
      ruleIssues((r) => {
        r.when = { not: { field: "registry.active.lottery", equals: true } };
      }),
    ).toEqual(["rules.born-offer.v1.when: registry.active.lottery: no benefit lottery in the catalogue"]);
  });
});

// What a simulated person answers to an offer's open fields, checked by the bundle's own form validation.

import { offerOpenFields } from "@onething/cases";
import { type Application, type Bundle, validateApplication } from "@onething/domain";
import { type Answerer, missingFields, offerAnswers, simulatedHousehold } from "@onething/local";
import { loadSeedCatalogue } from "@onething/seeds";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";

const catalogue = loadSeedCatalogue();
const who: Answerer = {
  seed: "answers",
  idNumber: "330212195003080110",
  name: "俞福林",
  today: "2026-03-02",
  place: "330212109",
  placeName: "东吴镇",
};

/** A draft without these fields (the platform did not know them). */
function without(application: Application, refs: readonly string[]): Application {
  const draft = structuredClone(application);
  for (const ref of refs) {
    const [section, name] = ref.split(".") as [keyof Application, string];
    delete (draft[section] as Record<string, unknown> | undefined)?.[name];
  }
  return draft;
}

/** The draft with the answers, as the platform merges them on accept. */
function merged(draft: Application, answers: Record<string, unknown>): Application {
  const app = structuredClone(draft);
  for (const [ref, value] of Object.entries(answers)) {
    const [section, name] = ref.split(".") as [keyof Application, string];
    app[section] ??= {};
    (app[section] as Record<string, unknown>)[name] = value;
  }
  return app;
}

const accepts = (bundle: Bundle, draft: Application, open: readonly string[], person = who) => {
  const answers = offerAnswers(bundle, draft, open, person);
  // Only open fields, and every one the merged application requires.
  for (const ref of Object.keys(answers)) expect(open).toContain(ref);
  const app = merged(draft, answers);
  expect(missingFields(bundle, app)).toEqual([]);
  const result = validateApplication(bundle, app);
  expect(result.ok, JSON.stringify(result.ok ? [] : result.issues)).toBe(true);
  return answers;
};

describe("a simulated person's answers to an offer", () => {
  it("complete every social-assistance sample whatever the draft left open", () => {
    const bundle = catalogue.bundle("social-assistance");
    const everything = bundle.form.fields
      .filter((f) => f.required && f.section !== "applicant")
      .map((f) => `${f.section}.${f.name}`);
    for (const sample of samplesFor("social-assistance")) {
      for (const gone of [["applicant.phone"], everything, ["subject.address", "answers.residency"]]) {
        const draft = without(sample.application as Application, gone);
        const open = missingFields(bundle, draft);
        expect(open.length, sample.id).toBeGreaterThan(0);
        accepts(bundle, draft, open);
      }
    }
  });

  it("give the household's own facts: the phone and address a visit records for the same person", () => {
    const bundle = catalogue.bundle("social-assistance");
    const draft = without(samplesFor("social-assistance")[0]?.application as Application, [
      "applicant.phone",
      "subject.address",
      "subject.householdSize",
    ]);
    const answers = accepts(bundle, draft, missingFields(bundle, draft));
    const household = simulatedHousehold(who.seed, who.idNumber, who.placeName);
    expect(answers).toMatchObject({
      "applicant.phone": household.phone,
      "subject.address": household.address,
      "subject.householdSize": household.householdSize,
    });
    expect(household.address).toContain("东吴镇");
    // The same every time: a person tells the same story twice.
    expect(offerAnswers(bundle, draft, missingFields(bundle, draft), who)).toEqual(answers);
  });

  it("answer a question so that no field they may not give becomes required", () => {
    const bundle = catalogue.bundle("social-assistance");
    // 'urgent' is open, the circumstance is not: answering yes would make a field required nobody may fill.
    const base = samplesFor("social-assistance")[0]?.application as Application;
    const draft = without(base, ["answers.urgent", "answers.urgentCircumstance"]);
    for (const seed of ["a", "b", "c", "d", "e", "f", "g", "h"]) {
      const answers = accepts(bundle, draft, ["answers.urgent"], { ...who, seed });
      expect(answers["answers.urgent"]).toBe(false);
    }
    // When both are open, the household's own answer stands, with its circumstance when urgent.
    const urgentSeed = ["a", "b", "c", "d", "e", "f", "g", "h"].find(
      (seed) => simulatedHousehold(seed, who.idNumber).urgent,
    );
    expect(urgentSeed).toBeDefined();
    const both = accepts(bundle, draft, ["answers.urgent", "answers.urgentCircumstance"], {
      ...who,
      seed: urgentSeed ?? "",
    });
    expect(both["answers.urgent"]).toBe(true);
  });

  it("complete a newborn's marriage-birth-household offer the platform pre-filled from ChildBorn", () => {
    for (const bundle of catalogue.bundles.filter((b) => b.id === "marriage-birth-household")) {
      const sample = samplesFor("marriage-birth-household").find((s) => s.application.answers.babyBorn);
      expect(sample, "a sample with the baby born").toBeDefined();
      const application = sample?.application as Application;
      // What the birth registry cannot tell: the phone, the address, the child's name and sex, the order …
      const draft = without(application, [
        "applicant.phone",
        "answers.residentialAddress",
        "subject.name",
        "subject.gender",
        "answers.childOrder",
        "answers.hukouFollows",
        "answers.motherHasMaternityInsurance",
        "answers.birthRegistrationDone",
        "answers.alreadyMarried",
        "answers.marriageCertificateNumber",
        "answers.marriageAppointmentDate",
      ]);
      // Open as the platform computes it: with the fields a condition on an open answer may require.
      const open = offerOpenFields(bundle, draft);
      expect(open).toContain("applicant.phone");
      const answers = accepts(bundle, draft, open, { ...who, name: "林晓" });
      expect(answers["subject.name"]).toMatch(/^林/);
      expect(answers["answers.childOrder"]).toBe(1);
      // Married or not, only the one the answer asks for: never both the certificate and the appointment.
      expect(open).toEqual(
        expect.arrayContaining(["answers.marriageCertificateNumber", "answers.marriageAppointmentDate"]),
      );
      const married = answers["answers.alreadyMarried"];
      expect(answers).toHaveProperty(
        married ? "answers.marriageCertificateNumber" : "answers.marriageAppointmentDate",
      );
      expect(answers).not.toHaveProperty(
        married ? "answers.marriageAppointmentDate" : "answers.marriageCertificateNumber",
      );
    }
  });
});

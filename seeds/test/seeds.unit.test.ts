import {
  type Bundle,
  CROSS_PROVINCE_EXCHANGE,
  evaluatePredicate,
  formScope,
  type Item,
  PLATFORM_DEPARTMENT,
  predicateReferences,
  residentIdProblem,
  validateApplication,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { loadSeedCalendar, loadSeedCatalogue } from "../src/index.ts";
import { samples, samplesFor } from "../src/samples.ts";

const catalogue = loadSeedCatalogue();
const BUNDLE_IDS = ["after-death", "elderly-care-opening", "marriage-birth-household", "social-assistance"];

/** Fields that hold a person's name (an organisation's own name is not personal data). */
const PERSON_NAME_FIELDS = new Set(["name", "spouseName", "contactName", "legalRepresentative", "director"]);

/** A condition the form alone decides: it reads no item output. */
const formOnly = (item: Item) =>
  item.condition !== undefined && predicateReferences(item.condition).outputs.length === 0;

describe("seed catalogue", () => {
  it("loads the four life-event bundles and the system-started benefit-stop and outreach-visit", () => {
    const system = ["benefit-stop", "outreach-visit"];
    expect(catalogue.bundles.map((b) => b.id).sort()).toEqual([...BUNDLE_IDS, ...system].sort());
    for (const id of system) expect(catalogue.bundle(id).startedBy).toBe("system");
    for (const id of BUNDLE_IDS) expect(catalogue.bundle(id).startedBy).toBe("applicant");
    // marriage-birth-household v2 waits for the birth; v1 stays for the cases that run on it.
    expect(catalogue.bundle("marriage-birth-household").version).toBe(2);
    expect(catalogue.find("marriage-birth-household", 1)?.items.some((i) => i.kind === "wait")).toBe(false);
    // elderly-care-opening v2 issues the registration as an electronic certificate (电子证照) later items read.
    expect(catalogue.bundle("elderly-care-opening").version).toBe(2);
    const filing = catalogue.bundle("elderly-care-opening").items.find((i) => i.id === "elderly-care-filing");
    expect(filing?.inputs.outputs).toContain("business-licence.licence");
    const newer = ["marriage-birth-household", "elderly-care-opening"];
    for (const id of [...BUNDLE_IDS, ...system].filter((b) => !newer.includes(b)))
      expect(catalogue.bundle(id).version, id).toBe(1);
  });

  it("uses every registered department, or documents why one is unused", () => {
    // The exchange desk takes items by the engine's cross-province rule, never by a bundle's naming it.
    const used = new Set([
      ...catalogue.bundles.flatMap((b) => b.items.map((i) => i.department)),
      CROSS_PROVINCE_EXCHANGE,
    ]);
    for (const department of catalogue.departments.values()) {
      if (!used.has(department.id)) expect(department.description?.en).toMatch(/not used|reserved/i);
    }
    expect([...used].filter((d) => d !== PLATFORM_DEPARTMENT && !catalogue.departments.has(d))).toEqual([]);
  });

  it("registers the fan-out targets that are companies as companies", () => {
    const companies = [...catalogue.departments.values()]
      .filter((d) => d.kind === "company")
      .map((d) => d.id);
    expect(companies.sort()).toEqual(["banks", "cable-tv", "insurers", "power-utility", "securities"]);
  });

  it("tags every identity number and phone field as personal data of its kind", () => {
    for (const bundle of catalogue.bundles) {
      for (const f of bundle.form.fields) {
        const where = `${bundle.id} ${f.section}.${f.name}`;
        if (f.type === "idNumber") expect(f.pii, where).toBe("idNumber");
        if (f.type === "phone") expect(f.pii, where).toBe("phone");
        const organisationName = bundle.applicantKind === "organisation" && f.name === "name";
        if (!organisationName && PERSON_NAME_FIELDS.has(f.name)) expect(f.pii, where).toBe("name");
      }
    }
  });

  it("loads the working-day calendar for every seeded year", () => {
    const calendar = loadSeedCalendar();
    // Two working days from 30 September 2025 skip the National Day holiday (1–8 October):
    // due at the end (24:00 Beijing time) of Friday 10 October.
    expect(calendar.dueAt(new Date("2025-09-30T10:00:00+08:00"), 2).toISOString()).toBe(
      "2025-10-10T16:00:00.000Z",
    );
    for (const year of [2024, 2025, 2026]) {
      expect(() => calendar.dueAt(new Date(`${year}-06-15T10:00:00+08:00`), 1)).not.toThrow();
    }
  });
});

describe("after-death bundle", () => {
  const bundle = catalogue.bundle("after-death");
  const ids = bundle.items.map((i) => i.id);
  const CERTS = ["death-certificate-hospital", "death-certificate-police"];
  const HOLDERS = [
    "asset-inquiry-banks",
    "asset-inquiry-securities",
    "asset-inquiry-insurers",
    "asset-inquiry-real-estate",
    "asset-inquiry-housing-fund",
    "asset-inquiry-vehicles",
  ];

  it("holds every item domain.md lists", () => {
    expect(ids).toEqual(
      expect.arrayContaining([
        ...CERTS,
        "household-cancellation",
        "transport-cremation",
        "funeral-fee-waiver",
        "funeral-subsidy",
        "funeral-grant-survivor-pension",
        "stop-pension",
        "close-medical-insurance",
        "housing-fund-withdrawal",
        "stop-social-assistance",
        "stop-elderly-allowance",
        "disability-certificate-cancellation",
        "stop-disability-subsidies",
        "driving-licence-cancellation",
        "veteran-benefits",
        ...HOLDERS,
        "asset-inquiry-report",
        "real-estate-inheritance",
      ]),
    );
  });

  it("has two alternative death certificates, and whoever reads one waits for and reads both", () => {
    const [hospital, police] = CERTS.map((id) => bundle.items.find((i) => i.id === id) as Item);
    expect(hospital?.department).toBe("health");
    expect(police?.department).toBe("public-security");
    for (const cert of [hospital, police]) expect(cert?.rejectionFails).toBe("case");
    for (const item of bundle.items) {
      const reads = CERTS.filter((c) => item.inputs.outputs.includes(`${c}.certificateNumber`));
      if (reads.length === 0) continue;
      expect(reads, item.id).toEqual(CERTS);
      expect(item.dependsOn, item.id).toEqual(expect.arrayContaining(CERTS));
    }
  });

  it("assembles the joint asset inquiry into one platform report from every holder", () => {
    const report = bundle.items.find((i) => i.id === "asset-inquiry-report") as Item;
    expect(report.kind).toBe("report");
    expect(report.department).toBe(PLATFORM_DEPARTMENT);
    expect(report.outputs).toEqual([expect.objectContaining({ name: "report", type: "records" })]);
    expect([...report.dependsOn].sort()).toEqual([...HOLDERS].sort());
    expect([...report.inputs.outputs].sort()).toEqual(HOLDERS.map((h) => `${h}.holdings`).sort());
    for (const id of HOLDERS) {
      const holder = bundle.items.find((i) => i.id === id) as Item;
      expect(holder.outputs, id).toEqual([expect.objectContaining({ name: "holdings", type: "records" })]);
    }
  });

  it("cancels the household registration within the published 2 working days", () => {
    expect(bundle.items.find((i) => i.id === "household-cancellation")?.timeLimitWorkingDays).toBe(2);
  });
});

describe("social-assistance bundle", () => {
  const bundle = catalogue.bundle("social-assistance");

  it("runs intake, check, home visit, public notice and approval as gates that fail the case", () => {
    const gates = bundle.items.filter((i) => i.kind === "gate");
    expect(gates.map((g) => g.id)).toEqual([
      "intake",
      "economic-verification",
      "home-visit",
      "public-notice",
      "approval",
    ]);
    for (const gate of gates) expect(gate.rejectionFails, gate.id).toBe("case");
  });

  it("decides every linked item after the approval", () => {
    const approval = bundle.items.find((i) => i.id === "approval") as Item;
    expect(approval.outputs.find((o) => o.name === "decision")?.options).toEqual([
      "dibao",
      "tekun",
      "dibian",
      "temporary",
    ]);
    const linked = bundle.items.filter((i) => i.kind === "task" && i.id !== "temporary-assistance-advance");
    expect(linked).toHaveLength(13);
    for (const item of linked) {
      expect(item.dependsOn, item.id).toContain("approval");
      expect(item.switchable, item.id).toBe(true);
    }
  });
});

describe("sample applications", () => {
  it("has 3 or 4 samples per bundle, with unique ids", () => {
    for (const id of BUNDLE_IDS) expect(samplesFor(id).length, id).toBeGreaterThanOrEqual(3);
    for (const id of BUNDLE_IDS) expect(samplesFor(id).length, id).toBeLessThanOrEqual(4);
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
  });

  for (const sample of samples) {
    describe(sample.id, () => {
      const bundle: Bundle = catalogue.bundle(sample.bundleId);
      const validated = validateApplication(bundle, sample.application);

      it("validates against its bundle's form", () => {
        expect(validated.ok ? [] : validated.issues).toEqual([]);
      });

      it("lists exactly the items whose form-only condition is false", () => {
        if (!validated.ok) throw new Error("invalid sample");
        const scope = formScope(validated.value);
        const skipped = bundle.items
          .filter(
            (i) => formOnly(i) && !evaluatePredicate(i.condition as NonNullable<Item["condition"]>, scope),
          )
          .map((i) => i.id);
        expect([...sample.expectSkippedByCondition].sort()).toEqual(skipped.sort());
      });

      it("carries only valid ID numbers in free-text member lists", () => {
        const text = Object.values(sample.application.subject ?? {})
          .filter((v): v is string => typeof v === "string")
          .join("\n");
        for (const id of text.match(/\b\d{17}[\dX]\b/g) ?? []) expect(residentIdProblem(id), id).toBeNull();
      });
    });
  }
});

import {
  type BundleInput,
  type CatalogueIssue,
  CatalogueValidationError,
  formatCatalogueIssue,
  type ItemInput,
  loadCatalogue,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { departments, miniBundle } from "./fixtures.ts";

function issuesOf(bundles: unknown[], registry: unknown = departments, profile?: unknown): CatalogueIssue[] {
  try {
    loadCatalogue({ bundles, departments: registry, ...(profile ? { profiles: [profile] } : {}) });
  } catch (e) {
    if (e instanceof CatalogueValidationError) return [...e.issues];
    throw e;
  }
  return [];
}

function withItem(id: string, change: (item: ItemInput) => void): BundleInput {
  const bundle = miniBundle();
  const item = bundle.items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id}`);
  change(item);
  return bundle;
}

describe("catalogue validation", () => {
  it("accepts the fixture catalogue", () => {
    expect(issuesOf([miniBundle()])).toEqual([]);
  });

  it("rejects an unknown department, naming bundle, item and field", () => {
    const issues = issuesOf([withItem("household", (i) => (i.department = "ministry-of-magic"))]);
    expect(issues).toEqual([
      {
        bundleId: "mini",
        itemId: "household",
        field: "department",
        message: "unknown department ministry-of-magic",
      },
    ]);
    expect(formatCatalogueIssue(issues[0] as CatalogueIssue)).toBe(
      "bundle mini, item household, field department: unknown department ministry-of-magic",
    );
  });

  it("rejects duplicate ids: items, form fields, outputs, bundle versions and departments", () => {
    const dupItem = miniBundle();
    dupItem.items.push({ ...(dupItem.items[0] as ItemInput) });
    expect(issuesOf([dupItem])).toContainEqual(
      expect.objectContaining({ itemId: "cert-hospital", message: "duplicate item id" }),
    );

    const dupField = miniBundle();
    dupField.form.fields.push({ ...(dupField.form.fields[0] as (typeof dupField.form.fields)[number]) });
    expect(issuesOf([dupField])).toContainEqual(
      expect.objectContaining({ field: "form.applicant.name", message: "duplicate form field" }),
    );

    expect(issuesOf([miniBundle(), miniBundle()])).toContainEqual(
      expect.objectContaining({ bundleId: "mini", message: "duplicate bundle mini v1" }),
    );

    const registry = { departments: [...departments.departments, departments.departments[0]] };
    expect(issuesOf([miniBundle()], registry)).toContainEqual(
      expect.objectContaining({ message: "duplicate department id" }),
    );
  });

  it("rejects malformed data through the schema, naming the item and path", () => {
    const bad = withItem("pension", (i) => {
      (i as Record<string, unknown>).timeLimitWorkingDays = 0;
      (i as Record<string, unknown>).colour = "red";
    });
    const issues = issuesOf([bad]);
    expect(issues.some((i) => i.itemId === "pension" && i.field === "items.3.timeLimitWorkingDays")).toBe(
      true,
    );
    expect(issues.some((i) => i.itemId === "pension" && i.message.includes("colour"))).toBe(true);
  });

  it("requires the applicant's identity field and report items run by the platform", () => {
    const noId = miniBundle();
    noId.form.fields = noId.form.fields.filter((f) => f.name !== "idNumber" || f.section !== "applicant");
    expect(issuesOf([noId])).toContainEqual(expect.objectContaining({ field: "form.applicant.idNumber" }));
    expect(issuesOf([withItem("asset-report", (i) => (i.department = "banks"))])).toContainEqual(
      expect.objectContaining({ itemId: "asset-report", field: "department" }),
    );
  });
});

describe("the case subject", () => {
  const withSubject = (field: string, oneOpenCase = true): BundleInput => ({
    ...miniBundle(),
    caseSubject: { field, oneOpenCase },
  });

  it("accepts a required idNumber field of the subject or applicant section", () => {
    expect(issuesOf([withSubject("subject.idNumber")])).toEqual([]);
    expect(issuesOf([withSubject("applicant.idNumber", false)])).toEqual([]);
  });

  it("refuses a missing, optional or non-identity field, naming caseSubject.field", () => {
    const optional = withSubject("subject.idNumber");
    const field = optional.form.fields.find((f) => f.section === "subject" && f.name === "idNumber");
    if (field) field.required = false;
    const messages = (bundle: BundleInput) =>
      issuesOf([bundle]).map((i) => [i.bundleId, i.field, i.message] as const);
    expect(messages(withSubject("subject.nobody"))).toEqual([
      ["mini", "caseSubject.field", "names unknown form field subject.nobody"],
    ]);
    expect(messages(withSubject("answers.deathPlace"))[0]?.[1]).toBe("caseSubject.field");
    expect(messages(withSubject("applicant.phone"))).toEqual([
      [
        "mini",
        "caseSubject.field",
        "applicant.phone is a phone field; a case subject is an idNumber or uscc field",
      ],
    ]);
    expect(messages(optional)).toEqual([
      [
        "mini",
        "caseSubject.field",
        "subject.idNumber must be required: every case of the bundle needs its subject",
      ],
    ]);
  });
});

describe("references between items and the form", () => {
  it("rejects a dependency cycle and names its path", () => {
    const bundle = withItem("cert-hospital", (i) => (i.dependsOn = ["bank-inquiry"]));
    const [issue] = issuesOf([bundle]).filter((i) => i.message.includes("cycle"));
    expect(issue?.message).toMatch(
      /dependency cycle: .*cert-hospital.*household.*bank-inquiry|dependency cycle: .*bank-inquiry/,
    );
    expect(issue?.field).toBe("dependsOn");
  });

  it("rejects a dependency on a missing item", () => {
    expect(issuesOf([withItem("household", (i) => i.dependsOn?.push("ghost"))])).toContainEqual(
      expect.objectContaining({
        itemId: "household",
        field: "dependsOn",
        message: "depends on missing item ghost",
      }),
    );
  });

  it("rejects an input naming a form field that does not exist", () => {
    expect(
      issuesOf([withItem("cremation", (i) => i.inputs?.fields?.push("answers.shoeSize"))]),
    ).toContainEqual(
      expect.objectContaining({
        itemId: "cremation",
        field: "inputs.fields",
        message: "names unknown form field answers.shoeSize",
      }),
    );
  });

  it("rejects a condition naming a form field that does not exist", () => {
    expect(
      issuesOf([withItem("pension", (i) => (i.condition = { field: "answers.isPensionr", equals: true }))]),
    ).toContainEqual(
      expect.objectContaining({
        itemId: "pension",
        field: "condition",
        message: "names unknown form field answers.isPensionr",
      }),
    );
  });

  it("rejects an output read before it can exist", () => {
    const issues = issuesOf([
      withItem(
        "cremation",
        (i) => (i.inputs = { ...i.inputs, outputs: ["cert-hospital.certificateNumber"] }),
      ),
    ]);
    expect(issues).toContainEqual(
      expect.objectContaining({
        itemId: "cremation",
        field: "inputs.outputs",
        message: expect.stringContaining("before it can exist: cert-hospital is not among its dependencies"),
      }),
    );
    const undeclared = issuesOf([
      withItem("household", (i) => (i.condition = { output: "cert-police.colour", equals: "red" })),
    ]);
    expect(undeclared).toContainEqual(
      expect.objectContaining({
        itemId: "household",
        field: "condition",
        message: expect.stringContaining("does not declare"),
      }),
    );
  });
});

describe("profile switches", () => {
  const profile = (items: Record<string, boolean>) => ({
    place: "000000",
    version: 1,
    effectiveFrom: "2024-01-01",
    bundles: { mini: { items } },
  });
  it("lets a profile switch only switchable items", () => {
    expect(issuesOf([miniBundle()], departments, profile({ pension: false }))).toEqual([]);
    expect(issuesOf([miniBundle()], departments, profile({ household: false }))).toContainEqual(
      expect.objectContaining({ itemId: "household", message: "this item may not be switched" }),
    );
  });
});

describe("`after` predecessors", () => {
  it("must name existing items and count in cycles and in where outputs can come from", () => {
    expect(issuesOf([withItem("cremation", (i) => (i.after = ["ghost"]))])).toContainEqual(
      expect.objectContaining({
        itemId: "cremation",
        field: "after",
        message: "depends on missing item ghost",
      }),
    );
    const cyclic = withItem("cert-hospital", (i) => (i.after = ["household"]));
    expect(issuesOf([cyclic]).some((i) => i.message.startsWith("dependency cycle"))).toBe(true);
    const fed = withItem("cremation", (i) => {
      i.after = ["cert-hospital"];
      i.inputs = { fields: [], outputs: ["cert-hospital.certificateNumber"] };
    });
    expect(issuesOf([fed])).toEqual([]);
  });
});

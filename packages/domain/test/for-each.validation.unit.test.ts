import {
  applicationSchema,
  type BundleInput,
  type CatalogueIssue,
  CatalogueValidationError,
  type ItemInput,
  itemDefinition,
  itemName,
  loadCatalogue,
  maskApplication,
  validateApplication,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { departments } from "./fixtures.ts";
import { entitlement, forEachApplication, forEachBundle, forEachCatalogue } from "./for-each-bundle.ts";

function issuesOf(bundle: BundleInput): CatalogueIssue[] {
  try {
    loadCatalogue({ bundles: [bundle], departments });
  } catch (e) {
    if (e instanceof CatalogueValidationError) return [...e.issues];
    throw e;
  }
  return [];
}

type FieldInput = BundleInput["form"]["fields"][number];
const listField = (bundle: BundleInput): FieldInput =>
  bundle.form.fields.find((f) => f.name === "entitlements") as FieldInput;
const withList = (change: (f: FieldInput) => void): BundleInput => {
  const bundle = forEachBundle();
  change(listField(bundle));
  return bundle;
};

describe("for-each items in the catalogue", () => {
  it("accepts the fixture bundle", () => {
    expect(issuesOf(forEachBundle())).toEqual([]);
  });

  it("refuses a forEach over a field that is not a list", () => {
    const issues = issuesOf(
      forEachBundle((i) => (i.forEach = { field: "answers.dateOfDeath", key: "code" })),
    );
    expect(issues).toEqual([
      {
        bundleId: "benefits",
        itemId: "benefit-stop",
        field: "forEach.field",
        message: "answers.dateOfDeath is not a list field of the form",
      },
    ]);
    expect(issuesOf(forEachBundle((i) => (i.forEach = { field: "answers.nothing", key: "code" })))).toEqual([
      expect.objectContaining({ itemId: "benefit-stop", field: "forEach.field" }),
    ]);
  });

  it("refuses a key or a department that is not an element field, or not one that can serve", () => {
    const key = (k: string) =>
      issuesOf(forEachBundle((i) => (i.forEach = { field: "answers.entitlements", key: k })));
    expect(key("nope")).toEqual([
      expect.objectContaining({
        itemId: "benefit-stop",
        field: "forEach.key",
        message: "nope is not an element field of answers.entitlements",
      }),
    ]);
    expect(key("payee")).toEqual([
      expect.objectContaining({
        field: "forEach.key",
        message: expect.stringContaining("required text or enum"),
      }),
    ]);
    const department = (d: string) =>
      issuesOf(
        forEachBundle((i) => (i.forEach = { field: "answers.entitlements", key: "code", department: d })),
      );
    expect(department("nope")).toEqual([
      expect.objectContaining({
        field: "forEach.department",
        message: expect.stringContaining("not an element field"),
      }),
    ]);
    expect(department("code")).toEqual([
      expect.objectContaining({
        field: "forEach.department",
        message: "code must be a required enum element field",
      }),
    ]);
  });

  it("refuses a department field offering something that is not a department", () => {
    const bundle = withList((f) => {
      const field = f.of?.find((e) => e.name === "department");
      field?.options?.push({ value: "ministry-of-magic", label: { zh: "魔法部", en: "Magic" } });
    });
    expect(issuesOf(bundle)).toEqual([
      expect.objectContaining({
        itemId: "benefit-stop",
        field: "forEach.department",
        message: "option ministry-of-magic of department is not a department",
      }),
    ]);
  });

  it("refuses a forEach on a gate or a report", () => {
    expect(issuesOf(forEachBundle((i) => (i.kind = "gate")))).toEqual([
      expect.objectContaining({
        itemId: "benefit-stop",
        field: "forEach",
        message: expect.stringContaining("gate"),
      }),
    ]);
    const report = issuesOf(
      forEachBundle((i) => {
        i.kind = "report";
        i.department = "platform";
      }),
    );
    expect(report).toContainEqual(expect.objectContaining({ itemId: "benefit-stop", field: "forEach" }));
  });

  it("refuses other items reading a for-each item's outputs: its instances' outputs are not addressable", () => {
    const bundle = forEachBundle();
    const letter = bundle.items.find((i) => i.id === "closing-letter") as ItemInput;
    letter.inputs = { fields: [], outputs: ["benefit-stop.stoppedOn"] };
    letter.condition = { output: "benefit-stop.overpaid", exists: true };
    expect(issuesOf(bundle)).toEqual([
      expect.objectContaining({
        itemId: "closing-letter",
        field: "inputs.outputs",
        message: expect.stringContaining("its instances' outputs are not addressable"),
      }),
      expect.objectContaining({ itemId: "closing-letter", field: "condition" }),
    ]);
  });
});

describe("for-each items' ids and list fields in the catalogue", () => {
  it("refuses an id too long for its instance ids, and any id that reads as one of its instances", () => {
    const long = "a".repeat(42);
    const bundle = forEachBundle((i) => (i.id = long));
    (bundle.items[2] as ItemInput).dependsOn = [long];
    expect(issuesOf(bundle)).toEqual([
      expect.objectContaining({ itemId: long, field: "id", message: expect.stringContaining("at most 41") }),
    ]);
    const clash = forEachBundle();
    (clash.items[2] as ItemInput).id = "benefit-stop--letter";
    expect(issuesOf(clash)).toEqual([
      expect.objectContaining({
        itemId: "benefit-stop--letter",
        field: "id",
        message: expect.stringContaining("instance"),
      }),
    ]);
  });

  it("refuses a list without elements, element options off enums, and list options on other fields", () => {
    expect(issuesOf(withList((f) => delete f.of))).toEqual([
      expect.objectContaining({
        field: "form.answers.entitlements",
        message: expect.stringContaining("needs `of`"),
      }),
      expect.objectContaining({ itemId: "benefit-stop", field: "forEach.key" }),
      expect.objectContaining({ itemId: "benefit-stop", field: "forEach.department" }),
    ]);
    const enumless = withList((f) => {
      const code = f.of?.[0];
      if (code) code.options = [{ value: "x", label: { zh: "x", en: "x" } }];
    });
    expect(issuesOf(enumless)).toEqual([
      expect.objectContaining({
        field: "form.answers.entitlements.of.code",
        message: "only enum fields take options",
      }),
    ]);
    const bundle = forEachBundle();
    const date = bundle.form.fields.find((f) => f.name === "dateOfDeath") as FieldInput;
    date.maxItems = 3;
    expect(issuesOf(bundle)).toEqual([
      expect.objectContaining({
        field: "form.answers.dateOfDeath",
        message: "only list fields take `of` and `maxItems`",
      }),
    ]);
  });
});

describe("applications with a list", () => {
  const bundle = forEachCatalogue().bundle("benefits");
  const issuesFor = (entitlements: unknown[]) => {
    const v = validateApplication(bundle, {
      ...forEachApplication([]),
      answers: { dateOfDeath: "2025-09-28", entitlements },
    });
    return v.ok ? [] : v.issues.map((i) => ({ path: i.path, code: i.code }));
  };

  it("accepts valid elements and an empty list", () => {
    expect(
      issuesFor([entitlement("dibao"), entitlement("gaoling", "health", { monthlyAmount: 300 })]),
    ).toEqual([]);
    expect(issuesFor([])).toEqual([]);
  });

  it("names a bad element field by the element's index", () => {
    expect(issuesFor([entitlement("dibao"), entitlement("gaoling", "ministry-of-magic")])).toEqual([
      { path: "answers.entitlements.1.department", code: "invalid_value" },
    ]);
    expect(issuesFor([entitlement("dibao"), { department: "hrss", extra: 1 }])).toEqual([
      { path: "answers.entitlements.1.code", code: "required" },
      { path: "answers.entitlements.1.extra", code: "not_a_field" },
    ]);
  });

  it("refuses a key that is not a slug, or that an earlier element has, naming the element", () => {
    expect(issuesFor([entitlement("Dibao"), entitlement("x".repeat(21))])).toEqual([
      { path: "answers.entitlements.0.code", code: "invalid_element_key" },
      { path: "answers.entitlements.1.code", code: "invalid_element_key" },
    ]);
    expect(issuesFor([entitlement("dibao"), entitlement("gaoling"), entitlement("dibao", "health")])).toEqual(
      [{ path: "answers.entitlements.2.code", code: "duplicate_element_key" }],
    );
  });

  it("refuses more elements than maxItems", () => {
    const nine = Array.from({ length: 9 }, (_, n) => entitlement(`e${n}`));
    expect(issuesFor(nine)).toEqual([{ path: "answers.entitlements", code: "too_big" }]);
  });

  it("expresses the list in the form's JSON Schema", () => {
    const jsonSchema = z.toJSONSchema(applicationSchema(bundle), {
      target: "draft-2020-12",
      io: "input",
      unrepresentable: "any",
    });
    const ListSchema = z.object({
      type: z.string(),
      maxItems: z.number(),
      items: z.object({
        required: z.array(z.string()),
        properties: z.record(z.string(), z.object({ enum: z.array(z.string()).optional() })),
        additionalProperties: z.boolean(),
      }),
    });
    const list = z
      .object({
        properties: z.object({ answers: z.object({ properties: z.object({ entitlements: ListSchema }) }) }),
      })
      .parse(jsonSchema).properties.answers.properties.entitlements;
    expect(list.type).toBe("array");
    expect(list.maxItems).toBe(8);
    expect(list.items.required).toEqual(["code", "department"]);
    expect(list.items.properties.department?.enum).toEqual(["hrss", "health"]);
    expect(list.items.additionalProperties).toBe(false);
  });

  it("masks the personal data of each element", () => {
    const application = forEachApplication([
      entitlement("dibao", "hrss", { payee: "王小明" }),
      entitlement("gaoling", "health"),
    ]);
    const masked = maskApplication(bundle, application);
    expect(masked.answers.entitlements).toEqual([
      { code: "dibao", department: "hrss", payee: "王**" },
      { code: "gaoling", department: "health" },
    ]);
    expect(application.answers.entitlements?.[0]?.payee).toBe("王小明");
  });

  it("finds an instance's definition and name through its for-each item", () => {
    expect(itemDefinition(bundle, "benefit-stop--dibao")?.id).toBe("benefit-stop");
    expect(itemDefinition(bundle, "benefit-stop")?.id).toBe("benefit-stop");
    expect(itemDefinition(bundle, "certificate--dibao")).toBeUndefined();
    expect(itemDefinition(bundle, "benefit-stop--Dibao")).toBeUndefined();
    expect(itemName(bundle, "benefit-stop--dibao")).toEqual({
      zh: "待遇停发（dibao）",
      en: "Stop a benefit (dibao)",
    });
  });
});

import { z } from "zod";
import { DataEventTypeSchema } from "../events/types.ts";
import { DepartmentEscalationSchema, OfficeLevelSchema } from "./offices.ts";

export { OFFICE_LEVELS, type OfficeLevel, OfficeLevelSchema } from "./offices.ts";

/** Text in both languages the product ships in. */
export const LocalizedTextSchema = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const SlugSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, "must be a lower-case slug (a-z, 0-9, -)");
export const FieldNameSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,62}$/, "must be a camelCase name");
const Slug = SlugSchema;
const FieldName = FieldNameSchema;

/** The three parts of an application: who applies, whom it is about, and the rest of the form. */
export const FORM_SECTIONS = ["applicant", "subject", "answers"] as const;
export const FormSectionSchema = z.enum(FORM_SECTIONS);
export type FormSection = z.infer<typeof FormSectionSchema>;

/** A form field reference: `<section>.<field>`, e.g. `subject.idNumber`. */
export const FieldRefSchema = z
  .string()
  .regex(
    /^(applicant|subject|answers)\.[a-zA-Z][a-zA-Z0-9]*$/,
    "must be <applicant|subject|answers>.<field>",
  );
/** An output reference: `<itemId>.<output>`, e.g. `death-certificate-hospital.certificateNumber`. */
export const OutputRefSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*\.[a-zA-Z][a-zA-Z0-9]*$/, "must be <itemId>.<output>");

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof Scalar>;

/** A leaf compares one operand (a form field or an earlier item's output) in exactly one way. */
export interface PredicateLeaf {
  field?: string;
  output?: string;
  equals?: Scalar;
  in?: Scalar[];
  exists?: boolean;
  gt?: number | string;
  gte?: number | string;
  lt?: number | string;
  lte?: number | string;
}

/**
 * Declarative conditions: all / any / not over leaves. Data only, never code.
 * @example { all: [{ field: "answers.deathPlace", equals: "hospital" }, { not: { output: "verify.result", in: ["fail"] } }] }
 */
export type Predicate = { all: Predicate[] } | { any: Predicate[] } | { not: Predicate } | PredicateLeaf;

export const COMPARISONS = ["equals", "in", "exists", "gt", "gte", "lt", "lte"] as const;
const Ordered = z.union([z.number(), z.string()]);

/** The comparisons a predicate leaf may use (exactly one of them), over any operands. */
export const COMPARISON_FIELDS = {
  equals: Scalar.optional(),
  in: z.array(Scalar).min(1).optional(),
  exists: z.boolean().optional(),
  gt: Ordered.optional(),
  gte: Ordered.optional(),
  lt: Ordered.optional(),
  lte: Ordered.optional(),
};

/** Refines a leaf to exactly one comparison. */
export function oneComparison(
  leaf: Partial<Record<(typeof COMPARISONS)[number], unknown>>,
  ctx: z.RefinementCtx,
) {
  const used = COMPARISONS.filter((c) => leaf[c] !== undefined);
  if (used.length !== 1) {
    ctx.addIssue({ code: "custom", message: `a condition uses exactly one of ${COMPARISONS.join(", ")}` });
  }
}

/** all / any / not over a kind of leaf: the bundles' conditions, and the rules' over an event and the registry. */
export function predicateOver(leaf: z.ZodType<PredicateLeaf>): z.ZodType<Predicate> {
  const predicate: z.ZodType<Predicate> = z.lazy(() =>
    z.union([
      z.strictObject({ all: z.array(predicate).min(1) }),
      z.strictObject({ any: z.array(predicate).min(1) }),
      z.strictObject({ not: predicate }),
      leaf,
    ]),
  );
  return predicate;
}

const LeafSchema = z
  .strictObject({
    field: FieldRefSchema.optional(),
    output: OutputRefSchema.optional(),
    ...COMPARISON_FIELDS,
  })
  .superRefine((leaf, ctx) => {
    if ((leaf.field === undefined) === (leaf.output === undefined)) {
      ctx.addIssue({ code: "custom", message: "a condition names exactly one of `field` or `output`" });
    }
    oneComparison(leaf, ctx);
  });

export const PredicateSchema: z.ZodType<Predicate> = predicateOver(LeafSchema);

/** What kind of personal data a field holds, so logs and operator views can mask it. */
export const PiiKindSchema = z.enum(["name", "idNumber", "phone", "address"]);
export type PiiKind = z.infer<typeof PiiKindSchema>;

export const FIELD_TYPES = [
  "text",
  "longText",
  "idNumber",
  "uscc",
  "phone",
  "date",
  "boolean",
  "integer",
  "number",
  "enum",
  "list",
  /** A jurisdiction code (6, 9 or 12 digits); whether the tree has it is checked at submission. */
  "place",
] as const;
export const FieldTypeSchema = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldTypeSchema>;

/** The scalar types an element of a `list` field may have (a list never nests). */
export const ELEMENT_FIELD_TYPES = [
  "text",
  "enum",
  "date",
  "boolean",
  "integer",
  "number",
  "idNumber",
] as const;

/** How many elements a `list` field takes when it does not say. */
export const DEFAULT_MAX_LIST_ITEMS = 50;

export const EnumOptionSchema = z.strictObject({ value: z.string().min(1), label: LocalizedTextSchema });

/** One field of every element of a `list` field, e.g. the department of one entitlement. */
export const ElementFieldSchema = z.strictObject({
  name: FieldName,
  label: LocalizedTextSchema,
  type: z.enum(ELEMENT_FIELD_TYPES),
  required: z.boolean(),
  options: z.array(EnumOptionSchema).min(1).optional(),
  pii: PiiKindSchema.optional(),
});
export type ElementField = z.infer<typeof ElementFieldSchema>;

export const FormFieldSchema = z.strictObject({
  section: FormSectionSchema,
  name: FieldName,
  label: LocalizedTextSchema,
  type: FieldTypeSchema,
  required: z.boolean(),
  /** Required only when this (form-only) predicate holds, e.g. the hospital name when the death was in hospital. */
  requiredWhen: PredicateSchema.optional(),
  options: z.array(EnumOptionSchema).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  maxLength: z.number().int().positive().optional(),
  pii: PiiKindSchema.optional(),
  help: LocalizedTextSchema.optional(),
  /** A `list` field's element: an array of objects with these fields (personal data tagged per element field). */
  of: z.array(ElementFieldSchema).min(1).optional(),
  /** At most this many elements in a `list` field (default 50). */
  maxItems: z.number().int().positive().max(DEFAULT_MAX_LIST_ITEMS).optional(),
});
export type FormField = z.infer<typeof FormFieldSchema>;

export const OUTPUT_TYPES = [
  "text",
  "date",
  "boolean",
  "integer",
  "number",
  "enum",
  "document",
  "records",
  "certificate", // an electronic certificate (电子证照) reference: { issuer, type, number, verificationUrl }
] as const;
export const OutputTypeSchema = z.enum(OUTPUT_TYPES);
export type OutputType = z.infer<typeof OutputTypeSchema>;

/** A value a department returns when it completes an item (certificate number, decision, report rows …). */
export const OutputDeclSchema = z.strictObject({
  name: FieldName,
  label: LocalizedTextSchema,
  type: OutputTypeSchema,
  required: z.boolean(),
  options: z.array(z.string().min(1)).min(1).optional(),
});
export type OutputDecl = z.infer<typeof OutputDeclSchema>;

/**
 * `task`: a department's matter. `gate`: a review/approval step others wait on.
 * `report`: assembled by the platform itself from its inputs (e.g. the joint asset-inquiry report); never dispatched.
 * `wait`: waits for a data event about the case's person (`awaits`), e.g. the birth of an expecting couple's child;
 * never dispatched, its outputs come from the event.
 */
export const ItemKindSchema = z.enum(["task", "gate", "report", "wait"]);
export type ItemKind = z.infer<typeof ItemKindSchema>;

/** Where a modelling choice comes from: the seed documents, or published practice filling a gap. */
export const BasisSchema = z.strictObject({
  source: z.enum(["seed", "practice"]),
  note: z.string().min(1),
});

/**
 * One instance of the item per element of a `list` form field, like a Step Functions Map state: instance ids are
 * `<item id>--<element's key>`, each instance goes to the element's `department` (an enum element field naming
 * departments) or else the item's.
 * @example { field: "answers.entitlements", key: "code", department: "department" }
 */
export const ForEachSchema = z.strictObject({
  field: z.string().regex(/^answers\.[a-zA-Z][a-zA-Z0-9]*$/, "must be answers.<list field>"),
  key: FieldName,
  department: FieldName.optional(),
});
export type ForEach = z.infer<typeof ForEachSchema>;

/** A benefit's id fits a for-each element key, so a benefit-stop instance is `<item>--<benefit>`. */
export const BenefitIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,19}$/, "must be a lower-case slug of at most 20 characters");

/**
 * Which entitlements an item changes for the case subject: `grants` when it completes; `ends` stopping when it is
 * dispatched, ended when it completes, active again when it is rejected or cancelled; `endsElement` (for-each only)
 * the element field whose value is the benefit an instance ends.
 */
export const ItemEntitlementsSchema = z.strictObject({
  grants: z.array(BenefitIdSchema).default([]),
  ends: z.array(BenefitIdSchema).default([]),
  endsElement: FieldName.optional(),
});
export type ItemEntitlements = z.infer<typeof ItemEntitlementsSchema>;

/** A data event an item emits when it completes: each event path filled from a form field or an output. */
export const ItemEmitSchema = z.strictObject({
  type: DataEventTypeSchema,
  fields: z.record(z.string(), z.union([FieldRefSchema, OutputRefSchema])),
});
export type ItemEmit = z.infer<typeof ItemEmitSchema>;

/**
 * What a `wait` item waits for: a data event of `event`'s type about the case's person. Each declared output is read
 * from a path of the event; the wait ends unanswered `timeout.days` calendar days after the later of the day it
 * starts and the date field `timeout.from`.
 * @example { event: "ChildBorn", outputs: { birthCertificateNumber: "event.child.birthCertificateNumber" },
 *   timeout: { days: 60, from: "answers.expectedDueDate" } }
 */
export const AwaitsSchema = z.strictObject({
  event: DataEventTypeSchema,
  outputs: z.record(
    FieldName,
    z.string().regex(/^event\.[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*$/, "must be event.<path>"),
  ),
  timeout: z.strictObject({
    days: z.number().int().min(1).max(400),
    from: FieldRefSchema.optional(),
  }),
});
export type Awaits = z.infer<typeof AwaitsSchema>;

/**
 * An offer an item makes when it completes and `when` holds: a pre-filled draft application of `bundle` for the
 * person whose ID number is `addressee`, each target field from a field of this case or an output.
 * @example { bundle: "social-assistance", when: { output: "home-visit.outcome", equals: "application" },
 *   addressee: "applicant.idNumber", form: { "applicant.name": "applicant.name" }, expiresAfterDays: 30 }
 */
export const OfferDeclSchema = z.strictObject({
  bundle: Slug,
  when: PredicateSchema.optional(),
  addressee: FieldRefSchema,
  form: z.record(FieldRefSchema, z.union([FieldRefSchema, OutputRefSchema])),
  expiresAfterDays: z.number().int().min(1).max(365),
});
export type OfferDecl = z.infer<typeof OfferDeclSchema>;

export const ItemSchema = z.strictObject({
  id: Slug,
  name: LocalizedTextSchema,
  kind: ItemKindSchema.default("task"),
  department: Slug,
  condition: PredicateSchema.optional(),
  /** Items that must complete first; if one is rejected or cancelled, this item cannot happen either. */
  dependsOn: z.array(Slug).default([]),
  /**
   * Items that must be finished first, whatever their outcome: their outputs feed this item when they exist, but
   * their rejection does not stop it (e.g. household registration waits for a marriage registration that applies,
   * yet a newborn is registered whether or not the parents' registration succeeds).
   */
  after: z.array(Slug).default([]),
  inputs: z
    .strictObject({
      fields: z.array(FieldRefSchema).default([]),
      outputs: z.array(OutputRefSchema).default([]),
    })
    .default({ fields: [], outputs: [] }),
  outputs: z.array(OutputDeclSchema).default([]),
  timeLimitWorkingDays: z.number().int().min(1).max(120),
  /** `case`: a rejection fails the whole case. `item`: only this item (and items that need it). */
  rejectionFails: z.enum(["case", "item"]),
  /** A place profile may switch this item off (the brief: the catalogue must allow items to be turned on or off). */
  switchable: z.boolean().default(false),
  /** Run one instance of this task per element of a list field (see `ForEachSchema`). */
  forEach: ForEachSchema.optional(),
  /** The case subject's entitlements this item grants or ends (see `ItemEntitlementsSchema`). */
  entitlements: ItemEntitlementsSchema.optional(),
  /** Data events the platform emits, as a source of its own, when the item completes. */
  emits: z.array(ItemEmitSchema).optional(),
  /** A `wait` item's event, outputs and timeout (required for kind `wait`, refused on any other). */
  awaits: AwaitsSchema.optional(),
  /** Offers of another bundle's pre-filled application the item makes when it completes. */
  offers: z.array(OfferDeclSchema).optional(),
  /** A `place` field whose value is where the item is handled (e.g. where the property lies); default the case place. */
  competentPlace: FieldRefSchema.optional(),
  /** A gate whose approval towns may hold by delegation (下放): see the catalogue's delegations. */
  approval: z.literal("delegable").optional(),
  basis: BasisSchema.optional(),
});
export type Item = z.infer<typeof ItemSchema>;
export type ItemInput = z.input<typeof ItemSchema>;

/**
 * The person or organisation a case is about, as the subject registry keys it: a required `idNumber` or `uscc`
 * field of the applicant or subject section (the deceased's ID number; the household applicant's). With
 * `oneOpenCase`, a second application while one is open for the same identity is refused, naming the open case.
 */
export const CaseSubjectSchema = z.strictObject({
  field: z
    .string()
    .regex(/^(applicant|subject)\.[a-zA-Z][a-zA-Z0-9]*$/, "must be <applicant|subject>.<field>"),
  oneOpenCase: z.boolean(),
  basis: BasisSchema.optional(),
});
export type CaseSubject = z.infer<typeof CaseSubjectSchema>;

export const BundleSchema = z.strictObject({
  id: Slug,
  version: z.number().int().positive(),
  name: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  applicantKind: z.enum(["person", "organisation"]),
  /**
   * `applicant`: a citizen or a clerk applies. `system`: only the platform starts it, from a rule on a data event
   * (the benefit-stop case of a death); an application for it is refused naming `bundleId`.
   */
  startedBy: z.enum(["applicant", "system"]).default("applicant"),
  /** What the subject section describes (the deceased, the newborn, the household …), or absent if none. */
  subjectLabel: LocalizedTextSchema.optional(),
  form: z.strictObject({ fields: z.array(FormFieldSchema).min(1) }),
  items: z.array(ItemSchema).min(1),
  caseSubject: CaseSubjectSchema.optional(),
  /** A `place` field whose value is where the case belongs (the deceased's 户籍地 …). */
  casePlace: FieldRefSchema.optional(),
  basis: BasisSchema.optional(),
});
export type Bundle = z.infer<typeof BundleSchema>;
export type BundleInput = z.input<typeof BundleSchema>;

export const DepartmentSchema = z.strictObject({
  id: Slug,
  name: LocalizedTextSchema,
  kind: z.enum(["government", "company"]),
  /** The levels at which it has offices; absent: an office at every level (the competent place's own). */
  offices: z.array(OfficeLevelSchema).min(1).optional(),
  description: LocalizedTextSchema.optional(),
  escalation: DepartmentEscalationSchema.optional(),
});
export type Department = z.infer<typeof DepartmentSchema>;

export const DepartmentRegistrySchema = z.strictObject({ departments: z.array(DepartmentSchema).min(1) });

/** A benefit, enrolment or account a person holds at one department (低保 at civil affairs, 公积金 at the fund). */
export const BenefitSchema = z.strictObject({
  id: BenefitIdSchema,
  department: Slug,
  name: LocalizedTextSchema,
  kind: z.enum(["benefit", "enrolment", "account"]),
  basis: BasisSchema.optional(),
});
export type Benefit = z.infer<typeof BenefitSchema>;

export const BenefitRegistrySchema = z.strictObject({ benefits: z.array(BenefitSchema).min(1) });

/** The special department that runs `report` items inside the platform. */
export const PLATFORM_DEPARTMENT = "platform";

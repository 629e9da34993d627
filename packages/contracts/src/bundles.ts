import { FormFieldSchema, ItemKindSchema, LocalizedTextSchema, OutputDeclSchema } from "@onething/domain";
import { z } from "zod";

/** GET /v1/bundles (public): every bundle a person or an organisation can apply for. */
export const BundleSummarySchema = z.strictObject({
  id: z.string(),
  version: z.number().int().positive(),
  name: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  applicantKind: z.enum(["person", "organisation"]),
  /** `system`: started by the platform from a data event (nobody applies for it). */
  startedBy: z.enum(["applicant", "system"]),
  /** How many items (department matters) the bundle has. */
  items: z.number().int().nonnegative(),
});
export type BundleSummary = z.infer<typeof BundleSummarySchema>;

export const BundleListSchema = z.strictObject({ bundles: z.array(BundleSummarySchema) });
export type BundleList = z.infer<typeof BundleListSchema>;

/** One item of a bundle as the pages see it: with its declared outputs, so pages can label and format them. */
export const BundleItemSchema = z.strictObject({
  id: z.string(),
  name: LocalizedTextSchema,
  kind: ItemKindSchema,
  department: z.string(),
  timeLimitWorkingDays: z.number().int(),
  /** What the item returns when completed: name, zh/en label, type (`date`, `records` …), required, options. */
  outputs: z.array(OutputDeclSchema),
  /** The items this one starts after (`dependsOn` and `after`): what a pending item waits for. */
  waitsFor: z.array(z.string()),
  /** A wait item: the type of the life event it waits for (e.g. `ChildBorn`). */
  awaits: z.string().optional(),
});
export type BundleItem = z.infer<typeof BundleItemSchema>;

/** GET /v1/bundles/{bundleId} (public): the form (fields and as JSON Schema) and the items. */
export const BundleDetailSchema = z.strictObject({
  id: z.string(),
  version: z.number().int().positive(),
  name: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  applicantKind: z.enum(["person", "organisation"]),
  form: z.array(FormFieldSchema),
  /** The form as JSON Schema (draft 2020-12, input side). */
  formSchema: z.record(z.string(), z.unknown()),
  items: z.array(BundleItemSchema),
});
export type BundleDetail = z.infer<typeof BundleDetailSchema>;

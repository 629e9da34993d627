import { z } from "zod";
import {
  BasisSchema,
  COMPARISON_FIELDS,
  FieldRefSchema,
  LocalizedTextSchema,
  oneComparison,
  type Predicate,
  predicateOver,
  SlugSchema,
} from "../bundle/schema.ts";
import { DataEventTypeSchema } from "../events/types.ts";

/** What the registry offers a rule about the event's person: their active entitlements, and how many. */
export const REGISTRY_NAMES = ["activeEntitlements", "activeEntitlementCount"] as const;
export type RegistryName = (typeof REGISTRY_NAMES)[number];

/** `event.<path>` (a known path of the rule's event type) or `registry.<name>`. */
export const RuleOperandSchema = z
  .string()
  .regex(
    /^(event\.[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*|registry\.(activeEntitlements|activeEntitlementCount))$/,
    "must be event.<path> or registry.activeEntitlements / registry.activeEntitlementCount",
  );
export const EventPathRefSchema = z
  .string()
  .regex(/^event\.[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*$/, "must be event.<path>");

const RuleLeafSchema = z
  .strictObject({ field: RuleOperandSchema, ...COMPARISON_FIELDS })
  .superRefine((leaf, ctx) => oneComparison(leaf, ctx));

/**
 * A rule's condition: the bundle predicates' all / any / not, over the event and the registry instead of a form.
 * @example { field: "registry.activeEntitlementCount", gt: 0 }
 */
export const RulePredicateSchema: z.ZodType<Predicate> = predicateOver(RuleLeafSchema);

/** The open cases an action reaches: those of `bundles` in which the person at `person` has `role`. */
export const CaseSelectorSchema = z.strictObject({
  person: EventPathRefSchema,
  role: z.enum(["applicant", "subject"]),
  bundles: z.array(SlugSchema).min(1),
});
export type CaseSelector = z.infer<typeof CaseSelectorSchema>;

export const StartCaseActionSchema = z.strictObject({
  kind: z.literal("startCase"),
  bundle: SlugSchema,
  /** Each form field of the started case, from the event or the registry's active entitlements (a list). */
  form: z.record(FieldRefSchema, z.union([EventPathRefSchema, z.literal("registry.activeEntitlements")])),
  /** Start nothing when this (list) field would be empty. */
  unlessEmpty: FieldRefSchema.optional(),
});

export const AddEventActionSchema = z.strictObject({
  kind: z.literal("addEvent"),
  event: z.literal("CaseWithdrawn"),
  cases: CaseSelectorSchema,
  reason: LocalizedTextSchema,
});

export const NotifyActionSchema = z.strictObject({
  kind: z.literal("notify"),
  cases: CaseSelectorSchema,
  note: LocalizedTextSchema,
});

export const RuleActionSchema = z.discriminatedUnion("kind", [
  StartCaseActionSchema,
  AddEventActionSchema,
  NotifyActionSchema,
]);
export type RuleAction = z.infer<typeof RuleActionSchema>;

/**
 * Versioned data like a bundle (`seeds/rules/<id>.v<version>.json`): on an event type whose condition holds, start
 * a case, add an event to the person's open cases, or note the event on them.
 */
export const RuleSchema = z.strictObject({
  id: SlugSchema,
  version: z.number().int().positive(),
  name: LocalizedTextSchema,
  on: DataEventTypeSchema,
  when: RulePredicateSchema.optional(),
  actions: z.array(RuleActionSchema).min(1),
  basis: BasisSchema.optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

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

/**
 * What the registry offers a rule about the event's person: their active entitlements, how many, and (as
 * `registry.active.<benefit id>`) whether one benefit of the catalogue is active.
 */
export const REGISTRY_NAMES = ["activeEntitlements", "activeEntitlementCount"] as const;
export type RegistryName = (typeof REGISTRY_NAMES)[number];

/** `registry.active.<benefit id>`: a boolean, whether that benefit is active for the event's person. */
export const REGISTRY_ACTIVE_PREFIX = "registry.active.";

/** `event.<path>` (a known path of the rule's event type), `registry.<name>` or `registry.active.<benefit>`. */
export const RuleOperandSchema = z
  .string()
  .regex(
    /^(event\.[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*|registry\.(activeEntitlements|activeEntitlementCount)|registry\.active\.[a-z][a-z0-9-]{0,19})$/,
    "must be event.<path>, registry.activeEntitlements / registry.activeEntitlementCount or registry.active.<benefit>",
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

/** A literal value a rule's form mapping puts in a field (e.g. `answers.babyBorn: { const: true }`). */
export const ConstSourceSchema = z.strictObject({ const: z.union([z.string(), z.number(), z.boolean()]) });
export type ConstSource = z.infer<typeof ConstSourceSchema>;
/** Where a rule's form mapping takes a field's value from. */
export type FormSource = string | ConstSource;

export const StartCaseActionSchema = z.strictObject({
  kind: z.literal("startCase"),
  bundle: SlugSchema,
  /** Each form field of the started case, from the event, the registry's active entitlements (a list) or a literal. */
  form: z.record(
    FieldRefSchema,
    z.union([EventPathRefSchema, z.literal("registry.activeEntitlements"), ConstSourceSchema]),
  ),
  /** Start nothing when this (list) field would be empty. */
  unlessEmpty: FieldRefSchema.optional(),
});

export const AddEventActionSchema = z.strictObject({
  kind: z.literal("addEvent"),
  event: z.literal("CaseWithdrawn"),
  cases: CaseSelectorSchema,
  reason: LocalizedTextSchema,
});

/**
 * An offer instead of a case: a draft of `bundle` pre-filled from the event, the registry and literals, addressed to
 * the person at `addressee`. Offers of one rule in the same `group` supersede each other when one is accepted; none
 * is made while a person of `unlessOpen.persons` is the applicant of an open case of `unlessOpen.bundles`.
 */
export const OfferActionSchema = z.strictObject({
  kind: z.literal("offer"),
  bundle: SlugSchema,
  addressee: EventPathRefSchema,
  form: z.record(
    FieldRefSchema,
    z.union([EventPathRefSchema, z.literal("registry.activeEntitlements"), ConstSourceSchema]),
  ),
  group: SlugSchema.optional(),
  expiresAfterDays: z.number().int().min(1).max(365),
  unlessOpen: z
    .strictObject({ persons: z.array(EventPathRefSchema).min(1), bundles: z.array(SlugSchema).min(1) })
    .optional(),
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
  OfferActionSchema,
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

import { z } from "zod";
import { LocalizedTextSchema, SlugSchema } from "../bundle/schema.ts";

/** The platform's own jurisdiction, the tree's root: the whole country. */
export const PLATFORM_JURISDICTION = "000000";

/** Levels from the root down; a child is always at a deeper level than its parent. */
export const JURISDICTION_LEVELS = ["country", "province", "city", "district", "town", "community"] as const;
export const JurisdictionLevelSchema = z.enum(JURISDICTION_LEVELS);
export type JurisdictionLevel = z.infer<typeof JurisdictionLevelSchema>;

/** A jurisdiction code: 6 digits (province, city, district), 9 (town), 12 (community). */
export const PLACE_CODE_PATTERN = /^\d{6}(\d{3}(\d{3})?)?$/;
export const PlaceCodeSchema = z
  .string()
  .regex(PLACE_CODE_PATTERN, "must be a 6-, 9- or 12-digit jurisdiction code");

/** A calendar date YYYY-MM-DD (Beijing). */
const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD");

/** Kinds within a level: districts, counties, county-level cities, management zones; towns, streets, townships. */
export const JURISDICTION_KINDS = [
  "district",
  "county",
  "county-city",
  "zone",
  "town",
  "street",
  "township",
] as const;

export const JurisdictionNodeSchema = z.strictObject({
  code: PlaceCodeSchema,
  parent: PlaceCodeSchema.optional(),
  level: JurisdictionLevelSchema,
  kind: z.enum(JURISDICTION_KINDS).optional(),
  name: LocalizedTextSchema,
  /** The bureau that stands for the civil-affairs offices of a management zone (社会事务管理局). */
  bureau: LocalizedTextSchema.optional(),
});
export type JurisdictionNode = z.infer<typeof JurisdictionNodeSchema>;

export const JurisdictionTreeSchema = z.strictObject({
  version: z.number().int().positive(),
  effectiveFrom: DaySchema,
  root: PlaceCodeSchema,
  /** Where a case belongs when nothing else says. */
  defaultPlace: PlaceCodeSchema,
  nodes: z.array(JurisdictionNodeSchema).min(1),
});
export type JurisdictionTree = z.infer<typeof JurisdictionTreeSchema>;

/** One bundle's switches and parameters in a place's profile. */
export const ProfileBundleSchema = z.strictObject({
  /** Switchable items on (true) or off (false); an item no layer names stays on. */
  items: z.record(SlugSchema, z.boolean()).default({}),
  /** Per item id, parameters (e.g. `dibao.monthlyStandard`). */
  parameters: z.record(SlugSchema, z.record(z.string(), z.unknown())).default({}),
});

/** A place's profile, versioned and effective-dated; inherited down the tree, deeper places override. */
export const ProfileSchema = z.strictObject({
  place: PlaceCodeSchema,
  version: z.number().int().positive(),
  effectiveFrom: DaySchema,
  bundles: z.record(SlugSchema, ProfileBundleSchema),
});
export type Profile = z.infer<typeof ProfileSchema>;

/** A town's delegated authority over one item of a bundle, from a date (until the day before `until`). */
export const DelegationGrantSchema = z.strictObject({
  town: PlaceCodeSchema,
  bundle: SlugSchema,
  item: SlugSchema,
  from: DaySchema,
  /** The first day the grant no longer holds. */
  until: DaySchema.optional(),
});
export type DelegationGrant = z.infer<typeof DelegationGrantSchema>;

export const DelegationsSchema = z.strictObject({
  version: z.number().int().positive(),
  grants: z.array(DelegationGrantSchema),
});
export type DelegationsData = z.infer<typeof DelegationsSchema>;

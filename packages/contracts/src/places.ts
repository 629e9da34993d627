import { JurisdictionLevelSchema, LocalizedTextSchema } from "@onething/domain";
import { z } from "zod";

/** One node of the jurisdiction tree, as clients draw it (its path follows from the parents). */
export const JurisdictionNodeSchema = z.strictObject({
  code: z.string(),
  parent: z.string().optional(),
  level: JurisdictionLevelSchema,
  kind: z.string().optional(),
  name: LocalizedTextSchema,
  /** A management zone's bureau (社会事务管理局), which stands for the civil-affairs offices there. */
  bureau: LocalizedTextSchema.optional(),
});

/** A town's delegated authority over one item of a bundle (审批权下放), effective from a day until another. */
export const DelegationGrantSchema = z.strictObject({
  town: z.string(),
  bundle: z.string(),
  item: z.string(),
  from: z.string(),
  until: z.string().optional(),
});

/** GET /v1/jurisdictions: the tree (root first, parents before children) and the delegation grants. */
export const JurisdictionListSchema = z.strictObject({
  version: z.number().int(),
  root: z.string(),
  defaultPlace: z.string(),
  nodes: z.array(JurisdictionNodeSchema),
  delegations: z.array(DelegationGrantSchema),
});
export type JurisdictionList = z.infer<typeof JurisdictionListSchema>;

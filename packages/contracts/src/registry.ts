import { DataEventSchema } from "@onething/domain";
import { z } from "zod";
import { CaseIdSchema, DepartmentIdSchema } from "./common.ts";
import { DataEventMessageSchema } from "./messages.ts";

/**
 * The person-level layer's HTTP bodies: data events from source systems (POST /v1/events, the same contract as
 * the events queue's messages), their processing status, and a department's own entitlement roster.
 */

const Iso = z.string();
const LocalizedSchema = z.strictObject({ zh: z.string(), en: z.string() });

/** POST /v1/events: one event of a source system (the caller's token names the source). */
export const DataEventBodySchema = DataEventSchema;

/**
 * The same event on the events queue, as a source system with an IAM role sends it (and as POST /v1/events queues
 * it), as the document describes it: the events queue's message (`DataEventMessageSchema`) with its event typed.
 * The queue's consumer reads the event unparsed and checks it as the route does, naming the field it refuses.
 */
export const DataEventQueueMessageSchema = DataEventMessageSchema.extend({ event: DataEventSchema });

/** 202: queued for the events function; `duplicate` when this source event id was already accepted, same body. */
export const DataEventAcceptedSchema = z.strictObject({
  source: z.string(),
  sourceEventId: z.string(),
  status: z.enum(["accepted", "duplicate"]),
});

/** GET /v1/events/{sourceEventId}: where the caller's event is, and what it did once done. */
export const DataEventStatusSchema = z.strictObject({
  source: z.string(),
  sourceEventId: z.string(),
  type: z.string(),
  status: z.enum(["received", "done"]),
  receivedAt: Iso,
  outcome: z
    .strictObject({
      summary: z.string(),
      startedCases: z.array(CaseIdSchema),
      touchedCases: z.array(CaseIdSchema),
      /** The offers its rules made (免申即享). */
      offers: z.array(z.string()).optional(),
    })
    .optional(),
});
export type DataEventStatus = z.infer<typeof DataEventStatusSchema>;

export const ENTITLEMENT_STATUS_VALUES = ["active", "stopping", "ended"] as const;

/** GET /v1/entitlements: the calling department's own roster, by status (and benefit), a page at a time. */
export const EntitlementListQuerySchema = z.strictObject({
  status: z.enum(ENTITLEMENT_STATUS_VALUES).optional(),
  benefit: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(2000).optional(),
});

const EntitlementSourceViewSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("case"), caseId: CaseIdSchema, itemId: z.string() }),
  z.strictObject({ kind: z.literal("event"), source: z.string(), sourceEventId: z.string() }),
]);

export const EntitlementViewSchema = z.strictObject({
  benefit: z.string(),
  benefitName: LocalizedSchema,
  department: DepartmentIdSchema,
  status: z.enum(ENTITLEMENT_STATUS_VALUES),
  /** The holder's identity: the department pays them, so it sees who they are (its own roster only). */
  holder: z.strictObject({ idNumber: z.string(), name: z.string().optional() }),
  since: z.string().optional(),
  stopCaseId: CaseIdSchema.optional(),
  endedAt: Iso.optional(),
  endedBy: EntitlementSourceViewSchema.optional(),
  source: EntitlementSourceViewSchema,
  /** The holder is recorded dead and this is not yet ended: a stop is due. */
  holderDead: z.boolean(),
  updatedAt: Iso,
});
export type EntitlementView = z.infer<typeof EntitlementViewSchema>;

export const EntitlementListSchema = z.strictObject({
  department: DepartmentIdSchema,
  entitlements: z.array(EntitlementViewSchema),
  cursor: z.string().optional(),
});
export type EntitlementList = z.infer<typeof EntitlementListSchema>;

/** The overview's benefit-stop figures (part of GET /v1/ops/summary). */
export const BenefitStopFiguresSchema = z.strictObject({
  /** Days from a death's record to its benefit-stop case's end (its last stop answered), over the finished ones. */
  deathToLastStopDays: z.strictObject({
    count: z.number().int().nonnegative(),
    p50: z.number().nonnegative().optional(),
    p95: z.number().nonnegative().optional(),
  }),
  /** Entitlements not ended whose holder is recorded dead, by department (0 once every stop is done). */
  entitlementsOfDead: z.strictObject({
    total: z.number().int().nonnegative(),
    byDepartment: z.record(z.string(), z.number().int().nonnegative()),
  }),
  /** Benefit-stop tasks past their deadline, by department. */
  overdueStops: z.record(z.string(), z.number().int().nonnegative()),
});
export type BenefitStopFigures = z.infer<typeof BenefitStopFiguresSchema>;

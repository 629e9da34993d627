/**
 * Proactive offers (免申即享): a pre-filled draft application of a bundle, addressed to one person, which they
 * confirm (with the fields only they can give) or decline. Bodies of the citizen's offer routes, and the offer
 * funnel of the operator summary.
 */
import { z } from "zod";
import { CaseIdSchema } from "./common.ts";
import { ApplicationViewSchema, JurisdictionCodeSchema, SubmitApplicationResponseSchema } from "./http.ts";

const LocalizedSchema = z.strictObject({ zh: z.string(), en: z.string() });

/** `OF-<Beijing date>-<10 characters>`, like a case id. */
export const OfferIdSchema = z.string().regex(/^OF-\d{8}-[A-Z2-9]{10}$/, "must be an offer id");

export const OFFER_STATES = ["open", "accepted", "declined", "expired", "superseded"] as const;
export const OfferStateSchema = z.enum(OFFER_STATES);

/** One offer as its addressee sees it in the inbox. */
export const OfferSummarySchema = z.strictObject({
  offerId: OfferIdSchema,
  bundleId: z.string(),
  bundleVersion: z.number().int(),
  bundleName: LocalizedSchema,
  state: OfferStateSchema,
  madeAt: z.string(),
  expiresAt: z.string(),
  /** The fields (`section.name`) the person must still give; empty: one click confirms it. */
  openFields: z.array(z.string()),
  /** What made it: `rule:<rule id>.v<n>` or `case:<caseId>`. */
  madeBy: z.string(),
  /** The case its acceptance became. */
  caseId: CaseIdSchema.optional(),
  /** The data event behind a rule's offer (`ChildBorn`, …). */
  eventType: z.string().optional(),
});
export type OfferSummary = z.infer<typeof OfferSummarySchema>;

/** GET /v1/offers */
export const OfferListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2000).optional(),
});
export const OfferListSchema = z.strictObject({
  offers: z.array(OfferSummarySchema),
  cursor: z.string().optional(),
});
export type OfferList = z.infer<typeof OfferListSchema>;

/** GET /v1/offers/{offerId}: the summary and the pre-filled draft (labels: the bundle's, `GET /v1/bundles/{id}`). */
export const OfferViewSchema = OfferSummarySchema.extend({ draft: ApplicationViewSchema });
export type OfferView = z.infer<typeof OfferViewSchema>;

/** POST /v1/offers/{offerId}/accept: the open fields, keyed `section.name`; only open fields may be given. */
export const AcceptOfferBodySchema = z.strictObject({
  answers: z.record(z.string().max(100), z.unknown()).optional(),
});
export type AcceptOfferBody = z.infer<typeof AcceptOfferBodySchema>;
export const AcceptOfferResponseSchema = z.strictObject({
  offerId: OfferIdSchema,
  caseId: CaseIdSchema,
  state: z.literal("accepted"),
  case: SubmitApplicationResponseSchema,
});
export type AcceptOfferResponse = z.infer<typeof AcceptOfferResponseSchema>;

/** POST /v1/offers/{offerId}/decline */
export const DeclineOfferBodySchema = z.strictObject({ reason: z.string().trim().max(200).optional() });
export type DeclineOfferBody = z.infer<typeof DeclineOfferBodySchema>;
export const DeclineOfferResponseSchema = z.strictObject({
  offerId: OfferIdSchema,
  state: z.literal("declined"),
});

const count = z.number().int().nonnegative();
/** Offers made, and how many reached each stage (delivered: the inbox fetched it; opened: the addressee read it). */
export const OfferFunnelSchema = z.strictObject({
  made: count,
  delivered: count,
  opened: count,
  accepted: count,
  declined: count,
  expired: count,
  superseded: count,
});
export type OfferFunnel = z.infer<typeof OfferFunnelSchema>;

/** The summary's `offers`: within the caller's scope, at the summary's place. */
export const OfferFiguresSchema = z.strictObject({
  total: OfferFunnelSchema,
  byBundle: z.array(OfferFunnelSchema.extend({ bundleId: z.string() })),
  /** One row per child of the summary's place (zeros included), as `places`. */
  byPlace: z.array(OfferFunnelSchema.extend({ place: JurisdictionCodeSchema, name: LocalizedSchema })),
  /** Time from the event that made an offer to the case its acceptance started (histogram upper bounds). */
  eventToCase: z.strictObject({ count, p50Ms: count.optional(), p95Ms: count.optional() }),
});
export type OfferFigures = z.infer<typeof OfferFiguresSchema>;

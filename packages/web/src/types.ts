/**
 * The API's shapes, inferred from the zod schemas in `@onething/contracts`. Type-only imports: nothing of the
 * server code reaches the browser bundle.
 */
export type {
  ApplicationView,
  BundleDetail,
  BundleItem,
  BundleList,
  CalendarList,
  CaseListEntry,
  CaseView,
  DelegationRate,
  DepartmentList,
  ErrorResponse,
  JurisdictionList,
  MyCaseList,
  OpsCaseList,
  OpsSummary,
  PlaceFigures,
  RevealResponse,
  SubmitApplicationRequest,
  SubmitApplicationResponse,
} from "@onething/contracts";
export type { FormField, LocalizedText, Predicate } from "@onething/domain";

import type {
  BundleItem,
  BundleList,
  CalendarList,
  CaseView,
  ErrorResponse,
  RedriveResponseSchema,
} from "@onething/contracts";
import type { z } from "zod";

export type RedriveResponse = z.infer<typeof RedriveResponseSchema>;
export type ItemView = CaseView["items"][number];
export type TimelineEntry = CaseView["timeline"][number];
export type CaseStatus = CaseView["status"];
export type ItemStatus = ItemView["status"];
export type FieldIssue = NonNullable<ErrorResponse["issues"]>[number];
export type CalendarYearListing = CalendarList["years"][number];

export type BundleSummary = BundleList["bundles"][number];
export type BundleOutput = BundleItem["outputs"][number];

export const CASE_STATUSES: CaseStatus[] = [
  "in_progress",
  "awaiting_applicant",
  "completed",
  "completed_with_exceptions",
  "rejected",
  "withdrawn",
];

// --- Offers (issue 15). Written against the spec's HTTP contract until @onething/contracts carries the schemas.
export type OfferState = "open" | "accepted" | "declined" | "expired" | "superseded";
export interface OfferSummary {
  offerId: string;
  bundleId: string;
  bundleVersion: number;
  bundleName: { zh: string; en: string };
  state: OfferState;
  madeAt: string;
  expiresAt: string;
  openFields: string[];
  madeBy: string;
  caseId?: string;
  eventType?: string;
}
export interface OfferDetail extends OfferSummary {
  draft: {
    applicant: Record<string, unknown>;
    subject?: Record<string, unknown>;
    answers: Record<string, unknown>;
  };
}
export interface OfferList {
  offers: OfferSummary[];
  cursor?: string;
}
export interface AcceptOfferResponse {
  offerId: string;
  caseId: string;
  state: "accepted";
}
export interface DeclineOfferResponse {
  offerId: string;
  state: "declined";
}
export interface OfferFunnel {
  made: number;
  delivered: number;
  opened: number;
  accepted: number;
  declined: number;
  expired: number;
  superseded: number;
}
export interface OfferFigures {
  total: OfferFunnel;
  byBundle: (OfferFunnel & { bundleId: string })[];
  byPlace: (OfferFunnel & { place: string; name: { zh: string; en: string } })[];
  eventToCase: { count: number; p50Ms?: number | null; p95Ms?: number | null };
}

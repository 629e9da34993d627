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
  DeadLetterList,
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

export type {
  AcceptOfferResponse,
  DeliveryFigures,
  NoticeList,
  NoticeView,
  OfferFigures,
  OfferFunnel,
  OfferList,
  OfferSummary,
  OfferView as OfferDetail,
} from "@onething/contracts";

import type { DeclineOfferResponseSchema, OfferSummary as Summary } from "@onething/contracts";
export type DeclineOfferResponse = z.infer<typeof DeclineOfferResponseSchema>;
export type OfferState = Summary["state"];

import { z } from "zod";
import { BundleDetailSchema, BundleListSchema } from "./bundles.ts";
import { CalendarImportResponseSchema, CalendarListSchema, CalendarNoticeSchema } from "./calendar.ts";
import { CaseIdSchema } from "./common.ts";
import {
  DepartmentListSchema,
  MyCaseListQuerySchema,
  MyCaseListSchema,
  OpsCaseListQuerySchema,
  OpsCaseListSchema,
  OpsSummaryQuerySchema,
  OpsSummarySchema,
  RedriveResponseSchema,
  RevealRequestSchema,
  RevealResponseSchema,
} from "./dashboard.ts";
import { DEPARTMENT_ROUTES } from "./department-routes.ts";
import { DOCUMENT_ROUTES } from "./document-routes.ts";
import {
  CaseStatusSchema,
  CaseViewSchema,
  SubmitApplicationRequestSchema,
  SubmitApplicationResponseSchema,
  SupplementBodySchema,
  TaskResultBodySchema,
  TimelineEntryViewSchema,
  WithdrawBodySchema,
} from "./http.ts";
import { NOTICE_ROUTES } from "./notice-routes.ts";
import { OFFER_ROUTES } from "./offer-routes.ts";
import { JurisdictionListSchema } from "./places.ts";
import { REGISTRY_ROUTES } from "./registry-routes.ts";
import {
  BadRequestSchema,
  type CallerRole,
  caseIdParam,
  error,
  invalid,
  type PathParam,
  type ResponseSpec,
  type RouteSpec,
  segment,
} from "./route-spec.ts";
import { WEBHOOK_ROUTES } from "./webhook-routes.ts";

export type { CallerRole, PathParam, ResponseSpec, RouteSpec };
export { BadRequestSchema };

/** A case's new status after a citizen's action (supplement, withdrawal). */
export const CaseActionResponseSchema = z.strictObject({ caseId: CaseIdSchema, status: CaseStatusSchema });
/** A department's answer, accepted for the orchestrator (it applies it, once). */
export const TaskResultAcceptedSchema = z.strictObject({
  accepted: z.literal(true),
  caseId: CaseIdSchema,
  itemId: z.string(),
  attempt: z.number().int().positive(),
});
/** GET /v1/ops/cases/{caseId}/timeline */
export const CaseTimelineSchema = z.strictObject({
  caseId: CaseIdSchema,
  timeline: z.array(TimelineEntryViewSchema.extend({ eventId: z.string().optional() })),
});

/** Every route of the HTTP API. */
export const ROUTES = {
  listBundles: {
    id: "listBundles",
    method: "GET",
    path: "/v1/bundles",
    summary: "List bundles",
    tag: "catalogue",
    callers: "public",
    responses: { 200: { description: "Bundles", schema: BundleListSchema } },
  },
  getBundle: {
    id: "getBundle",
    method: "GET",
    path: "/v1/bundles/{bundleId}",
    summary: "One bundle: its form (fields and as JSON Schema) and its items with their declared outputs",
    tag: "catalogue",
    callers: "public",
    pathParams: { bundleId: segment("a bundle id") },
    responses: {
      200: { description: "The bundle", schema: BundleDetailSchema },
      404: error("Unknown bundle (`unknown_bundle`)"),
    },
  },
  listDepartments: {
    id: "listDepartments",
    method: "GET",
    path: "/v1/departments",
    summary: "The department registry (ids, names, kinds)",
    tag: "catalogue",
    callers: "public",
    responses: { 200: { description: "Departments", schema: DepartmentListSchema } },
  },
  listJurisdictions: {
    id: "listJurisdictions",
    method: "GET",
    path: "/v1/jurisdictions",
    summary:
      "The jurisdiction tree (province → city → district → town → community) and the towns' delegated approvals",
    tag: "catalogue",
    callers: "public",
    responses: { 200: { description: "The tree and the delegations", schema: JurisdictionListSchema } },
  },
  getOpenApiDocument: {
    id: "getOpenApiDocument",
    method: "GET",
    path: "/v1/openapi.json",
    summary: "This document",
    tag: "catalogue",
    callers: "public",
    responses: { 200: { description: "OpenAPI 3.1" } },
  },
  listOwnCases: {
    id: "listOwnCases",
    method: "GET",
    path: "/v1/cases",
    summary: "The signed-in citizen's cases (or a clerk's filed cases), newest submission first",
    tag: "citizen",
    callers: ["citizen", "clerk"],
    query: MyCaseListQuerySchema,
    responses: { 200: { description: "A page of cases", schema: MyCaseListSchema } },
  },
  submitApplication: {
    id: "submitApplication",
    method: "POST",
    path: "/v1/applications",
    summary: "Submit one application (same key and body: the same case)",
    tag: "citizen",
    callers: ["citizen", "clerk"],
    headers: {
      "idempotency-key": {
        schema: z.string().min(1).max(200),
        description: "Chosen by the caller; a retry with the same key and body gets the same case",
      },
    },
    body: SubmitApplicationRequestSchema,
    responses: {
      202: {
        description: "Accepted: the case and each item's status",
        schema: SubmitApplicationResponseSchema,
      },
      400: invalid(
        "Invalid application, every bad field named; a place not in the tree (`unknown_place`, naming the field)",
      ),
      403: error("Not allowed to apply for this applicant (`forbidden`)"),
      404: error("Unknown bundle (`unknown_bundle`)"),
      409: error(
        "Idempotency key reused with a different body (`idempotency_key_reused`), or the bundle allows one open case per subject and this one has one (`open_case_exists`, its `caseId` in the body)",
      ),
    },
  },
  getCase: {
    id: "getCase",
    method: "GET",
    path: "/v1/cases/{caseId}",
    summary:
      "A case with every item and its timeline; the application whole for its applicant and filing clerk, masked for operators, absent for departments",
    tag: "citizen",
    callers: ["citizen", "clerk", "department", "operator"],
    pathParams: { caseId: caseIdParam },
    responses: {
      200: { description: "The case", schema: CaseViewSchema },
      404: error("Unknown case (`unknown_case`)"),
    },
  },
  provideSupplement: {
    id: "provideSupplement",
    method: "POST",
    path: "/v1/cases/{caseId}/supplements",
    summary: "Answer a supplement request (补正)",
    tag: "citizen",
    callers: ["citizen", "clerk"],
    pathParams: { caseId: caseIdParam },
    body: SupplementBodySchema,
    responses: {
      202: {
        description: "Accepted; the item goes back to its department",
        schema: CaseActionResponseSchema,
      },
      404: error("Unknown case (`unknown_case`)"),
      409: error(
        "The case is final, or nothing is asked of this item (`case_closed`, `nothing_requested` …)",
      ),
    },
  },
  withdrawCase: {
    id: "withdrawCase",
    method: "POST",
    path: "/v1/cases/{caseId}/withdraw",
    summary: "Withdraw the case: every open task is cancelled at its department",
    tag: "citizen",
    callers: ["citizen", "clerk"],
    pathParams: { caseId: caseIdParam },
    body: WithdrawBodySchema,
    responses: {
      202: { description: "Withdrawn", schema: CaseActionResponseSchema },
      404: error("Unknown case (`unknown_case`)"),
      409: error("The case is final (`case_closed`)"),
    },
  },
  submitTaskResult: {
    id: "submitTaskResult",
    method: "POST",
    path: "/v1/tasks/{taskToken}/result",
    summary:
      "A department answers its task (the same answer again is accepted again, a different one refused), or reports accepted / in_progress, or transfers it to another office",
    tag: "department",
    callers: ["department"],
    pathParams: { taskToken: segment("the task token of the TaskDispatched message") },
    body: TaskResultBodySchema,
    responses: {
      202: { description: "Accepted", schema: TaskResultAcceptedSchema },
      401: error(
        "No token, a bad one, or a task token that is forged (`task_token_invalid`), expired (`task_token_expired`) or signed with a key the platform no longer holds (`task_token_unknown_key`)",
      ),
      404: error("Unknown case (`unknown_case`)"),
      403: error("Another department's task, or another office's (`wrong_office`)"),
      409: error(
        "Answered differently before, a stale attempt, a finished task, or transferred to another office (`task_transferred`)",
      ),
    },
  },
  ...REGISTRY_ROUTES,
  ...OFFER_ROUTES,
  ...NOTICE_ROUTES,
  ...DOCUMENT_ROUTES,
  ...WEBHOOK_ROUTES,
  ...DEPARTMENT_ROUTES,
  getOpsSummary: {
    id: "getOpsSummary",
    method: "GET",
    path: "/v1/ops/summary",
    summary: "Operator overview, for a place within the caller's scope (default: the scope)",
    tag: "operator",
    callers: ["operator"],
    query: OpsSummaryQuerySchema,
    responses: {
      200: { description: "Summary", schema: OpsSummarySchema },
      400: error("An unknown place (`unknown_place`), or one finer than a town (`place_too_fine`)"),
      403: error(
        "A place outside the caller's scope (`outside_scope`), or an office not in the tree (`unknown_office`)",
      ),
    },
  },
  listOpsCases: {
    id: "listOpsCases",
    method: "GET",
    path: "/v1/ops/cases",
    summary:
      "Cases by any combination of filters, placed or received within the caller's scope or `place` (paginated; a page may be short while a cursor remains). No filter: the open cases",
    tag: "operator",
    callers: ["operator"],
    query: OpsCaseListQuerySchema,
    responses: {
      200: { description: "A page of cases", schema: OpsCaseListSchema },
      403: error(
        "A place outside the caller's scope (`outside_scope`), or an office not in the tree (`unknown_office`)",
      ),
    },
  },
  getCaseTimeline: {
    id: "getCaseTimeline",
    method: "GET",
    path: "/v1/ops/cases/{caseId}/timeline",
    summary: "A case's full timeline",
    tag: "operator",
    callers: ["operator"],
    pathParams: { caseId: caseIdParam },
    responses: {
      200: { description: "Timeline", schema: CaseTimelineSchema },
      404: error("Unknown case (`unknown_case`)"),
    },
  },
  revealApplication: {
    id: "revealApplication",
    method: "POST",
    path: "/v1/ops/cases/{caseId}/reveal",
    summary: "The unmasked application; recorded in the case's timeline (operator permission 'reveal')",
    tag: "operator",
    callers: ["operator"],
    permission: "reveal",
    pathParams: { caseId: caseIdParam },
    body: RevealRequestSchema,
    responses: {
      200: { description: "The application as submitted", schema: RevealResponseSchema },
      404: error("Unknown case (`unknown_case`)"),
    },
  },
  redriveDeadLetters: {
    id: "redriveDeadLetters",
    method: "POST",
    path: "/v1/ops/dead-letters/{queue}/redrive",
    summary: "Redrive a dead-letter queue to its source queue (up to 1,000 messages)",
    tag: "operator",
    callers: ["operator"],
    pathParams: { queue: segment("orchestrator, results, events or dept-<department id>") },
    responses: {
      200: { description: "Moved and failed counts", schema: RedriveResponseSchema },
      403: error("Not an operator of the whole platform (`platform_only`)"),
      404: error("Unknown queue (`unknown_queue`)"),
    },
  },
  listCalendarYears: {
    id: "listCalendarYears",
    method: "GET",
    path: "/v1/ops/calendar",
    summary:
      "The working-day calendar: every official year (seed or loaded notice) and the coming years, provisional where no notice is loaded",
    tag: "operator",
    callers: ["operator"],
    responses: { 200: { description: "Years", schema: CalendarListSchema } },
  },
  loadCalendarNotice: {
    id: "loadCalendarNotice",
    method: "PUT",
    path: "/v1/ops/calendar/{year}",
    summary:
      "Load a year's State Council holiday notice at run time (operator permission 'calendar'); replaces an earlier one, revises open deadlines",
    tag: "operator",
    callers: ["operator"],
    permission: "calendar",
    pathParams: { year: segment("a year, e.g. 2027") },
    body: CalendarNoticeSchema,
    responses: {
      200: { description: "Stored; open deadlines are revised", schema: CalendarImportResponseSchema },
      403: error("Without the permission, or not an operator of the whole platform (`platform_only`)"),
    },
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteId = keyof typeof ROUTES;
export type Route = (typeof ROUTES)[RouteId];
export const ROUTE_LIST: readonly RouteSpec[] = Object.values(ROUTES);

/**
 * Every response a route can give: its own, and those of its kind — 400 `validation_failed` (or `bad_path`,
 * `body_required`, `malformed_json`) where it takes parameters, a query or a body; 401 and 403 where it needs a token;
 * 413 where it takes a body; 500 `internal_error` everywhere; 503 (`busy`, `case_busy`) where it reads the store.
 */
export function responsesOf(route: RouteSpec): Record<number, ResponseSpec> {
  const takesInput = route.body !== undefined || route.query !== undefined || route.pathParams !== undefined;
  const secured = route.callers !== "public";
  const all: Record<number, ResponseSpec> = { ...route.responses };
  if (takesInput)
    all[400] ??= invalid(
      "Invalid input; every bad parameter or field named (`query.<name>`, `headers.<name>`)",
    );
  if (secured) {
    all[401] ??= error("No token, or a bad or expired one (`unauthenticated`)");
    all[403] ??= error("Not a caller of this route, or without its permission (`forbidden`)");
    all[503] ??= error("Busy: retry after the Retry-After seconds (`busy`, `case_busy`)");
  }
  if (route.body) all[413] ??= error("Body over 256 KB (`payload_too_large`)");
  all[500] ??= error("A bug on our side (`internal_error`); the request can be retried");
  return all;
}

/** `{name}` segments of a template, in order. */
export const pathParamNames = (path: string): string[] =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");

/** The API Gateway route key of a route, e.g. `GET /v1/bundles/{bundleId}`. */
export const routeKey = (route: Pick<RouteSpec, "method" | "path">): string =>
  `${route.method} ${route.path}`;

/** The routes served without the JWT authorizer (API Gateway declares them apart from `ANY /v1/{proxy+}`). */
export const PUBLIC_ROUTES: readonly string[] = ROUTE_LIST.filter((r) => r.callers === "public").map(
  routeKey,
);

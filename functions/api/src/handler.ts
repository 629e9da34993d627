import { AuthError, ForbiddenError, type Principal, principalFromClaims } from "@onething/auth";
import {
  acceptTaskResult,
  type CalendarImportDeps,
  type CalendarSource,
  CaseContendedError,
  type CaseLogger,
  type CaseTimelineEntry,
  caseAccess,
  caseView,
  importCalendarNotice,
  listCalendarYears,
  provideSupplement,
  RequestRefusedError,
  type ResultDeps,
  type SubmitDeps,
  submitApplication,
  toListEntry,
  withdrawCase,
} from "@onething/cases";
import {
  BundleDetailSchema,
  BundleListSchema,
  buildOpenApiDocument,
  CalendarImportResponseSchema,
  CalendarListSchema,
  CaseIdSchema,
  CaseViewSchema,
  DepartmentListSchema,
  MyCaseListQuerySchema,
  MyCaseListSchema,
  OpsCaseListQuerySchema,
  RedriveResponseSchema,
  RevealRequestSchema,
} from "@onething/contracts";
import { applicationSchema, toFieldIssues } from "@onething/domain";
import { type Ops, OpsRequestError } from "@onething/ops";
import {
  type CaseOwner,
  type CaseSummary,
  InvalidCursorError,
  type Page,
  StoreBusyError,
} from "@onething/store";
import { z } from "zod";
import {
  BadPathError,
  BadRequestBodyError,
  errorResult,
  type HttpEvent,
  type HttpResult,
  header,
  json,
  jsonBody,
  rawBody,
} from "./http.ts";

/** What the operator routes call: the operator port of `@onething/ops` (counters and GSIs, never a scan; SQS). */
export type OpsPort = Pick<Ops, "listCases" | "summary" | "redrive" | "reveal">;

export interface ApiDeps extends SubmitDeps, ResultDeps {
  timeline(caseId: string): Promise<CaseTimelineEntry[]>;
  /** A citizen's or clerk's own cases, newest submission first (the store's gsi4). */
  listOwnCases(query: { owner: CaseOwner; limit: number; cursor?: string }): Promise<Page<CaseSummary>>;
  ops: OpsPort;
  clock: () => Date;
  newCaseId: () => string;
  hash: (text: string) => string;
  log: CaseLogger;
  /** The working-day calendar (seeds and loaded notices) and where loaded notices are stored. */
  calendars: CalendarSource;
  calendarNotices: CalendarImportDeps["calendarNotices"];
  /** Every department of the registry (a loaded notice's revision walks each one's open items). */
  departments: readonly string[];
}

type Route = (event: HttpEvent, params: Record<string, string>, deps: ApiDeps) => Promise<HttpResult>;

const principalOf = (event: HttpEvent): Principal =>
  principalFromClaims(event.requestContext.authorizer?.jwt?.claims);

const requireRole = (p: Principal, ...roles: Principal["role"][]) => {
  if (!roles.includes(p.role)) throw new ForbiddenError(`this route is for ${roles.join(" or ")}`);
};

/** A query string that fails its schema: 400 naming each parameter (`query.<name>`). */
function parseQuery<T>(schema: z.ZodType<T>, event: HttpEvent): T {
  const parsed = schema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success)
    throw new RequestRefusedError(
      400,
      "validation_failed",
      "invalid query",
      toFieldIssues(parsed.error, ["query"]),
    );
  return parsed.data;
}

const routes: [string, RegExp, Route][] = [
  [
    "GET",
    /^\/v1\/bundles$/,
    async (_e, _p, deps) =>
      json(
        200,
        BundleListSchema.parse({
          bundles: deps.catalogue.bundles.map((b) => ({
            id: b.id,
            version: b.version,
            name: b.name,
            ...(b.description ? { description: b.description } : {}),
            applicantKind: b.applicantKind,
            items: b.items.length,
          })),
        }),
      ),
  ],
  [
    "GET",
    /^\/v1\/bundles\/(?<bundleId>[^/]+)$/,
    async (_e, { bundleId = "" }, deps) => {
      if (!deps.catalogue.has(bundleId)) return errorResult(404, "unknown_bundle", `no bundle ${bundleId}`);
      const b = deps.catalogue.bundle(bundleId);
      return json(
        200,
        BundleDetailSchema.parse({
          id: b.id,
          version: b.version,
          name: b.name,
          ...(b.description ? { description: b.description } : {}),
          applicantKind: b.applicantKind,
          form: b.form.fields,
          formSchema: z.toJSONSchema(applicationSchema(b), {
            target: "draft-2020-12",
            io: "input",
            unrepresentable: "any",
          }),
          items: b.items.map((i) => ({
            id: i.id,
            name: i.name,
            kind: i.kind,
            department: i.department,
            timeLimitWorkingDays: i.timeLimitWorkingDays,
            outputs: i.outputs,
          })),
        }),
      );
    },
  ],
  ["GET", /^\/v1\/openapi\.json$/, async () => json(200, buildOpenApiDocument())],
  [
    "GET",
    /^\/v1\/departments$/,
    async (_e, _p, deps) =>
      json(
        200,
        DepartmentListSchema.parse({
          departments: [...deps.catalogue.departments.values()].map((d) => ({
            id: d.id,
            name: d.name,
            kind: d.kind,
          })),
        }),
      ),
  ],
  [
    "GET",
    /^\/v1\/cases$/,
    async (event, _p, deps) => {
      const principal = principalOf(event);
      let owner: CaseOwner;
      if (principal.role === "citizen")
        owner = {
          kind: "applicant",
          identities: [principal.idNumber, ...(principal.uscc ? [principal.uscc] : [])],
        };
      else if (principal.role === "clerk") owner = { kind: "clerk", clerk: principal.subject };
      else throw new ForbiddenError("this route is for citizen or clerk");
      const { limit, cursor } = parseQuery(MyCaseListQuerySchema, event);
      try {
        const page = await deps.listOwnCases({ owner, limit, ...(cursor ? { cursor } : {}) });
        return json(
          200,
          MyCaseListSchema.parse({
            cases: page.items.map(toListEntry),
            ...(page.cursor ? { cursor: page.cursor } : {}),
          }),
        );
      } catch (error) {
        if (error instanceof InvalidCursorError)
          throw new RequestRefusedError(400, "validation_failed", "invalid query", [
            { path: "query.cursor", message: error.message, code: "invalid_cursor" },
          ]);
        throw error;
      }
    },
  ],
  [
    "POST",
    /^\/v1\/applications$/,
    async (event, _p, deps) => {
      const principal = principalOf(event);
      const text = rawBody(event);
      const body = jsonBody(event);
      const response = await submitApplication(
        deps,
        {
          body,
          idempotencyKey: header(event, "idempotency-key"),
          bodyHash: deps.hash(text),
          principal,
          newCaseId: deps.newCaseId(),
        },
        deps.clock(),
      );
      return json(202, response);
    },
  ],
  [
    "GET",
    /^\/v1\/cases\/(?<caseId>[^/]+)$/,
    async (event, { caseId = "" }, deps) => {
      const principal = principalOf(event);
      const stored = await deps.cases.getCase(caseId);
      if (!stored) return errorResult(404, "unknown_case", `no case ${caseId}`);
      const bundle = deps.catalogue.bundle(stored.state.bundleId, stored.state.bundleVersion);
      const access = caseAccess(principal, stored.state, bundle);
      return json(
        200,
        CaseViewSchema.parse(caseView(stored.state, bundle, await deps.timeline(caseId), access)),
      );
    },
  ],
  [
    "POST",
    /^\/v1\/cases\/(?<caseId>[^/]+)\/supplements$/,
    async (event, { caseId = "" }, deps) =>
      json(202, await provideSupplement(deps, caseId, jsonBody(event), principalOf(event), deps.clock())),
  ],
  [
    "POST",
    /^\/v1\/cases\/(?<caseId>[^/]+)\/withdraw$/,
    async (event, { caseId = "" }, deps) =>
      json(202, await withdrawCase(deps, caseId, jsonBody(event), principalOf(event), deps.clock())),
  ],
  [
    "POST",
    /^\/v1\/tasks\/(?<taskToken>[^/]+)\/result$/,
    async (event, { taskToken = "" }, deps) => {
      const principal = principalOf(event);
      requireRole(principal, "department");
      const department = principal.role === "department" ? principal.department : "";
      const accepted = await acceptTaskResult(deps, taskToken, jsonBody(event), { department }, deps.clock());
      return json(202, { accepted: true, ...accepted });
    },
  ],
  [
    "GET",
    /^\/v1\/ops\/summary$/,
    async (event, _p, deps) => {
      requireRole(principalOf(event), "operator");
      return json(200, await deps.ops.summary());
    },
  ],
  [
    "GET",
    /^\/v1\/ops\/cases$/,
    async (event, _p, deps) => {
      requireRole(principalOf(event), "operator");
      const { caseId, status, bundle, department, from, to, overdue, limit, cursor } = parseQuery(
        OpsCaseListQuerySchema,
        event,
      );
      return json(
        200,
        await deps.ops.listCases({
          limit,
          ...(caseId ? { caseId } : {}),
          ...(status ? { status } : {}),
          ...(bundle ? { bundleId: bundle } : {}),
          ...(department ? { department } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(overdue !== undefined ? { overdue } : {}),
          ...(cursor ? { cursor } : {}),
        }),
      );
    },
  ],
  [
    "GET",
    /^\/v1\/ops\/cases\/(?<caseId>[^/]+)\/timeline$/,
    async (event, { caseId = "" }, deps) => {
      requireRole(principalOf(event), "operator");
      const stored = await deps.cases.getCase(caseId);
      if (!stored) return errorResult(404, "unknown_case", `no case ${caseId}`);
      return json(200, { caseId, timeline: await deps.timeline(caseId) });
    },
  ],
  [
    "POST",
    /^\/v1\/ops\/cases\/(?<caseId>[^/]+)\/reveal$/,
    async (event, { caseId = "" }, deps) => {
      const principal = principalOf(event);
      requireRole(principal, "operator");
      if (principal.role !== "operator" || !principal.canReveal)
        throw new ForbiddenError("revealing an application needs the operator permission 'reveal'");
      const body = RevealRequestSchema.safeParse(jsonBody(event));
      if (!body.success)
        throw new RequestRefusedError(
          400,
          "validation_failed",
          "invalid body",
          toFieldIssues(body.error, []),
        );
      return json(
        200,
        await deps.ops.reveal(caseId, body.data.reason, { subject: principal.subject, canReveal: true }),
      );
    },
  ],
  [
    "GET",
    /^\/v1\/ops\/calendar$/,
    async (event, _p, deps) => {
      requireRole(principalOf(event), "operator");
      const years = await listCalendarYears(deps.calendars, deps.clock());
      return json(200, CalendarListSchema.parse({ years }));
    },
  ],
  [
    "PUT",
    /^\/v1\/ops\/calendar\/(?<year>[^/]+)$/,
    async (event, { year = "" }, deps) => {
      const result = await importCalendarNotice(
        { calendarNotices: deps.calendarNotices, calendars: deps.calendars, departments: deps.departments },
        /^\d{4}$/.test(year) ? Number(year) : Number.NaN,
        jsonBody(event),
        principalOf(event),
        deps.clock(),
      );
      return json(200, CalendarImportResponseSchema.parse(result));
    },
  ],
  [
    "POST",
    /^\/v1\/ops\/dead-letters\/(?<queue>[^/]+)\/redrive$/,
    async (event, { queue = "" }, deps) => {
      requireRole(principalOf(event), "operator");
      const { moved, failed } = await deps.ops.redrive(queue);
      return json(200, RedriveResponseSchema.parse({ queue, moved, failed }));
    },
  ],
];

/**
 * The path parameters, percent-decoded once (a task token or a case id is never decoded twice). A malformed escape
 * is a `BadPathError`; a case id that cannot be one is an unknown case, answered before the store is asked (a
 * DynamoDB key has size limits, and nothing is gained by sending it garbage).
 */
function pathParams(re: RegExp, path: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(re.exec(path)?.groups ?? {})) {
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      throw new BadPathError(`the path parameter ${name} is not validly percent-encoded`);
    }
  }
  if (params.caseId !== undefined && !CaseIdSchema.safeParse(params.caseId).success)
    throw new RequestRefusedError(404, "unknown_case", "no such case");
  return params;
}

/**
 * How long a client should wait before retrying a request that met a busy table or a contended case: both clear
 * within a second or two.
 */
export const RETRY_AFTER_SECONDS = 2;

/** Refusals (4xx) and retryable conditions (503) as HTTP answers; anything else is not ours to explain. */
function knownFailure(error: unknown): HttpResult | undefined {
  if (error instanceof RequestRefusedError)
    return errorResult(error.status, error.code, error.message, error.issues);
  if (error instanceof BadRequestBodyError || error instanceof BadPathError)
    return errorResult(error.status, error.code, error.message);
  if (error instanceof AuthError) return errorResult(error.status, error.code, error.message);
  // Unknown dead-letter queue (404), a case list query the store cannot serve (400).
  if (error instanceof OpsRequestError) return errorResult(error.status, error.code, error.message);
  const retryAfter = { "retry-after": String(RETRY_AFTER_SECONDS) };
  if (error instanceof StoreBusyError)
    return errorResult(503, "busy", "the service is busy; retry the request shortly", undefined, retryAfter);
  if (error instanceof CaseContendedError)
    return errorResult(
      503,
      "case_busy",
      "the case is being changed by other requests; retry the request shortly",
      undefined,
      retryAfter,
    );
  return undefined;
}

/**
 * The HTTP API: match the route, run it, map every refusal to a 4xx with a machine-readable body and every
 * retryable condition to a 503. Only a bug is a 500, and its body says nothing about internals.
 */
export function createApiHandler(deps: ApiDeps) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath;
    const matching = routes.filter(([, re]) => re.test(path));
    const route = matching.find(([m]) => m === method);
    if (!route) {
      return matching.length > 0
        ? errorResult(405, "method_not_allowed", `${method} is not allowed on ${path}`)
        : errorResult(404, "not_found", `no route ${path}`);
    }
    const [, re, run] = route;
    try {
      return await run(event, pathParams(re, path), deps);
    } catch (error) {
      const answer = knownFailure(error);
      // Not a bug, but operators should see the table throttling.
      if (answer?.statusCode === 503)
        deps.log.warn("request deferred", {
          method,
          route: re.source,
          errorName: error instanceof Error ? error.name : typeof error,
        });
      if (answer) return answer;
      deps.log.error("request failed", {
        method,
        route: re.source,
        error: (error as Error).message,
        errorName: (error as Error).name,
      });
      return errorResult(
        500,
        "internal_error",
        "something went wrong on our side; the request can be retried",
      );
    }
  };
}

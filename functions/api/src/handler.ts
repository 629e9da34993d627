import { AuthError, ForbiddenError, type Principal, principalFromClaims } from "@onething/auth";
import {
  acceptTaskResult,
  type CaseLogger,
  caseAccess,
  caseView,
  provideSupplement,
  RequestRefusedError,
  type ResultDeps,
  type SubmitDeps,
  submitApplication,
  withdrawCase,
} from "@onething/cases";
import { buildOpenApiDocument, OpsCaseListQuerySchema } from "@onething/contracts";
import { applicationSchema, type TimelineEntry, toFieldIssues } from "@onething/domain";
import { OpsRequestError } from "@onething/ops";
import { z } from "zod";
import {
  BadRequestBodyError,
  errorResult,
  type HttpEvent,
  type HttpResult,
  header,
  json,
  jsonBody,
  rawBody,
} from "./http.ts";

/** What the operator routes read: counters and GSIs (never a scan) and the dead-letter queues. */
export interface OpsPort {
  listCases(query: {
    status?: string;
    bundleId?: string;
    department?: string;
    limit: number;
    cursor?: string;
  }): Promise<{
    cases: { caseId: string; bundleId: string; status: string; updatedAt: string }[];
    cursor?: string;
  }>;
  summary(): Promise<unknown>;
  redrive(queue: string): Promise<{ moved: number }>;
}

export interface ApiDeps extends SubmitDeps, ResultDeps {
  timeline(caseId: string): Promise<TimelineEntry[]>;
  ops: OpsPort;
  clock: () => Date;
  newCaseId: () => string;
  hash: (text: string) => string;
  log: CaseLogger;
}

type Route = (event: HttpEvent, params: Record<string, string>, deps: ApiDeps) => Promise<HttpResult>;

const principalOf = (event: HttpEvent): Principal =>
  principalFromClaims(event.requestContext.authorizer?.jwt?.claims);

const requireRole = (p: Principal, ...roles: Principal["role"][]) => {
  if (!roles.includes(p.role)) throw new ForbiddenError(`this route is for ${roles.join(" or ")}`);
};

const routes: [string, RegExp, Route][] = [
  [
    "GET",
    /^\/v1\/bundles$/,
    async (_e, _p, deps) =>
      json(200, {
        bundles: deps.catalogue.bundles.map((b) => ({
          id: b.id,
          version: b.version,
          name: b.name,
          description: b.description,
          applicantKind: b.applicantKind,
          items: b.items.length,
        })),
      }),
  ],
  [
    "GET",
    /^\/v1\/bundles\/(?<bundleId>[^/]+)$/,
    async (_e, { bundleId = "" }, deps) => {
      if (!deps.catalogue.has(bundleId)) return errorResult(404, "unknown_bundle", `no bundle ${bundleId}`);
      const b = deps.catalogue.bundle(bundleId);
      return json(200, {
        id: b.id,
        version: b.version,
        name: b.name,
        description: b.description,
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
        })),
      });
    },
  ],
  ["GET", /^\/v1\/openapi\.json$/, async () => json(200, buildOpenApiDocument())],
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
      return json(200, caseView(stored.state, bundle, await deps.timeline(caseId), access));
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
      const accepted = await acceptTaskResult(
        deps,
        decodeURIComponent(taskToken),
        jsonBody(event),
        { department },
        deps.clock(),
      );
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
      const q = OpsCaseListQuerySchema.safeParse(event.queryStringParameters ?? {});
      if (!q.success)
        return errorResult(400, "validation_failed", "invalid query", toFieldIssues(q.error, ["query"]));
      const { status, bundle, department, limit, cursor } = q.data;
      return json(
        200,
        await deps.ops.listCases({
          limit,
          ...(status ? { status } : {}),
          ...(bundle ? { bundleId: bundle } : {}),
          ...(department ? { department } : {}),
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
    /^\/v1\/ops\/dead-letters\/(?<queue>[^/]+)\/redrive$/,
    async (event, { queue = "" }, deps) => {
      requireRole(principalOf(event), "operator");
      return json(200, { queue, ...(await deps.ops.redrive(queue)) });
    },
  ],
];

/**
 * The HTTP API: match the route, run it, map every refusal to a 4xx with a machine-readable body.
 * Only a bug is a 500, and its body says nothing about internals.
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
    const params = Object.fromEntries(
      Object.entries(re.exec(path)?.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
    );
    try {
      return await run(event, params, deps);
    } catch (error) {
      if (error instanceof RequestRefusedError)
        return errorResult(error.status, error.code, error.message, error.issues);
      if (error instanceof BadRequestBodyError) return errorResult(error.status, error.code, error.message);
      if (error instanceof AuthError) return errorResult(error.status, error.code, error.message);
      // Unknown dead-letter queue (404), a case list query the store cannot serve (400).
      if (error instanceof OpsRequestError) return errorResult(error.status, error.code, error.message);
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

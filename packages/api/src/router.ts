import {
  type ClaimMap,
  type DepartmentClients,
  ForbiddenError,
  type Principal,
  principalFromClaims,
} from "@onething/auth";
import type { RouteSpec } from "@onething/contracts";
import { RefusalError, toFieldIssues } from "@onething/domain";
import type { z } from "zod";
import { type HttpEvent, header, parseJson, rawBody } from "./http.ts";

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route's handler is given: everything the route declares, already checked. */
export interface ApiRequest<R extends RouteSpec = RouteSpec> {
  readonly event: HttpEvent;
  /** The caller; only a public route has none. */
  readonly principal: R["callers"] extends "public" ? undefined : Principal;
  /** Path parameters, percent-decoded once. */
  readonly params: { readonly [K in keyof NonNullable<R["pathParams"]>]: string };
  readonly query: Parsed<R["query"]>;
  readonly body: Parsed<R["body"]>;
  /** The body as sent (its hash tells a retried submission from another one). */
  readonly rawBody: string;
  readonly headers: { readonly [K in keyof NonNullable<R["headers"]>]: string };
}

/** The path parameters, percent-decoded once (a task token or a case id is never decoded twice), then checked. */
function pathParams(route: RouteSpec, raw: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      throw new RefusalError(
        "invalid",
        "bad_path",
        `the path parameter ${name} is not validly percent-encoded`,
      );
    }
    const spec = route.pathParams?.[name];
    if (spec && !spec.schema.safeParse(decoded).success) {
      // A value that cannot be one (a case id of the wrong shape) names nothing: answered before anything is read.
      if (spec.unknown) throw new RefusalError("not_found", spec.unknown, `no such ${name}`);
      throw new RefusalError("invalid", "validation_failed", "invalid path", [
        { path: `path.${name}`, message: `must be ${spec.description}`, code: "invalid" },
      ]);
    }
    params[name] = decoded;
  }
  return params;
}

/** The caller, when the route needs one: a bad token is 401, another role or a missing permission 403. */
function callerOf(
  route: RouteSpec,
  event: HttpEvent,
  claimMap?: ClaimMap,
  clients?: DepartmentClients,
): Principal | undefined {
  if (route.callers === "public") return undefined;
  const principal = principalFromClaims(event.requestContext.authorizer?.jwt?.claims, claimMap, clients);
  if (!route.callers.includes(principal.role))
    throw new ForbiddenError(`this route is for ${route.callers.join(" or ")}`);
  if (route.permission === "reveal" && !(principal.role === "operator" && principal.canReveal))
    throw new ForbiddenError("revealing an application needs the operator permission 'reveal'");
  if (route.permission === "calendar" && !(principal.role === "operator" && principal.canLoadCalendar))
    throw new ForbiddenError("loading a holiday notice needs the operator permission 'calendar'");
  return principal;
}

function parseOrRefuse<S extends z.ZodType>(schema: S, value: unknown, prefix: string[]): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = toFieldIssues(parsed.error, prefix);
  throw new RefusalError("invalid", "validation_failed", `${issues.length} field(s) are invalid`, issues);
}

/**
 * Checks a matched request against its route, in the order a caller can fix things: the path, who is calling, the
 * body's size and syntax, the declared headers, the query, the body's schema. Every refusal names what is wrong.
 */
export function readRequest(
  route: RouteSpec,
  rawParams: Record<string, string>,
  event: HttpEvent,
  /** A province issuer's claim names (the stage's); absent: the platform's and Cognito's. */
  claimMap?: ClaimMap,
  /** The stage's client-credentials clients (Cognito's M2M app clients) → department offices. */
  clients?: DepartmentClients,
): ApiRequest {
  const params = pathParams(route, rawParams);
  const principal = callerOf(route, event, claimMap, clients);
  const text = route.body ? rawBody(event) : "";
  const json = route.body ? parseJson(text) : undefined;
  const headers: Record<string, string> = {};
  for (const [name, spec] of Object.entries(route.headers ?? {})) {
    const value = header(event, name);
    if (value === undefined || !spec.schema.safeParse(value).success)
      throw new RefusalError("invalid", "validation_failed", `the ${name} header is missing or invalid`, [
        {
          path: `headers.${name}`,
          message: spec.description,
          code: value === undefined ? "required" : "invalid",
        },
      ]);
    headers[name] = value;
  }
  const query = route.query
    ? parseOrRefuse(route.query, event.queryStringParameters ?? {}, ["query"])
    : undefined;
  const body = route.body ? parseOrRefuse(route.body, json, []) : undefined;
  return { event, principal, params, query, body, rawBody: text, headers } as ApiRequest;
}

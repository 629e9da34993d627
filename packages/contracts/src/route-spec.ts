/** What a route declaration is, and the small builders every route list uses. */
import { z } from "zod";
import { CaseIdSchema, ErrorResponseSchema } from "./common.ts";
import { ValidationFailedSchema } from "./http.ts";

/** Who may call a route: nobody needs a token for a public one; otherwise the roles of the token's `role` claim. */
export type CallerRole = "citizen" | "clerk" | "department" | "operator" | "source";

export interface PathParam {
  readonly schema: z.ZodType<string>;
  readonly description: string;
  readonly unknown?: string;
}

export interface ResponseSpec {
  readonly description: string;
  /** The body's schema; absent for a body the document does not describe (the OpenAPI document itself). */
  readonly schema?: z.ZodType;
}

/**
 * One HTTP route, declared once: the API's router dispatches on it, the OpenAPI document is generated from it,
 * API Gateway (CDK) and the local gateway take the public ones from it, and the access test walks it.
 * `responses` names the route's own outcomes; the refusals every route of its kind can give (400 for a body or
 * query, 401 and 403 for a secured one, 413 for a body, 500 and 503) are added by `responsesOf`.
 */
export interface RouteSpec {
  /** The OpenAPI operationId. */
  readonly id: string;
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** API Gateway's template: `{name}` is one path segment. */
  readonly path: `/v1/${string}`;
  readonly summary: string;
  readonly tag: "catalogue" | "citizen" | "department" | "operator" | "source";
  /** `public`: no token; otherwise the roles that may call it (others get 403 naming them). */
  readonly callers: "public" | readonly CallerRole[];
  /** An operator permission the route needs beyond the role (others get 403 naming it). */
  readonly permission?: "reveal" | "calendar";
  /**
   * Each `{name}` of the path: its schema, and — where a value that fails it can only mean something that does not
   * exist (a case id of the wrong shape) — the 404 code to answer with instead of a 400, before anything is read.
   */
  readonly pathParams?: Readonly<Record<string, PathParam>>;
  readonly query?: z.ZodType;
  /** Required request headers (lower-case names). */
  readonly headers?: Readonly<
    Record<string, { readonly schema: z.ZodType<string>; readonly description: string }>
  >;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

export const error = (description: string): ResponseSpec => ({ description, schema: ErrorResponseSchema });
/**
 * A 400: `validation_failed` names every bad field in `issues`; the other codes (`malformed_json`, `body_required`,
 * `bad_path`, `invalid_query`) say what is wrong with the request as a whole.
 */
export const BadRequestSchema = z.union([ValidationFailedSchema, ErrorResponseSchema]);
export const invalid = (description: string): ResponseSpec => ({ description, schema: BadRequestSchema });
export const segment = (description: string): PathParam => ({ schema: z.string().min(1), description });
export const caseIdParam: PathParam = {
  schema: CaseIdSchema,
  description: "a case id",
  unknown: "unknown_case",
};

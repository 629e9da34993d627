import { type Claims, claimsFor, OFFICE_CODE } from "@onething/auth";
import { checkedString, type FieldIssue, residentIdIssue, toFieldIssues, usccIssue } from "@onething/domain";
import { z } from "zod";
import { type HttpResponse, jsonResponse } from "./api-gateway.ts";
import { BodyTooLargeError } from "./request-body.ts";

/**
 * `POST /dev/token` — the local runtime's sign-in for the web pages: a bearer token from the dev issuer for the
 * identity in the body. **Local only**: the route lives in the local gateway, not in the API Lambda, so it does
 * not exist on AWS, where the stage's OIDC identity provider (not part of this stack yet) issues tokens. Like the
 * CLI's tokens, the subject of a person is a pseudonym (a hash), never the ID number.
 */
/** A jurisdiction code (the office); whether the tree holds it is the API's question (403 `unknown_office`). */
const office = z.string().regex(OFFICE_CODE, "a jurisdiction code (6, 9 or 12 digits)");

export const DevTokenRequestSchema = z.discriminatedUnion("role", [
  z.strictObject({
    role: z.literal("citizen"),
    idNumber: checkedString(residentIdIssue),
    name: z.string().trim().min(1).max(50).optional(),
    /** An organisation's account also names the organisation's social credit code. */
    uscc: checkedString(usccIssue).optional(),
  }),
  z.strictObject({
    role: z.literal("operator"),
    reveal: z.boolean().optional(),
    calendar: z.boolean().optional(),
    /** Absent: the whole platform. */
    office: office.optional(),
  }),
  z.strictObject({
    role: z.literal("clerk"),
    office,
    name: z.string().trim().min(1).max(50).optional(),
  }),
  z.strictObject({
    role: z.literal("department"),
    department: z.string().min(1).max(64),
    /** Absent: the department everywhere (its province-wide system). */
    office: office.optional(),
  }),
]);
export type DevTokenRequest = z.infer<typeof DevTokenRequestSchema>;

export const DevTokenResponseSchema = z.strictObject({ token: z.string(), expiresAt: z.string() });
export type DevTokenResponse = z.infer<typeof DevTokenResponseSchema>;

/** Dev tokens live as long as the CLI's: a working day. */
export const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

/** The JWT claims `principalFromClaims` reads for a dev sign-in: auth's `claimsFor`, as the web client. */
export function devClaims(request: DevTokenRequest): Claims {
  return claimsFor(request, "web");
}

export interface DevSignIn {
  /** Signs a token for these claims (the dev issuer). */
  readonly signToken: (claims: Claims, ttlSeconds: number) => Promise<string>;
  /** Departments a department token may name; any when absent. */
  readonly departments?: readonly string[] | undefined;
}

/** The API's coded field issues; a body naming no known role is an issue of `role`. */
const issuesOf = (error: z.ZodError): FieldIssue[] =>
  toFieldIssues(error).map((issue) => (issue.path === "(root)" ? { ...issue, path: "role" } : issue));

/** `POST /dev/token`: a zod-checked identity in, a dev-issuer token out; a bad body is a 400 naming the field. */
export async function devTokenRoute(
  signIn: DevSignIn,
  readBody: () => Promise<Buffer>,
  now = new Date(),
): Promise<HttpResponse> {
  let text: string;
  try {
    text = (await readBody()).toString("utf8");
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return jsonResponse(413, { error: "payload_too_large", message: "the body is too large" });
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return jsonResponse(400, { error: "malformed_json", message: "the body is not valid JSON" });
  }
  const parsed = DevTokenRequestSchema.safeParse(body);
  const issues: FieldIssue[] = parsed.success ? [] : issuesOf(parsed.error);
  const departments = signIn.departments;
  if (parsed.success && parsed.data.role === "department" && departments) {
    if (!departments.includes(parsed.data.department))
      issues.push({
        path: "department",
        message: `unknown department; one of ${departments.join(", ")}`,
        code: "unknown_department",
      });
  }
  if (!parsed.success || issues.length > 0)
    return jsonResponse(400, { error: "validation_failed", message: "invalid dev sign-in", issues });
  const token = await signIn.signToken(devClaims(parsed.data), DEV_TOKEN_TTL_SECONDS);
  const expiresAt = new Date(now.getTime() + DEV_TOKEN_TTL_SECONDS * 1000).toISOString();
  return jsonResponse(200, DevTokenResponseSchema.parse({ token, expiresAt }), {
    "cache-control": "no-store",
  });
}

import type { IncomingHttpHeaders } from "node:http";
import { isPublicRoute } from "@onething/contracts";
import { type HttpResponse, headerValue, jsonResponse } from "./api-gateway.ts";

// Which routes skip the authorizer is topology's, shared with the CDK app.
export { isPublicRoute };

/** Verifies a bearer token and returns its claims; throws if the token does not verify. */
export type VerifyToken = (token: string) => Promise<Record<string, unknown>>;

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const value = headerValue(headers.authorization);
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * API Gateway's JWT authorizer for one request: public routes (topology's list, shared with the CDK app) pass
 * without claims; any other needs a bearer token that verifies, else a 401 in the API's error shape before the
 * handler runs.
 */
export async function authorize(
  verify: VerifyToken,
  request: { readonly method: string; readonly path: string; readonly headers: IncomingHttpHeaders },
): Promise<{ readonly claims: Record<string, unknown> | undefined } | { readonly refused: HttpResponse }> {
  if (isPublicRoute(request.method, request.path)) return { claims: undefined };
  const token = bearerToken(request.headers);
  if (token === undefined) {
    return {
      refused: jsonResponse(
        401,
        { error: "unauthenticated", message: "an Authorization: Bearer token is required" },
        { "www-authenticate": "Bearer" },
      ),
    };
  }
  try {
    return { claims: await verify(token) };
  } catch (error) {
    return {
      refused: jsonResponse(
        401,
        { error: "unauthenticated", message: (error as Error).message },
        { "www-authenticate": 'Bearer error="invalid_token"' },
      ),
    };
  }
}

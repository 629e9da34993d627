import type { HttpEvent } from "@onething/api";

/**
 * What API Gateway's HTTP API (payload 2.0) hands the function: the query string split as API Gateway does, and
 * the claims its JWT authorizer verified, if any. A string body is sent as is, anything else as JSON.
 *
 * @example await handler(httpEvent("GET", "/v1/ops/cases?status=in_progress", { role: "operator", sub: "op-1" }))
 */
export function httpEvent(
  method: string,
  path: string,
  claims?: object,
  body?: unknown,
  headers: Record<string, string> = {},
): HttpEvent {
  const [rawPath = path, rawQueryString = ""] = path.split("?");
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    queryStringParameters: rawQueryString
      ? Object.fromEntries(new URLSearchParams(rawQueryString))
      : undefined,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path: rawPath },
      ...(claims ? { authorizer: { jwt: { claims } } } : {}),
    },
  } as unknown as HttpEvent;
}

import type { HttpEvent } from "@onething/api";
import { toApiGatewayEvent } from "@onething/local/api-gateway";

/**
 * What API Gateway's HTTP API (payload 2.0) hands the function for a request, built by the local gateway's own
 * translation (`toApiGatewayEvent`), so tests that call a handler directly see the event `npm start` gives it: the
 * query string split as API Gateway does, lower-cased headers, and the claims its JWT authorizer verified, if any.
 * A string body is sent as is, anything else as JSON (`content-type: application/json` unless a header says).
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
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  return toApiGatewayEvent(
    {
      method,
      url: path,
      headers: { host: "localhost", "content-type": "application/json", ...headers },
      body: Buffer.from(text),
      sourceIp: "127.0.0.1",
      requestId: "test-request",
      receivedAt: new Date(),
    },
    claims as Record<string, unknown> | undefined,
  );
}

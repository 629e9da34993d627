import type { IncomingHttpHeaders } from "node:http";
import type { HttpEvent, HttpResult } from "@onething/api";

/** One HTTP request as read off the socket, before it becomes an API Gateway event. */
export interface RawRequest {
  readonly method: string;
  /** Path and query string as sent (`/v1/ops/cases?status=completed`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly requestId: string;
  readonly receivedAt: Date;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

/** Content types API Gateway hands to the function as text; everything else arrives base64-encoded. */
const TEXT_CONTENT =
  /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|x-www-form-urlencoded|javascript))/i;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** API Gateway's `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
export function requestTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${pad(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`
  );
}

/** A header's value as API Gateway passes it: repeated headers joined with commas. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * The API Gateway HTTP API (payload 2.0) event for a request: `rawPath` and `rawQueryString` as sent, lower-cased
 * headers (repeats joined with commas), cookies moved to `cookies`, query parameters decoded (repeats joined with
 * commas), a text body as is and any other body base64-encoded, and `requestContext.http` filled in. Claims a JWT
 * authorizer verified go to `requestContext.authorizer.jwt.claims`.
 *
 * @example toApiGatewayEvent(request, { role: "citizen", sub: "c-1", id_number: "…" })
 */
export function toApiGatewayEvent(request: RawRequest, claims?: Record<string, unknown>): HttpEvent {
  const queryAt = request.url.indexOf("?");
  const rawPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? "" : request.url.slice(queryAt + 1);

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const joined = headerValue(value);
    if (joined !== undefined && name !== "cookie") headers[name.toLowerCase()] = joined;
  }
  const cookieHeader = headerValue(request.headers.cookie);
  const cookies = cookieHeader
    ?.split(";")
    .map((c) => c.trim())
    .filter((c) => c !== "");

  let queryStringParameters: Record<string, string> | undefined;
  if (rawQueryString !== "") {
    queryStringParameters = {};
    for (const [key, value] of new URLSearchParams(rawQueryString)) {
      const previous = queryStringParameters[key];
      queryStringParameters[key] = previous === undefined ? value : `${previous},${value}`;
    }
  }

  const contentType = headers["content-type"] ?? "";
  const hasBody = request.body.length > 0;
  const text = hasBody && (contentType === "" || TEXT_CONTENT.test(contentType));
  const host = headers.host ?? "localhost";
  const domainName = host.replace(/:\d+$/, "");

  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName,
      domainPrefix: domainName.split(".")[0] ?? domainName,
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: request.requestId,
      routeKey: "$default",
      stage: "$default",
      time: requestTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    ...(hasBody
      ? {
          body: text ? request.body.toString("utf8") : request.body.toString("base64"),
          isBase64Encoded: !text,
        }
      : { isBase64Encoded: false }),
  } as HttpEvent;
}

/**
 * The HTTP response API Gateway makes of a payload 2.0 result: a structured result gives status, headers, cookies
 * (as `set-cookie`) and body (decoded if `isBase64Encoded`); a bare value (a string or object without
 * `statusCode`) is a 200 JSON body, as API Gateway infers.
 */
export function fromApiGatewayResult(
  result: HttpResult | string | undefined | null,
  requestId: string,
): HttpResponse {
  const base = { "apigw-requestid": requestId };
  if (
    result === undefined ||
    result === null ||
    typeof result === "string" ||
    result.statusCode === undefined
  ) {
    const body = typeof result === "string" ? result : JSON.stringify(result ?? null);
    return { status: 200, headers: { ...base, "content-type": "application/json" }, body: Buffer.from(body) };
  }
  const headers: Record<string, string | string[]> = { ...base };
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies && result.cookies.length > 0) headers["set-cookie"] = [...result.cookies];
  const raw = result.body ?? "";
  const body = result.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8");
  return { status: result.statusCode, headers, body };
}

/**
 * A response the gateway makes itself (a refused token, a request it cannot parse, a missing page), as JSON in
 * the API's error shape `{ error, message }`, so a client reads every refusal the same way.
 */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

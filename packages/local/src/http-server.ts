import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpEvent, HttpResult } from "@onething/api";
import type { CaseLogger } from "@onething/cases";
import { type FieldIssue, toFieldIssues } from "@onething/domain";
import { isPublicRoute } from "@onething/topology";
import type { z } from "zod";
import {
  DEV_TOKEN_TTL_SECONDS,
  DevTokenRequestSchema,
  DevTokenResponseSchema,
  devClaims,
} from "./dev-token.ts";
import { PortInUseError } from "./errors.ts";
import { serveWeb } from "./static.ts";

/**
 * What the server reads at most from one request body. The API refuses bodies over 256 KB itself (413); this cap
 * only keeps a client from making the server buffer without bound.
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;

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
function headerValue(value: string | string[] | undefined): string | undefined {
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

// Which routes skip the authorizer is topology's, shared with the CDK app.
export { isPublicRoute };

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const value = headerValue(headers.authorization);
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: Buffer.from(JSON.stringify(body)),
});

export interface HttpServerOptions {
  /** 0 = any free port. */
  readonly port: number;
  readonly host: string;
  /** The API Lambda's handler. */
  readonly api: (event: HttpEvent) => Promise<HttpResult>;
  /** Verifies a bearer token and returns its claims (the dev issuer standing in for the JWT authorizer). */
  readonly verify: (token: string) => Promise<Record<string, unknown>>;
  /** The HTML of `GET /` when no web build is served. */
  readonly indexPage: () => string;
  /**
   * A static web build (a directory with `index.html`) served at `/` for GET and HEAD: files with their content
   * type, hashed assets cached for a year, HTML revalidated, paths leaving the directory refused (400), and
   * `index.html` for page navigations to unknown paths (client-side routes). Without it, `GET /` is `indexPage`.
   */
  readonly webRoot?: string;
  /**
   * Signs dev tokens for `POST /dev/token` (the local sign-in of the web pages). Local only: API Gateway on AWS has
   * no such route. Without it the route is a 404.
   */
  readonly signToken?: (
    claims: Record<string, unknown> & { sub: string; role: string },
    ttlSeconds: number,
  ) => Promise<string>;
  /** Departments a department token may name (`POST /dev/token`). */
  readonly departments?: readonly string[];
  /** The body of `GET /healthz`. */
  readonly health: () => unknown;
  /** API Gateway's integration timeout: a handler slower than this gets a 503. Default 30 s. */
  readonly timeoutMs?: number;
  readonly log: CaseLogger;
}

export interface RunningHttpServer {
  readonly port: number;
  /** Stops accepting connections, lets requests in progress finish (at most `graceMs`, default 5 s). */
  close(graceMs?: number): Promise<void>;
}

/** The request body passed `MAX_REQUEST_BYTES` (the server stops reading it). */
export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_REQUEST_BYTES) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, response: HttpResponse, head: boolean): void {
  res.writeHead(response.status, { ...response.headers, "content-length": String(response.body.length) });
  res.end(head ? undefined : response.body);
}

/**
 * Handles one request as API Gateway and the API Lambda would: local pages first, then the JWT authorizer (401
 * without calling the handler), then the handler with the API Gateway v2 event.
 */
export async function handleRequest(
  options: HttpServerOptions,
  request: Omit<RawRequest, "body">,
  readBodyFn: () => Promise<Buffer>,
): Promise<HttpResponse> {
  const path = request.url.split("?")[0] ?? "/";
  const method = request.method.toUpperCase();
  if (!path.startsWith("/v1/") && path !== "/v1") {
    const read = method === "GET" || method === "HEAD";
    if (read && path === "/healthz") return json(200, options.health());
    if (path === "/dev/token" && options.signToken) {
      if (method !== "POST")
        return json(405, { error: "method_not_allowed", message: `${method} is not allowed on ${path}` });
      return devToken(options, readBodyFn);
    }
    if (read && options.webRoot) {
      const served = serveWeb(options.webRoot, path, headerValue(request.headers.accept));
      if (served) return served;
    } else if (read && (path === "/" || path === "/index.html")) {
      return {
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" },
        body: Buffer.from(options.indexPage()),
      };
    }
    return json(404, { error: "not_found", message: `no page ${path}` });
  }

  let claims: Record<string, unknown> | undefined;
  if (!isPublicRoute(method, path)) {
    const token = bearerToken(request.headers);
    if (token === undefined) {
      return json(
        401,
        { error: "unauthenticated", message: "an Authorization: Bearer token is required" },
        { "www-authenticate": "Bearer" },
      );
    }
    try {
      claims = await options.verify(token);
    } catch (error) {
      return json(
        401,
        { error: "unauthenticated", message: (error as Error).message },
        { "www-authenticate": 'Bearer error="invalid_token"' },
      );
    }
  }

  let body: Buffer;
  try {
    body = await readBodyFn();
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return json(413, {
        error: "payload_too_large",
        message: `the body is over ${MAX_REQUEST_BYTES / 1024} KB`,
      });
    }
    throw error;
  }
  const event = toApiGatewayEvent({ ...request, body }, claims);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), options.timeoutMs ?? 30_000);
  });
  try {
    const result = await Promise.race([options.api(event), timedOut]);
    if (result === "timeout") {
      options.log.error("api timed out", { path: event.rawPath, timeoutMs: options.timeoutMs ?? 30_000 });
      return json(503, { error: "service_unavailable", message: "the API did not answer in time" });
    }
    return fromApiGatewayResult(result, request.requestId);
  } finally {
    clearTimeout(timer);
  }
}

/** `POST /dev/token`: a zod-checked identity in, a dev-issuer token out; a bad body is a 400 naming the field. */
async function devToken(
  options: HttpServerOptions,
  readBodyFn: () => Promise<Buffer>,
): Promise<HttpResponse> {
  let text: string;
  try {
    text = (await readBodyFn()).toString("utf8");
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return json(413, { error: "payload_too_large", message: "the body is too large" });
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return json(400, { error: "malformed_json", message: "the body is not valid JSON" });
  }
  const parsed = DevTokenRequestSchema.safeParse(body);
  const issues: FieldIssue[] = parsed.success ? [] : issuesOf(parsed.error);
  if (parsed.success && parsed.data.role === "department" && options.departments) {
    if (!options.departments.includes(parsed.data.department))
      issues.push({
        path: "department",
        message: `unknown department; one of ${options.departments.join(", ")}`,
        code: "unknown_department",
      });
  }
  if (!parsed.success || issues.length > 0)
    return json(400, { error: "validation_failed", message: "invalid dev sign-in", issues });
  const signToken = options.signToken;
  if (!signToken) return json(404, { error: "not_found", message: "no page /dev/token" });
  const token = await signToken(devClaims(parsed.data), DEV_TOKEN_TTL_SECONDS);
  const expiresAt = new Date(Date.now() + DEV_TOKEN_TTL_SECONDS * 1000).toISOString();
  return json(200, DevTokenResponseSchema.parse({ token, expiresAt }), { "cache-control": "no-store" });
}

/** The API's coded field issues; a body naming no known role is an issue of `role`. */
const issuesOf = (error: z.ZodError): FieldIssue[] =>
  toFieldIssues(error).map((issue) => (issue.path === "(root)" ? { ...issue, path: "role" } : issue));

/**
 * The local stand-in for API Gateway: a node:http server translating each request to the API Lambda's event and
 * its result back, with the dev issuer as the JWT authorizer. Serves `GET /` (an index of what runs) and
 * `GET /healthz` itself. A port already taken is a `PortInUseError`.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const server = createServer((req, res) => {
    const requestId = randomUUID();
    const request = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
      requestId,
      receivedAt: new Date(),
    };
    const head = request.method.toUpperCase() === "HEAD";
    handleRequest(options, request, () => readBody(req))
      .then((response) => {
        // A refused request may still be sending its body: do not keep the connection for it.
        if (!req.complete) res.setHeader("connection", "close");
        send(res, response, head);
      })
      .catch((error: unknown) => {
        options.log.error("local gateway failed", {
          path: request.url.split("?")[0],
          error: (error as Error).message,
        });
        if (!res.headersSent) {
          send(
            res,
            json(502, { error: "bad_gateway", message: "the local gateway could not run the API" }),
            head,
          );
        } else res.destroy();
      });
  });
  // Keep-alive sockets would hold `close()` open for their idle timeout.
  server.keepAliveTimeout = 2_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      reject(error.code === "EADDRINUSE" ? new PortInUseError(options.port, "the HTTP API") : error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(options.port, options.host);
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    port,
    close(graceMs = 5_000) {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

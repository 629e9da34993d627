import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { HttpEvent, HttpResult } from "@onething/api";
import type { CaseLogger } from "@onething/cases";
import {
  fromApiGatewayResult,
  type HttpResponse,
  headerValue,
  jsonResponse,
  type RawRequest,
  toApiGatewayEvent,
} from "./api-gateway.ts";
import { authorize, type VerifyToken } from "./authorizer.ts";
import { type DevSignIn, devTokenRoute } from "./dev-token.ts";
import { PortInUseError } from "./errors.ts";
import { BodyTooLargeError, MAX_REQUEST_BYTES, readBody } from "./request-body.ts";
import { serveWeb } from "./static.ts";

/**
 * API Gateway's limit on the request line and headers together (HTTP APIs: 10,240 bytes, not adjustable): a
 * request with more is refused with a 431 here too, in the API's JSON error shape.
 */
export const MAX_HEADER_BYTES = 10_240;

export interface HttpServerOptions {
  /** 0 = any free port. */
  readonly port: number;
  readonly host: string;
  /** The API Lambda's handler. */
  readonly api: (event: HttpEvent) => Promise<HttpResult>;
  /** Verifies a bearer token and returns its claims (the dev issuer standing in for the JWT authorizer). */
  readonly verify: VerifyToken;
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
  readonly signToken?: DevSignIn["signToken"];
  /** Departments a department token may name (`POST /dev/token`). */
  readonly departments?: readonly string[];
  /** Requests it answers itself with node's request and response (the local OpenID provider at `/oidc`): true if taken. */
  readonly passthrough?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** The body of `GET /runtime-config.json`: what the pages need to sign in (on AWS the stack writes this file). */
  readonly runtimeConfig?: () => unknown;
  /** The body of `GET /healthz`. */
  readonly health: () => unknown;
  /** API Gateway's integration timeout: a handler slower than this gets a 503. Default 30 s. */
  readonly timeoutMs?: number;
  readonly log: CaseLogger;
  /** Takes a request before the gateway (the `/local-s3` proxy of the documents); true when it did. */
  readonly proxy?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface RunningHttpServer {
  readonly port: number;
  /** Stops accepting connections, lets requests in progress finish (at most `graceMs`, default 5 s). */
  close(graceMs?: number): Promise<void>;
}

function send(res: ServerResponse, response: HttpResponse, head: boolean): void {
  res.writeHead(response.status, { ...response.headers, "content-length": String(response.body.length) });
  res.end(head ? undefined : response.body);
}

/** What the gateway answers outside `/v1`: `/healthz`, the dev sign-in, the web build or the index page. */
function localPage(
  options: HttpServerOptions,
  request: Omit<RawRequest, "body">,
  path: string,
  readBodyFn: () => Promise<Buffer>,
): Promise<HttpResponse> | HttpResponse {
  const method = request.method.toUpperCase();
  const read = method === "GET" || method === "HEAD";
  if (read && path === "/healthz") return jsonResponse(200, options.health());
  if (read && path === "/runtime-config.json" && options.runtimeConfig)
    return jsonResponse(200, options.runtimeConfig(), { "cache-control": "no-cache" });
  if (path === "/dev/token" && options.signToken) {
    if (method !== "POST")
      return jsonResponse(405, {
        error: "method_not_allowed",
        message: `${method} is not allowed on ${path}`,
      });
    return devTokenRoute({ signToken: options.signToken, departments: options.departments }, readBodyFn);
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
  return jsonResponse(404, { error: "not_found", message: `no page ${path}` });
}

/** The API handler with API Gateway's integration timeout: a slower handler is a 503. */
async function invokeApi(
  options: HttpServerOptions,
  event: HttpEvent,
  requestId: string,
): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const result = await Promise.race([options.api(event), timedOut]);
    if (result === "timeout") {
      options.log.error("api timed out", { path: event.rawPath, timeoutMs });
      return jsonResponse(503, { error: "service_unavailable", message: "the API did not answer in time" });
    }
    return fromApiGatewayResult(result, requestId);
  } finally {
    clearTimeout(timer);
  }
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
  if (!path.startsWith("/v1/") && path !== "/v1") return localPage(options, request, path, readBodyFn);
  const authorized = await authorize(options.verify, {
    method: request.method,
    path,
    headers: request.headers,
  });
  if ("refused" in authorized) return authorized.refused;
  let body: Buffer;
  try {
    body = await readBodyFn();
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return jsonResponse(413, {
        error: "payload_too_large",
        message: `the body is over ${MAX_REQUEST_BYTES / 1024} KB`,
      });
    }
    throw error;
  }
  return invokeApi(options, toApiGatewayEvent({ ...request, body }, authorized.claims), request.requestId);
}

/**
 * What the gateway answers a request node's HTTP parser refused before any handler saw it (headers over
 * `MAX_HEADER_BYTES`, a malformed request line, a timeout): the status node would send, with the API's JSON error
 * body instead of none.
 */
export function parserRefusal(error: NodeJS.ErrnoException & { reason?: string }): HttpResponse {
  const detail = error.reason ?? error.message;
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return jsonResponse(431, {
        error: "request_header_fields_too_large",
        message: `the request line and headers are over ${MAX_HEADER_BYTES} bytes`,
      });
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return jsonResponse(408, { error: "request_timeout", message: "the request did not arrive in time" });
    default:
      return jsonResponse(400, {
        error: "bad_request",
        message: `the request could not be parsed: ${detail}`,
      });
  }
}

/** Writes a parser refusal straight to the socket (there is no response object yet), then closes it. */
function refuseUnparsable(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset connection has nobody to answer; a socket already answering cannot take a second response.
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const response = parserRefusal(error);
  const headers = Object.entries({ ...response.headers, "content-length": String(response.body.length) })
    .map(([name, value]) => `${name}: ${String(value)}\r\n`)
    .join("");
  socket.end(
    Buffer.concat([
      Buffer.from(
        `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status]}\r\n${headers}connection: close\r\n\r\n`,
      ),
      response.body,
    ]),
  );
}

/**
 * The local stand-in for API Gateway: a node:http server translating each request to the API Lambda's event and
 * its result back, with the dev issuer as the JWT authorizer. Serves `GET /` (an index of what runs) and
 * `GET /healthz` itself. Every error it makes itself has the API's JSON shape, requests node's parser refuses
 * included. A port already taken is a `PortInUseError`.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    if (options.passthrough?.(req, res)) return;
    if (options.proxy?.(req, res)) return;
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
            jsonResponse(502, { error: "bad_gateway", message: "the local gateway could not run the API" }),
            head,
          );
        } else res.destroy();
      });
  });
  server.on("clientError", refuseUnparsable);
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

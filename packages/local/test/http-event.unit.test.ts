import type { HttpEvent, HttpResult } from "@onething/api";
import {
  BodyTooLargeError,
  bearerToken,
  fromApiGatewayResult,
  type HttpServerOptions,
  handleRequest,
  isPublicRoute,
  MAX_REQUEST_BYTES,
  type RawRequest,
  toApiGatewayEvent,
} from "@onething/local";
import { describe, expect, it } from "vitest";

const receivedAt = new Date("2026-03-02T02:03:04.005Z");

function request(overrides: Partial<RawRequest> = {}): RawRequest {
  return {
    method: "POST",
    url: "/v1/applications",
    headers: { host: "localhost:3000", "content-type": "application/json", "user-agent": "test" },
    body: Buffer.from('{"bundleId":"after-death"}'),
    sourceIp: "127.0.0.1",
    requestId: "req-1",
    receivedAt,
    ...overrides,
  };
}

describe("request → API Gateway v2 event", () => {
  it("fills the payload 2.0 shape: raw path and query, lower-cased headers, method, source ip, request id", () => {
    const event = toApiGatewayEvent(
      request({
        method: "get",
        url: "/v1/ops/cases?status=in_progress&limit=5",
        headers: { host: "localhost:3000", "X-Custom": "a", accept: "application/json" },
        body: Buffer.alloc(0),
      }),
    );
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "$default",
      rawPath: "/v1/ops/cases",
      rawQueryString: "status=in_progress&limit=5",
      queryStringParameters: { status: "in_progress", limit: "5" },
      headers: { host: "localhost:3000", "x-custom": "a", accept: "application/json" },
      isBase64Encoded: false,
      requestContext: {
        domainName: "localhost",
        http: { method: "GET", path: "/v1/ops/cases", protocol: "HTTP/1.1", sourceIp: "127.0.0.1" },
        requestId: "req-1",
        routeKey: "$default",
        stage: "$default",
        time: "02/Mar/2026:02:03:04 +0000",
        timeEpoch: receivedAt.getTime(),
      },
    });
    expect(event.body).toBeUndefined();
    expect(event.requestContext.authorizer).toBeUndefined();
  });

  it("joins repeated query parameters and headers with commas and moves cookies to `cookies`", () => {
    const event = toApiGatewayEvent(
      request({
        url: "/v1/x?a=1&a=2&b=%E4%BA%8B",
        headers: { accept: ["a", "b"] as unknown as string, cookie: "s=1; t=2" },
      }),
    );
    expect(event.queryStringParameters).toEqual({ a: "1,2", b: "事" });
    expect(event.headers.accept).toBe("a,b");
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(["s=1", "t=2"]);
  });

  it("passes a JSON body as text and any other body base64-encoded", () => {
    expect(toApiGatewayEvent(request())).toMatchObject({
      body: '{"bundleId":"after-death"}',
      isBase64Encoded: false,
    });
    const binary = toApiGatewayEvent(
      request({ headers: { "content-type": "image/png" }, body: Buffer.from([0, 1, 2, 255]) }),
    );
    expect(binary).toMatchObject({ body: "AAEC/w==", isBase64Encoded: true });
  });

  it("puts verified claims where API Gateway's JWT authorizer puts them", () => {
    const claims = { role: "operator", sub: "op-1" };
    const event = toApiGatewayEvent(request(), claims);
    expect(event.requestContext.authorizer?.jwt?.claims).toEqual(claims);
  });
});

describe("API Gateway v2 result → response", () => {
  it("keeps status, lower-cases headers, sets cookies, decodes a base64 body", () => {
    const response = fromApiGatewayResult(
      {
        statusCode: 202,
        headers: { "Content-Type": "application/json" },
        cookies: ["a=1"],
        body: Buffer.from('{"ok":true}').toString("base64"),
        isBase64Encoded: true,
      },
      "req-1",
    );
    expect(response.status).toBe(202);
    expect(response.headers).toMatchObject({ "content-type": "application/json", "set-cookie": ["a=1"] });
    expect(response.headers["apigw-requestid"]).toBe("req-1");
    expect(response.body.toString()).toBe('{"ok":true}');
  });

  it("treats a bare value as a 200 JSON body, as API Gateway infers", () => {
    const response = fromApiGatewayResult("hello" as unknown as HttpResult, "r");
    expect(response).toMatchObject({ status: 200, headers: { "content-type": "application/json" } });
    expect(response.body.toString()).toBe("hello");
    expect(fromApiGatewayResult({ body: "{}" } as HttpResult, "r").status).toBe(200);
  });
});

describe("local gateway", () => {
  const calls: HttpEvent[] = [];
  const options: HttpServerOptions = {
    port: 0,
    host: "127.0.0.1",
    api: async (event) => {
      calls.push(event);
      return { statusCode: 200, headers: { "content-type": "application/json" }, body: '{"handled":true}' };
    },
    verify: async (token) => {
      if (token !== "good") throw new Error("bearer token rejected: signature verification failed");
      return { role: "operator", sub: "op-1" };
    },
    indexPage: () => "<h1>index</h1>",
    health: () => ({ status: "ok" }),
    log: { info: () => {}, warn: () => {}, error: () => {} },
  };
  const run = (overrides: Partial<RawRequest>, body = Buffer.alloc(0)) => {
    calls.length = 0;
    const { body: _ignored, ...raw } = request({
      method: "GET",
      url: "/v1/ops/summary",
      headers: {},
      ...overrides,
    });
    return handleRequest(options, raw, async () => body);
  };
  const bodyOf = (response: { body: Buffer }) => JSON.parse(response.body.toString());

  it("answers 401 without calling the handler when a protected route has no token", async () => {
    const response = await run({});
    expect(response.status).toBe(401);
    expect(bodyOf(response)).toMatchObject({ error: "unauthenticated" });
    expect(calls).toHaveLength(0);
  });

  it("answers 401 for a token that does not verify, or a header that is not a bearer token", async () => {
    for (const authorization of ["Bearer bad", "Basic Z29vZA==", "Bearer"]) {
      const response = await run({ headers: { authorization } });
      expect(response.status).toBe(401);
      expect(bodyOf(response).error).toBe("unauthenticated");
    }
    expect(calls).toHaveLength(0);
  });

  it("calls the handler with the verified claims", async () => {
    const response = await run({ headers: { authorization: "Bearer good" } });
    expect(response.status).toBe(200);
    expect(calls[0]?.requestContext.authorizer?.jwt?.claims).toEqual({ role: "operator", sub: "op-1" });
  });

  it("serves the catalogue and the OpenAPI document without a token (GET only)", async () => {
    for (const url of ["/v1/bundles", "/v1/bundles/after-death", "/v1/openapi.json"]) {
      expect((await run({ url })).status).toBe(200);
      expect(calls[0]?.requestContext.authorizer).toBeUndefined();
    }
    expect((await run({ method: "POST", url: "/v1/bundles" })).status).toBe(401);
    expect(isPublicRoute("GET", "/v1/bundlesX")).toBe(false);
  });

  it("serves the index page and /healthz itself, and 404s other pages", async () => {
    const index = await run({ url: "/" });
    expect(index.status).toBe(200);
    expect(index.headers["content-type"]).toMatch(/text\/html/);
    expect(bodyOf(await run({ url: "/healthz" }))).toEqual({ status: "ok" });
    expect((await run({ url: "/favicon.ico" })).status).toBe(404);
    expect(calls).toHaveLength(0);
  });

  it("refuses a body over the read cap with 413 and never calls the handler", async () => {
    const { body: _ignored, ...raw } = request({
      headers: { authorization: "Bearer good", "content-length": String(MAX_REQUEST_BYTES + 1) },
    });
    calls.length = 0;
    const response = await handleRequest(options, raw, () => Promise.reject(new BodyTooLargeError()));
    expect(response.status).toBe(413);
    expect(calls).toHaveLength(0);
  });

  it("reads bearer tokens case-insensitively", () => {
    expect(bearerToken({ authorization: "bearer abc" })).toBe("abc");
    expect(bearerToken({})).toBeUndefined();
  });
});

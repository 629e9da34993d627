import { createHmac } from "node:crypto";
import { connect } from "node:net";
import type { HttpEvent } from "@onething/api";
import { API_AUDIENCE, createDevIssuer, DEV_ISSUER } from "@onething/auth";
import { MAX_HEADER_BYTES, startHttpServer } from "@onething/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The local gateway must refuse what API Gateway refuses, and every refusal it makes has the API's JSON shape.
const SECRET = "gateway-secret-gateway-secret-gateway!";
const issuer = createDevIssuer(SECRET);
const calls: HttpEvent[] = [];
let server: Awaited<ReturnType<typeof startHttpServer>>;
let base: string;

beforeAll(async () => {
  server = await startHttpServer({
    port: 0,
    host: "127.0.0.1",
    api: async (event) => {
      calls.push(event);
      return { statusCode: 200, headers: { "content-type": "application/json" }, body: "{}" };
    },
    verify: (token) => issuer.verify(token),
    indexPage: () => "<h1>index</h1>",
    health: () => ({ status: "ok" }),
    log: { info: () => {}, warn: () => {}, error: () => {} },
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

/** An HS256 JWT signed with the issuer's key, with exactly these claims (the dev issuer always adds exp). */
function hs256(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}`;
  return `${unsigned}.${createHmac("sha256", SECRET).update(unsigned).digest("base64url")}`;
}

/** Sends raw bytes and resolves with everything the server answers before it closes the connection. */
function rawExchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1", () => socket.write(bytes));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

/** Status line and JSON body of a raw HTTP/1.1 answer. */
function parseAnswer(answer: string): { status: number; contentType: string | undefined; body: unknown } {
  const [head = "", body = ""] = answer.split("\r\n\r\n");
  const [statusLine = "", ...headerLines] = head.split("\r\n");
  const contentType = headerLines
    .find((l) => l.toLowerCase().startsWith("content-type:"))
    ?.slice("content-type:".length)
    .trim();
  return { status: Number(statusLine.split(" ")[1]), contentType, body: JSON.parse(body) };
}

describe("the local gateway refuses what API Gateway refuses, in the API's JSON shape", () => {
  it("a bearer token signed with the right key but without exp: 401 { error, message }", async () => {
    const noExp = hs256({ role: "operator", sub: "op-1", iss: DEV_ISSUER, aud: API_AUDIENCE, iat: 1 });
    calls.length = 0;
    const response = await fetch(`${base}/v1/ops/summary`, { headers: { authorization: `Bearer ${noExp}` } });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: "unauthenticated",
      message: expect.stringMatching(/exp/),
    });
    expect(calls).toHaveLength(0);

    const valid = await issuer.sign({ role: "operator", sub: "op-1" }, 60);
    expect(
      (await fetch(`${base}/v1/ops/summary`, { headers: { authorization: `Bearer ${valid}` } })).status,
    ).toBe(200);
  });

  it("headers over API Gateway's 10,240 bytes: 431 with a JSON body", async () => {
    const answer = parseAnswer(
      await rawExchange(
        `GET /v1/bundles HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${"a".repeat(MAX_HEADER_BYTES)}\r\n\r\n`,
      ),
    );
    expect(answer).toEqual({
      status: 431,
      contentType: "application/json; charset=utf-8",
      body: { error: "request_header_fields_too_large", message: expect.stringContaining("10240 bytes") },
    });
  });

  it("a malformed request line: 400 with a JSON body", async () => {
    for (const bytes of [
      "GARBAGE\r\n\r\n",
      "GET /v1/bundles HTTP/9.9\r\nHost: x\r\n\r\n",
      "\u0000\u0001\u0002\r\n\r\n",
    ]) {
      const answer = parseAnswer(await rawExchange(bytes));
      expect(answer, JSON.stringify(bytes)).toEqual({
        status: 400,
        contentType: "application/json; charset=utf-8",
        body: { error: "bad_request", message: expect.stringMatching(/^the request could not be parsed: /) },
      });
    }
  });

  it("still serves a well-formed request with headers just under the limit", async () => {
    const response = await fetch(`${base}/v1/bundles`, { headers: { "x-padding": "a".repeat(8_000) } });
    expect(response.status).toBe(200);
  });
});

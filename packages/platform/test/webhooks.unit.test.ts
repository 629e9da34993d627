import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_WEBHOOK_RETRY, isLastAttempt, retryDelaySeconds } from "../src/webhooks/backoff.ts";
import { createWebhookPoster } from "../src/webhooks/post.ts";

describe("webhook backoff", () => {
  it("doubles from 30 s, capped at an hour, with the delay in [step/2, step]", () => {
    const low = [1, 2, 3, 4, 5, 6, 7].map((n) => retryDelaySeconds(DEFAULT_WEBHOOK_RETRY, n, () => 0));
    const high = [1, 2, 3, 4, 5, 6, 7].map((n) =>
      retryDelaySeconds(DEFAULT_WEBHOOK_RETRY, n, () => 0.999_999),
    );
    expect(low).toEqual([15, 30, 60, 120, 240, 480, 960]);
    expect(high).toEqual([30, 60, 120, 240, 480, 960, 1920]);
    expect(retryDelaySeconds(DEFAULT_WEBHOOK_RETRY, 20, () => 0.999_999)).toBe(3600);
  });

  it("dead-letters on the eighth failure, not before", () => {
    expect([1, 7].map((n) => isLastAttempt(DEFAULT_WEBHOOK_RETRY, n))).toEqual([false, false]);
    expect([8, 9].map((n) => isLastAttempt(DEFAULT_WEBHOOK_RETRY, n))).toEqual([true, true]);
  });

  it("stays within the jitter's bounds and SQS's 12 hours for any policy and attempt", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 86_400 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (baseSeconds, capSeconds, attempt, random) => {
          const policy = { baseSeconds, capSeconds, maxAttempts: 8 };
          const delay = retryDelaySeconds(policy, attempt, () => random);
          const step = Math.min(baseSeconds * 2 ** (attempt - 1), capSeconds);
          expect(delay).toBeGreaterThanOrEqual(Math.min(Math.floor(step / 2), 43_200));
          expect(delay).toBeLessThanOrEqual(Math.min(Math.ceil(step), 43_200));
        },
      ),
    );
  });
});

describe("the webhook poster", () => {
  let status = 200;
  let delayMs = 0;
  const seen: { headers: Record<string, unknown>; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      seen.push({ headers: req.headers, body });
      setTimeout(() => res.writeHead(status).end("ok"), delayMs);
    });
  });
  const url = new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`),
    ),
  );
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const post = createWebhookPoster({ allowLoopback: true, timeoutMs: 300 });

  it("POSTs the body with the headers; a 2xx is delivered, anything else names its status", async () => {
    status = 204;
    expect(await post(await url, '{"a":1}', { "onething-signature": "t=1,v1=00" })).toEqual({
      ok: true,
      status: 204,
    });
    expect(seen.at(-1)).toMatchObject({ body: '{"a":1}', headers: { "onething-signature": "t=1,v1=00" } });
    status = 503;
    expect(await post(await url, "{}", {})).toEqual({ ok: false, reason: "status_503", status: 503 });
    status = 302;
    expect(await post(await url, "{}", {})).toMatchObject({ ok: false, reason: "status_302" });
  });

  it("gives up after its timeout", async () => {
    status = 200;
    delayMs = 1_000;
    expect(await post(await url, "{}", {})).toEqual({ ok: false, reason: "timeout" });
    delayMs = 0;
  });

  it("names a refused connection", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    expect(await post(`http://127.0.0.1:${port}/`, "{}", {})).toEqual({
      ok: false,
      reason: "connection_refused",
    });
  });

  it("on AWS reaches no loopback or private address, by literal or by name", async () => {
    const aws = createWebhookPoster({ timeoutMs: 300 });
    expect(await aws(await url, "{}", {})).toEqual({ ok: false, reason: "address_not_public" });
    expect(await aws("https://10.0.0.1/x", "{}", {})).toEqual({ ok: false, reason: "address_not_public" });
    const port = new URL(await url).port;
    expect(await aws(`http://localhost:${port}/`, "{}", {})).toEqual({
      ok: false,
      reason: "address_not_public",
    });
  });
});

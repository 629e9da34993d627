/**
 * Push (issue 17) against DynamoDB Local and fauxqs, with real HTTP receivers on this machine: an office registers
 * an endpoint (input errors named `url`), its tasks bypass the department queue, a receiver that fails three times
 * gets the task on the fourth attempt (the sample receiver verifying the signature), a receiver down for good leads
 * to a dead letter with its reason on the operators' DLQ route (and a redrive), a forged signature is refused with
 * 401 by the sample receiver. Backoffs are 0 s here (the policy's own delays are unit-tested).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { signWebhook } from "@onething/auth";
import { TaskDispatchedMessageSchema, WebhookDeliveryMessageSchema } from "@onething/contracts";
import { itemDefinition } from "@onething/domain";
import { backendInputs, composePlatform } from "@onething/platform";
import { loadSeedCalendar } from "@onething/seeds";
import { receiveAsSqsEvent, settleLikeLambda } from "@onething/test-harness";
import { afterAll, describe, expect, it } from "vitest";
import { createReceiverHandler } from "../../examples/webhook-receiver/receiver.ts";
import { autoOutputs } from "../support/outputs.ts";
import { catalogue, testPlatform } from "../support/platform.ts";

const WEBHOOKS = {
  allowLoopback: true,
  cacheMs: 0,
  retry: { baseSeconds: 0, capSeconds: 0, maxAttempts: 8 },
};
const t = await testPlatform({ name: "webhooks", ops: "real", webhooks: WEBHOOKS });
/** The webhooks function, composed on the same table and queues as a Lambda would be (no task-token key). */
const webhooksFunction = composePlatform({
  catalogue,
  calendar: loadSeedCalendar(),
  ...backendInputs({ ...t.local.clients, tableName: t.local.tableName, queues: t.local.queues }),
  clock: () => new Date(),
  logger: () => t.log,
  webhooks: WEBHOOKS,
}).webhooks;
const health = t.department("health");
const webhooksUrl = t.local.queues.webhooks.url;
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<string> {
  const server = createServer((req, res) => void handler(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

/** A port nothing listens on any more. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/hook`;
}

/** One delivery round of the webhooks function, as Lambda's event source would run it. */
async function deliverOnce() {
  const event = await receiveAsSqsEvent(t.local.clients.sqs, webhooksUrl, { waitTimeSeconds: 0 });
  if (event.Records.length === 0) return { received: 0, failed: 0 };
  const response = await webhooksFunction(event);
  await settleLikeLambda(t.local.clients.sqs, webhooksUrl, event, response);
  return { received: event.Records.length, failed: response.batchItemFailures.length };
}

const register = (url: string) => t.request("PUT", "/v1/department/webhook", health, { url });

describe("registration", () => {
  it("refuses what may not be registered, naming the field", async () => {
    for (const [url, code] of [
      ["ftp://example.org/hook", "webhook_url_not_https"],
      ["http://example.org/hook", "webhook_url_not_https"],
      ["https://10.1.2.3/hook", "webhook_url_private"],
      ["https://169.254.169.254/latest", "webhook_url_private"],
      ["https://intranet.internal/hook", "webhook_url_private"],
      ["https://user:pw@example.org/hook", "webhook_url_credentials"],
      ["not a url", "webhook_url_invalid"],
    ] as const) {
      const r = await register(url);
      expect(r.status, url).toBe(400);
      expect(r.body.error).toBe("validation_failed");
      expect(r.body.issues, url).toEqual([expect.objectContaining({ path: "url", code })]);
    }
    const empty = await t.request("PUT", "/v1/department/webhook", health, {});
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body.issues)).toContain('"url"');
  });

  it("registers, shows the secret once, reads back without it, removes", async () => {
    expect((await t.request("GET", "/v1/department/webhook", health)).body.error).toBe("no_webhook");
    const made = await register("https://hooks.example.org/onething");
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      department: "health",
      office: "000000",
      url: "https://hooks.example.org/onething",
    });
    expect(made.body.secret).toMatch(/^whsec_/);
    const read = await t.request("GET", "/v1/department/webhook", health);
    expect(read.status).toBe(200);
    expect(read.body.secret).toBeUndefined();
    expect(read.body.signature).toEqual({
      header: "OneThing-Signature",
      algorithm: "HMAC-SHA256",
      toleranceSeconds: 300,
    });
    expect((await t.request("DELETE", "/v1/department/webhook", health)).status).toBe(200);
    expect((await t.request("DELETE", "/v1/department/webhook", health)).status).toBe(404);
    // Another department's office has none of its own.
    expect((await t.request("GET", "/v1/department/webhook", t.department("civil-affairs"))).status).toBe(
      404,
    );
  });
});

describe("delivery", () => {
  it("a receiver that fails three times gets the task on the fourth attempt, signed, and answers it", async () => {
    let secret: string | undefined;
    let calls = 0;
    const received: { message: Record<string, unknown>; attempt: number }[] = [];
    const sample = createReceiverHandler({
      secret: () => secret,
      onTask: (message, delivery) => received.push({ message, attempt: delivery.attempt }),
      log: () => {},
    });
    const url = await listen((req, res) => {
      calls++;
      if (calls <= 3) {
        res.writeHead(503).end();
        return;
      }
      return sample(req, res);
    });
    secret = (await register(url)).body.secret;
    const { caseId } = await t.submitAccepted("after-death-hospital-pensioner", "webhook-fourth");
    // The task is pushed, not queued for pulling.
    expect(await t.takeTasks("health", caseId)).toEqual([]);

    const rounds = [];
    for (let i = 0; i < 6 && received.length === 0; i++) rounds.push(await deliverOnce());
    expect(rounds.slice(0, 4)).toEqual([
      { received: 1, failed: 1 },
      { received: 1, failed: 1 },
      { received: 1, failed: 1 },
      { received: 1, failed: 0 },
    ]);
    expect(calls).toBe(4);
    expect(received).toHaveLength(1);
    expect(received[0]?.attempt).toBe(4);
    const task = TaskDispatchedMessageSchema.parse(received[0]?.message);
    expect(task).toMatchObject({
      caseId,
      department: "health",
      eventId: `dispatch:${caseId}:${task.itemId}:1`,
    });
    expect(await deliverOnce()).toEqual({ received: 0, failed: 0 });

    const item = itemDefinition(catalogue.bundle("after-death"), task.itemId);
    if (!item) throw new Error(`no item ${task.itemId}`);
    const answered = await t.request("POST", `/v1/tasks/${task.taskToken}/result`, health, {
      outcome: "completed",
      outputs: autoOutputs(item),
    });
    expect(answered.status).toBe(202);
    expect((await t.request("DELETE", "/v1/department/webhook", health)).status).toBe(200);
  });

  it("a receiver down for good leads to a dead letter with the reason, seen on the operators' DLQ route", async () => {
    await register(await deadUrl());
    const { caseId } = await t.submitAccepted("after-death-hospital-pensioner", "webhook-down");
    const rounds = [];
    for (let i = 0; i < 10; i++) rounds.push(await deliverOnce());
    expect(rounds.filter((r) => r.received === 1)).toHaveLength(8);
    expect(rounds.filter((r) => r.failed === 1)).toHaveLength(7);

    // The look into the queue says why …
    const look = await t.request("GET", "/v1/ops/dead-letters/webhooks/messages", t.operator);
    expect(look.status).toBe(200);
    expect(look.body.messages).toEqual([
      expect.objectContaining({
        reason: "delivery-failed",
        detail: "connection_refused after 8 attempts",
        caseId,
        department: "health",
        office: "000000",
      }),
    ]);
    // … and leaves it there: the overview still counts it.
    const summary = await t.request("GET", "/v1/ops/summary", t.operator);
    expect(summary.body.deadLetters).toContainEqual({ queue: "webhooks", depth: 1 });
    // A scoped operator does not look into a queue of every office's messages.
    const scoped = { ...t.operator, office: "330212" };
    expect((await t.request("GET", "/v1/ops/dead-letters/webhooks/messages", scoped)).status).toBe(403);
    expect((await t.request("GET", "/v1/ops/dead-letters/nothing/messages", t.operator)).status).toBe(404);

    // The office removes its webhook; the redriven task then goes to the department queue to be pulled.
    expect((await t.request("DELETE", "/v1/department/webhook", health)).status).toBe(200);
    const redrive = await t.request("POST", "/v1/ops/dead-letters/webhooks/redrive", t.operator);
    expect(redrive.body).toMatchObject({ queue: "webhooks", moved: 1, failed: 0 });
    expect(await deliverOnce()).toEqual({ received: 1, failed: 0 });
    const [pulled] = await t.takeTasks("health", caseId);
    expect(pulled?.caseId).toBe(caseId);
  });

  it("a re-registration's new secret signs at once, the replaced one beside it for a day", async () => {
    let receiverSecret: string | undefined;
    const received: string[] = [];
    const url = await listen(
      createReceiverHandler({
        secret: () => receiverSecret,
        onTask: (m) => void received.push(String(m.eventId)),
        log: () => {},
      }),
    );
    receiverSecret = (await register(url)).body.secret;
    const again = await register(url);
    expect(again.body.secret).not.toBe(receiverSecret);
    const read = await t.request("GET", "/v1/department/webhook", health);
    expect(Date.parse(read.body.previousSecretUntil) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    // The receiver still knows only the old secret, and gets the task.
    const { caseId } = await t.submitAccepted("after-death-hospital-pensioner", "webhook-rotation");
    expect(await deliverOnce()).toEqual({ received: 1, failed: 0 });
    expect(received).toEqual([expect.stringContaining(caseId)]);
    // And with the new one.
    receiverSecret = again.body.secret;
    expect((await t.request("DELETE", "/v1/department/webhook", health)).status).toBe(200);
  });

  it("routes only the registered office's messages: other departments keep their queues", async () => {
    const url = await listen((_req, res) => res.writeHead(200).end());
    await register(url);
    const { caseId } = await t.submitAccepted("after-death-hospital-pensioner", "webhook-routing");
    const queued = await t.takeAll(webhooksUrl);
    expect(
      queued.map((r) => WebhookDeliveryMessageSchema.parse(JSON.parse(r.body)).message.department),
    ).toEqual(["health"]);
    expect(await t.takeTasks("health", caseId)).toEqual([]);
    expect((await t.request("DELETE", "/v1/department/webhook", health)).status).toBe(200);
  });
});

describe("the sample receiver", () => {
  const secret = "whsec_sample-receiver-secret-for-the-test";
  const handled: string[] = [];
  const receiverUrl = listen(
    createReceiverHandler({ secret, onTask: (m) => void handled.push(String(m.eventId)), log: () => {} }),
  );
  const body = JSON.stringify({ type: "TaskDispatched", eventId: "dispatch:x:y:1" });
  const post = async (signature: string | undefined, payload = body) =>
    fetch(await receiverUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(signature ? { "onething-signature": signature } : {}),
      },
      body: payload,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

  it("rejects a forged, a tampered, a stale and an unsigned delivery with 401, and handles a genuine one once", async () => {
    const now = new Date();
    expect(await post(signWebhook("whsec_someone-else", body, now))).toEqual({
      status: 401,
      body: { error: "signature_mismatch" },
    });
    expect((await post(signWebhook(secret, body, now), body.replace("x", "z"))).body.error).toBe(
      "signature_mismatch",
    );
    expect((await post(signWebhook(secret, body, new Date(now.getTime() - 600_000)))).body.error).toBe(
      "signature_stale",
    );
    expect((await post(undefined)).status).toBe(401);
    expect(handled).toEqual([]);
    expect(await post(signWebhook(secret, body, now))).toEqual({ status: 200, body: { received: true } });
    expect((await post(signWebhook(secret, body, now))).body).toEqual({ received: true, duplicate: true });
    expect(handled).toEqual(["dispatch:x:y:1"]);
  });
});

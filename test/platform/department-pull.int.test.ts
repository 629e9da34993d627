/**
 * Pull over HTTPS (issue 17) through the real API handler on DynamoDB Local and fauxqs: leases are SQS receives
 * with the lease as visibility timeout, so two pullers never hold one message at once; an expired lease and a
 * released one offer the message again; a lease id is its office's; lease → answer → ack completes the item;
 * another office's messages are put back without burning their receive count; and a client-credentials token of
 * the local OpenID provider leases its own office's messages only.
 */
import { createServer, type Server } from "node:http";
import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { leaseTasks } from "@onething/cases";
import type { CaseView, LeaseTasksResponse } from "@onething/contracts";
import { itemDefinition } from "@onething/domain";
import { createIdentityService, departmentClientId, type IdentityService } from "@onething/identity";
import { departmentPullDeps } from "@onething/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { autoOutputs } from "../support/outputs.ts";
import { catalogue, TASK_SECRET, testPlatform } from "../support/platform.ts";

const t = await testPlatform({ name: "department-pull" });
const HEALTH = "health";
const ITEM = "death-certificate-hospital";
const healthQueue = t.local.queues.departments[HEALTH];
if (!healthQueue) throw new Error("no health queue");

/** A department office's claims (no office: the department everywhere). */
const at = (office?: string, puller = "a") => ({
  role: "department",
  sub: `health-${office ?? "all"}-${puller}`,
  department: HEALTH,
  ...(office ? { office } : {}),
});
type Lease = LeaseTasksResponse["leases"][number];

async function lease(who: object, body: object = {}): Promise<Lease[]> {
  const r = await t.request("POST", "/v1/department/tasks:lease", who, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as LeaseTasksResponse).leases;
}
const act = (verb: "extend" | "release" | "ack", who: object, body: object) =>
  t.request("POST", `/v1/department/tasks:${verb}`, who, body);

/** The health task of a fresh after-death case, taken to learn its office and released again at once. */
async function freshTask() {
  await t.takeAll(healthQueue?.url ?? "");
  const submitted = await t.submitAccepted("after-death-hospital-pensioner");
  const everywhere = await lease(at(), { count: 10, leaseSeconds: 60 });
  const mine = everywhere.find((l) => l.message.caseId === submitted.caseId && l.message.itemId === ITEM);
  if (!mine)
    throw new Error(`no ${ITEM} task leased: ${JSON.stringify(everywhere.map((l) => l.message.type))}`);
  for (const l of everywhere) expect((await act("release", at(), { leaseId: l.leaseId })).status).toBe(200);
  const office = mine.message.office?.jurisdiction ?? "";
  // A sibling district of the same department: another office, outside the task's scope.
  const other = office === "330203" ? "330212" : "330203";
  return {
    caseId: submitted.caseId,
    office,
    other,
    taskToken: mine.message.type === "TaskDispatched" ? mine.message.taskToken : "",
  };
}

describe("leasing", () => {
  it("two pullers of one office never hold the same task at once", async () => {
    const task = await freshTask();
    const [first, second] = await Promise.all([
      lease(at(task.office, "a"), { count: 10, leaseSeconds: 60 }),
      lease(at(task.office, "b"), { count: 10, leaseSeconds: 60 }),
    ]);
    const ids = (ls: Lease[]) => ls.map((l) => l.message.eventId);
    const both = [...ids(first ?? []), ...ids(second ?? [])];
    expect(both.filter((id) => id.includes(task.caseId)).length).toBeGreaterThan(0);
    expect(new Set(both).size).toBe(both.length);
    // While held, a third puller gets nothing of it either.
    expect((await lease(at(task.office, "c"), { count: 10 })).map((l) => l.message.caseId)).not.toContain(
      task.caseId,
    );
    for (const l of [...(first ?? []), ...(second ?? [])])
      await act("release", at(task.office), { leaseId: l.leaseId });
  });

  it("a second copy of a leased message (a re-dispatch, SQS's at-least-once delivery) is never held at once", async () => {
    const task = await freshTask();
    const [held] = (await lease(at(task.office, "a"), { count: 10, leaseSeconds: 60 })).filter(
      (l) => l.message.caseId === task.caseId,
    );
    if (!held) throw new Error("not leased");
    await t.local.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: healthQueue.url, MessageBody: JSON.stringify(held.message) }),
    );
    const other = await lease(at(task.office, "b"), { count: 10 });
    expect(other.map((l) => l.message.eventId)).not.toContain(held.message.eventId);
    expect(t.log.lines.some((l) => l.includes("a copy of it is leased"))).toBe(true);
    // The copy is gone; the held one comes back when released.
    expect((await act("release", at(task.office, "a"), { leaseId: held.leaseId })).status).toBe(200);
    const again = (await lease(at(task.office, "b"), { count: 10 })).filter(
      (l) => l.message.caseId === task.caseId,
    );
    expect(again.map((l) => l.message.eventId)).toEqual([held.message.eventId]);
    for (const l of again) await act("release", at(task.office, "b"), { leaseId: l.leaseId });
  });

  it("release offers the task again at once; extend gives a new lease id with a later end", async () => {
    const task = await freshTask();
    const [held] = (await lease(at(task.office), { count: 10, leaseSeconds: 60 })).filter(
      (l) => l.message.caseId === task.caseId,
    );
    if (!held) throw new Error("not leased");
    const extended = await act("extend", at(task.office), { leaseId: held.leaseId, leaseSeconds: 600 });
    expect(extended.status, JSON.stringify(extended.body)).toBe(200);
    expect(Date.parse(extended.body.leaseUntil)).toBeGreaterThan(Date.parse(held.leaseUntil));
    expect((await act("release", at(task.office), { leaseId: extended.body.leaseId })).body).toEqual({
      released: true,
    });
    const again = (await lease(at(task.office), { count: 10 })).filter(
      (l) => l.message.caseId === task.caseId,
    );
    expect(again.map((l) => l.message.eventId)).toContain(held.message.eventId);
    expect(again[0]?.deliveries).toBeGreaterThan(held.deliveries);
    for (const l of again) await act("release", at(task.office), { leaseId: l.leaseId });
  });

  it("an expired lease re-offers the task, and its lease id then answers 409 lease_expired", async () => {
    const task = await freshTask();
    // Below the route's 30 s floor, through the use case itself: the same key, so its lease ids are the API's.
    const deps = departmentPullDeps({
      sqs: t.local.clients.sqs,
      departments: t.local.queues.departments,
      taskTokenSecret: TASK_SECRET,
      store: t.store,
      catalogue,
      log: t.log,
      clock: () => new Date(),
    });
    const office = { department: HEALTH, scope: scopeOf(task.office) };
    const short = (
      await leaseTasks(deps, office, { count: 10, leaseSeconds: 1, waitSeconds: 0 }, new Date())
    ).filter((l) => l.message.caseId === task.caseId);
    expect(short).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const again = (await lease(at(task.office), { count: 10 })).filter(
      (l) => l.message.caseId === task.caseId,
    );
    expect(again.map((l) => l.message.eventId)).toEqual(short.map((l) => l.message.eventId));
    const stale = await act("ack", at(task.office), { leaseId: short[0]?.leaseId });
    expect([stale.status, stale.body.error]).toEqual([409, "lease_expired"]);
    for (const l of again) await act("release", at(task.office), { leaseId: l.leaseId });
  });

  it("another office's lease id is refused (lease_not_yours), a made-up one is unknown_lease", async () => {
    const task = await freshTask();
    const [held] = (await lease(at(task.office), { count: 10 })).filter(
      (l) => l.message.caseId === task.caseId,
    );
    if (!held) throw new Error("not leased");
    for (const who of [
      at(task.other),
      at(),
      { role: "department", sub: "cdc", department: "cdc", office: task.office },
    ]) {
      const r = await act("ack", who, { leaseId: held.leaseId });
      expect([r.status, r.body.error], JSON.stringify(who)).toEqual([403, "lease_not_yours"]);
    }
    const forged = `${held.leaseId.slice(0, -4)}AAAA`;
    expect((await act("release", at(task.office), { leaseId: forged })).body.error).toBe("unknown_lease");
    // Still held by its office, which may release it.
    expect((await act("release", at(task.office), { leaseId: held.leaseId })).status).toBe(200);
  });

  it("refuses counts and lease times out of bounds, and callers that are not departments", async () => {
    for (const body of [
      { count: 0 },
      { count: 11 },
      { leaseSeconds: 29 },
      { leaseSeconds: 43_201 },
      { waitSeconds: 21 },
    ]) {
      const r = await t.request("POST", "/v1/department/tasks:lease", at(), body);
      expect([r.status, r.body.error], JSON.stringify(body)).toEqual([400, "validation_failed"]);
    }
    expect((await t.request("POST", "/v1/department/tasks:lease", t.operator, {})).status).toBe(403);
  });
});

describe("lease, answer, ack", () => {
  it("completes the item, and the message is gone", async () => {
    const task = await freshTask();
    const [held] = (await lease(at(task.office), { count: 10 })).filter(
      (l) => l.message.caseId === task.caseId,
    );
    if (held?.message.type !== "TaskDispatched") throw new Error("no task leased");
    const item = itemDefinition(catalogue.bundle(held.message.bundleId), held.message.itemId);
    if (!item) throw new Error("no item");
    const answered = await t.request("POST", `/v1/tasks/${held.message.taskToken}/result`, at(task.office), {
      outcome: "completed",
      outputs: autoOutputs(item),
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(202);
    expect((await act("ack", at(task.office), { leaseId: held.leaseId })).body).toEqual({
      acknowledged: true,
    });
    await t.drainOrchestrator();
    const view = (await t.request("GET", `/v1/cases/${task.caseId}`, at())).body as CaseView;
    expect(view.items.find((i) => i.itemId === ITEM)?.status).toBe("completed");
    expect(
      (await lease(at(), { count: 10 })).filter(
        (l) => l.message.caseId === task.caseId && l.message.itemId === ITEM,
      ),
    ).toEqual([]);
  });

  it("a message whose task was answered is acknowledged on the office's behalf, not leased again", async () => {
    const task = await freshTask();
    const answered = await t.request("POST", `/v1/tasks/${task.taskToken}/result`, at(task.office), {
      outcome: "rejected",
      reason: "测试：不符合条件",
    });
    expect(answered.status).toBe(202);
    expect(
      (await lease(at(task.office), { count: 10 })).filter(
        (l) => l.message.caseId === task.caseId && l.message.itemId === ITEM,
      ),
    ).toEqual([]);
    expect(t.log.lines.some((l) => l.includes("acknowledged for its office"))).toBe(true);
  });
});

describe("offices of one department queue", () => {
  it("another office's pulls never burn the message's receive count, nor lease it", async () => {
    const task = await freshTask();
    for (let n = 0; n < 10; n++) {
      const foreign = await lease(at(task.other), { count: 10 });
      expect(foreign.map((l) => l.message.caseId)).not.toContain(task.caseId);
      for (const l of foreign) await act("release", at(task.other), { leaseId: l.leaseId });
    }
    // Ten foreign receives (more than maxReceiveCount 8): the office still gets it, nothing was dead-lettered.
    const mine = (await lease(at(task.office), { count: 10 })).filter(
      (l) => l.message.caseId === task.caseId,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]?.deliveries).toBeLessThanOrEqual(3);
    const dead = await t.local.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: healthQueue.deadLetterQueue.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    expect((dead.Messages ?? []).filter((m) => m.Body?.includes(task.caseId))).toEqual([]);
    for (const l of mine) await act("release", at(task.office), { leaseId: l.leaseId });
  });
});

describe("the queue's redrive limit across copies", () => {
  it("counts deliveries carried by a copy, and dead-letters a message leased 8 times and never acknowledged", async () => {
    const task = await freshTask(); // one delivery (leased and released by the department everywhere)
    const cycle = async (who: object) => {
      const leased = (await lease(who, { count: 10 })).filter((l) => l.message.caseId === task.caseId);
      for (const l of leased) await act("release", who, { leaseId: l.leaseId });
      return leased;
    };
    for (let n = 2; n <= 4; n++) expect((await cycle(at(task.office)))[0]?.deliveries).toBe(n);
    // Another office's pull puts it back as a copy carrying the four deliveries: the count goes on from there.
    await cycle(at(task.other));
    for (let n = 5; n <= 8; n++) expect((await cycle(at(task.office)))[0]?.deliveries).toBe(n);
    expect(await cycle(at(task.office))).toEqual([]);
    const dead = await t.local.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: healthQueue.deadLetterQueue.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ["All"],
      }),
    );
    const ours = (dead.Messages ?? []).filter((m) => m.Body?.includes(task.caseId));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.MessageAttributes?.poisonReason?.StringValue).toBe("lease");
    expect(ours[0]?.MessageAttributes?.onethingDeliveries).toBeUndefined();
  });
});

describe("a client-credentials token of the local OpenID provider", () => {
  let server: Server;
  let identity: IdentityService;
  const secret = "yinzhou-health-test-secret-0123456789abcdef";
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    identity = await createIdentityService({
      origin,
      pageOrigins: [origin],
      accounts: [],
      departmentClients: ["330212", "330203"].map((office) => ({
        clientId: departmentClientId(HEALTH, office),
        clientSecret: `${secret}-${office}`,
        department: HEALTH,
        office,
        label: { zh: office, en: office },
      })),
    });
    server.on("request", (req, res) => {
      if (!identity.handle(req, res)) res.writeHead(404).end();
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The claims the gateway hands the API for the office's token (verified by the provider's JWKS). */
  async function claimsOf(office: string) {
    const response = await fetch(`${identity.issuer}/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${departmentClientId(HEALTH, office)}:${secret}-${office}`).toString("base64")}`,
      },
      body: "grant_type=client_credentials&scope=api",
    });
    expect(response.status).toBe(200);
    return identity.verify(String(((await response.json()) as { access_token: string }).access_token));
  }

  it("leases the tasks of its office only", async () => {
    const task = await freshTask();
    // The sample's task goes to Yinzhou's health office; both offices have a client.
    expect(["330212", "330203"]).toContain(task.office);
    const [own, other] = [task.office, task.other];
    expect((await lease(await claimsOf(other), { count: 10 })).map((l) => l.message.caseId)).not.toContain(
      task.caseId,
    );
    const leased = await lease(await claimsOf(own), { count: 10 });
    expect(leased.filter((l) => l.message.caseId === task.caseId)).toHaveLength(1);
    for (const l of leased) expect(l.message.office?.path).toContain(own);
    for (const l of leased) await act("release", await claimsOf(own), { leaseId: l.leaseId });
  });
});

function scopeOf(office: string) {
  const node = catalogue.places.find(office);
  if (!node) throw new Error(`no office ${office}`);
  return { jurisdiction: node.code, path: node.path };
}

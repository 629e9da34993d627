/**
 * Status reports, transfer and escalation up, through the real handlers on DynamoDB Local and the SQS emulator:
 * a department reports `accepted` / `in_progress` on the result route, an office transfers its task to another
 * office of its department (answered by the new office only), and the sweeper's escalation of an overdue item
 * reaches the supervising office's queue, a second time further up.
 */
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { sweep } from "@onething/consumers";
import { type CaseView, type DepartmentMessage, DepartmentMessageSchema } from "@onething/contracts";
import { receiveAsSqsEvent, settleLikeLambda } from "@onething/test-harness";
import { describe, expect, it } from "vitest";
import { autoOutputs } from "../support/outputs.ts";
import { departmentAt } from "../support/places.ts";
import { catalogue, departmentIds, testPlatform } from "../support/platform.ts";

let now = new Date("2026-03-02T10:00:00+08:00");
const t = await testPlatform({ name: "task-status", clock: () => now });

const YINZHOU = "330212";
const HAISHU = "330203";
const NINGBO = "330200";
const certificate = catalogue.bundle("after-death").items.find((i) => i.id === "death-certificate-hospital");
if (!certificate) throw new Error("no item death-certificate-hospital");

/** Every message of one department's queue for a case (taken off the queue). */
async function messagesOf(department: string, caseId: string): Promise<DepartmentMessage[]> {
  const records = await t.takeAll(t.local.queues.departments[department]?.url ?? "");
  return records
    .map((r) => DepartmentMessageSchema.parse(JSON.parse(r.body)))
    .filter((m) => m.caseId === caseId);
}

async function viewOf(caseId: string, claims: object) {
  const r = await t.request("GET", `/v1/cases/${caseId}`, claims);
  expect(r.status).toBe(200);
  return r.body as CaseView;
}

/** An after-death case of a Yinzhou household: its hospital death certificate is held by 卫健 at Yinzhou. */
async function openCertificate() {
  const submitted = await t.submitSample("after-death-hospital-pensioner");
  expect(submitted.status).toBe(202);
  const caseId = submitted.body.caseId as string;
  const task = (await messagesOf("health", caseId)).find(
    (m) => m.type === "TaskDispatched" && m.itemId === certificate?.id,
  );
  if (task?.type !== "TaskDispatched") throw new Error("no death-certificate task");
  expect(task.office?.jurisdiction).toBe(YINZHOU);
  return { caseId, claims: submitted.claims, task };
}

/** Puts one answer or report on the results queue and runs the results consumer on it, as Lambda would. */
async function onQueue(token: string, result: unknown) {
  const body = {
    type: "TaskResult",
    schemaVersion: 1,
    eventId: `q-${Math.random()}`,
    occurredAt: now.toISOString(),
    taskToken: token,
    result,
  };
  const url = t.local.queues.results.url;
  await t.local.clients.sqs.send(
    new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(body) }),
  );
  const event = await receiveAsSqsEvent(t.local.clients.sqs, url, { waitTimeSeconds: 1 });
  expect(event.Records).toHaveLength(1);
  const response = await t.results(event);
  await settleLikeLambda(t.local.clients.sqs, url, event, response);
  return response;
}

const post = (token: string, office: string, body: unknown) =>
  t.request("POST", `/v1/tasks/${token}/result`, departmentAt("health", office), body);

describe("status reports", () => {
  it("accepted, then in progress with an expected date: on the item and the timeline, idempotent", async () => {
    const { caseId, claims, task } = await openCertificate();
    expect(task).toMatchObject({ bundleVersion: 1, dueProvisional: false });
    expect(task.outputs?.map((o) => o.name)).toEqual(certificate?.outputs.map((o) => o.name));

    expect((await post(task.taskToken, YINZHOU, { outcome: "accepted" })).status).toBe(202);
    expect((await post(task.taskToken, YINZHOU, { outcome: "accepted" })).status).toBe(202);
    await t.drainOrchestrator();
    let item = (await viewOf(caseId, claims)).items.find((i) => i.itemId === certificate?.id);
    expect(item?.progress).toMatchObject({ status: "accepted" });

    const working = { outcome: "in_progress", expectedBy: "2026-03-03" };
    expect((await post(task.taskToken, YINZHOU, working)).status).toBe(202);
    await t.drainOrchestrator();
    const view = await viewOf(caseId, claims);
    item = view.items.find((i) => i.itemId === certificate?.id);
    expect(item?.progress).toMatchObject({ status: "in_progress", expectedBy: "2026-03-03" });
    // The clock stands still in this file: the entries' order is not asserted.
    expect(
      view.timeline
        .filter((e) => e.itemId === certificate?.id)
        .map((e) => e.kind)
        .sort(),
    ).toEqual(["item_accepted", "item_dispatched", "item_in_progress"]);

    // The result stands as before; a report after it is refused as for a finished task.
    const done = { outcome: "completed", outputs: autoOutputs(certificate, { certificateNumber: "DC-9" }) };
    expect((await post(task.taskToken, YINZHOU, done)).status).toBe(202);
    await t.drainOrchestrator();
    expect(await post(task.taskToken, YINZHOU, { outcome: "in_progress" })).toMatchObject({
      status: 409,
      body: { error: "item_not_open" },
    });
  });
});

describe("transfer to another office of the department", () => {
  it("is answered by the new office only; the old office is told and its token refused task_transferred", async () => {
    const { caseId, claims, task } = await openCertificate();
    expect(await post(task.taskToken, YINZHOU, { outcome: "transferred", office: "341502" })).toMatchObject({
      status: 400,
      body: { error: "transfer_not_allowed" },
    });
    const moved = await post(task.taskToken, YINZHOU, {
      outcome: "transferred",
      office: HAISHU,
      reason: "the hospital is in Haishu",
    });
    expect(moved.status).toBe(202);
    await t.drainOrchestrator();

    const messages = await messagesOf("health", caseId);
    const cancelled = messages.find((m) => m.type === "TaskCancelled");
    expect(cancelled).toMatchObject({
      attempt: 1,
      reason: "transferred",
      office: { jurisdiction: YINZHOU },
      transferredTo: { jurisdiction: HAISHU },
    });
    const handed = messages.find((m) => m.type === "TaskDispatched");
    if (handed?.type !== "TaskDispatched") throw new Error("no transferred task");
    expect(handed).toMatchObject({
      itemId: certificate?.id,
      attempt: 2,
      office: { jurisdiction: HAISHU },
      transferredFrom: { jurisdiction: YINZHOU },
      dueAt: task.dueAt,
    });

    const done = { outcome: "completed", outputs: autoOutputs(certificate, { certificateNumber: "DC-1" }) };
    expect(await post(task.taskToken, YINZHOU, done)).toMatchObject({
      status: 409,
      body: { error: "task_transferred" },
    });
    // The new token is Haishu's: Yinzhou cannot use it.
    expect(await post(handed.taskToken, YINZHOU, done)).toMatchObject({
      status: 403,
      body: { error: "wrong_office" },
    });
    expect((await post(handed.taskToken, HAISHU, done)).status).toBe(202);
    await t.drainOrchestrator();
    const view = await viewOf(caseId, claims);
    expect(view.items.find((i) => i.itemId === certificate?.id)).toMatchObject({
      status: "completed",
      attempt: 2,
      office: { jurisdiction: HAISHU },
    });
    expect(view.timeline.find((e) => e.kind === "item_transferred")).toMatchObject({
      transfer: { from: YINZHOU, to: HAISHU },
    });
  });
});

describe("on the results queue", () => {
  it("a report applies; after a transfer the old office's answer is acknowledged and changes nothing", async () => {
    const { caseId, claims, task } = await openCertificate();
    expect((await onQueue(task.taskToken, { outcome: "in_progress" })).batchItemFailures).toEqual([]);
    await t.drainOrchestrator();
    const item = async () => (await viewOf(caseId, claims)).items.find((i) => i.itemId === certificate?.id);
    expect((await item())?.progress?.status).toBe("in_progress");

    expect(
      (await onQueue(task.taskToken, { outcome: "transferred", office: NINGBO })).batchItemFailures,
    ).toEqual([]);
    await t.drainOrchestrator();
    expect(await item()).toMatchObject({ attempt: 2, office: { jurisdiction: NINGBO } });
    const done = { outcome: "completed", outputs: autoOutputs(certificate, { certificateNumber: "DC-Q" }) };
    expect((await onQueue(task.taskToken, done)).batchItemFailures).toEqual([]);
    await t.drainOrchestrator();
    expect((await item())?.status).toBe("dispatched");
    expect(t.log.lines.some((l) => l.includes("task_transferred"))).toBe(true);
  });
});

describe("escalation up the jurisdiction tree", () => {
  it("reaches the supervising office's queue, then the one above it if still overdue", async () => {
    const submitted = await t.submitSample("sa-elderly-couple-dibao");
    expect(submitted.status).toBe(202);
    const caseId = submitted.body.caseId as string;
    const [intake] = (await messagesOf("town-office", caseId)).filter((m) => m.type === "TaskDispatched");
    const town = intake?.office?.jurisdiction ?? "";
    expect(town).toMatch(/^330212\d{3}$/);
    const deps = { store: t.store, send: t.platform.send, departments: departmentIds, log: t.log };

    // The intake's one working day is over: the town office has none above it, so its supervisor (民政) at the
    // district is told, on 民政's queue.
    now = new Date("2026-03-04T12:00:00+08:00");
    expect((await sweep(deps, now)).overdueRaised).toBeGreaterThanOrEqual(1);
    await t.drainOrchestrator();
    const first = (await messagesOf("civil-affairs", caseId)).filter((m) => m.type === "TaskEscalated");
    expect(first).toEqual([
      expect.objectContaining({
        itemId: "intake",
        department: "civil-affairs",
        level: 1,
        office: { jurisdiction: YINZHOU, path: "000000/330000/330200/330212" },
        heldBy: expect.objectContaining({ department: "town-office", jurisdiction: town }),
      }),
    ]);
    expect(await messagesOf("town-office", caseId)).toEqual([]);

    // Not yet two working days later: nothing more.
    now = new Date("2026-03-05T12:00:00+08:00");
    await sweep(deps, now);
    await t.drainOrchestrator();
    expect(await messagesOf("civil-affairs", caseId)).toEqual([]);

    now = new Date("2026-03-07T12:00:00+08:00");
    await sweep(deps, now);
    await t.drainOrchestrator();
    const second = (await messagesOf("civil-affairs", caseId)).filter((m) => m.type === "TaskEscalated");
    expect(second).toEqual([
      expect.objectContaining({ level: 2, office: { jurisdiction: NINGBO, path: "000000/330000/330200" } }),
    ]);
    const view = await viewOf(caseId, t.operator);
    expect(view.items.find((i) => i.itemId === "intake")?.escalatedTo).toMatchObject({
      level: 2,
      department: "civil-affairs",
      jurisdiction: NINGBO,
    });
    expect(view.timeline.filter((e) => e.escalation).map((e) => [e.kind, e.escalation?.office])).toEqual([
      ["item_overdue", YINZHOU],
      ["item_escalated", NINGBO],
    ]);
    // Escalated as high as it goes: later sweeps send nothing.
    now = new Date("2026-03-20T12:00:00+08:00");
    await sweep(deps, now);
    await t.drainOrchestrator();
    expect(await messagesOf("civil-affairs", caseId)).toEqual([]);
  });
});

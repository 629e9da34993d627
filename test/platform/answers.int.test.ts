/**
 * The first answer per task attempt stands, whatever happened to the item since: the stored answer is looked up
 * before the item's checks, so an identical resend after the orchestrator applied it is a 202 (not a 409
 * `item_not_open`) and a different one a 409 `already_answered`. Through the real handlers on the local services:
 * the API route and the results queue.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import type { CaseView } from "@onething/contracts";
import { receiveAsSqsEvent, settleLikeLambda } from "@onething/test-harness";
import { describe, expect, it } from "vitest";
import { autoOutputs } from "../support/outputs.ts";
import { catalogue, testPlatform } from "../support/platform.ts";

const t = await testPlatform({ name: "answers" });
const certificate = catalogue.bundle("after-death").items.find((i) => i.id === "death-certificate-hospital");
if (!certificate) throw new Error("no item death-certificate-hospital");
const first = { outcome: "completed", outputs: autoOutputs(certificate, { certificateNumber: "DC-0001" }) };
const corrected = {
  outcome: "completed",
  outputs: autoOutputs(certificate, { certificateNumber: "DC-0002" }),
};

/** A submitted after-death case and the token of its hospital death-certificate task. */
async function openTask() {
  const submitted = await t.submitSample("after-death-hospital-pensioner");
  const caseId = submitted.body.caseId as string;
  const [task] = (await t.takeTasks("health", caseId)).filter((x) => x.itemId === certificate?.id);
  if (!task) throw new Error("no death-certificate task");
  return { caseId, claims: submitted.claims, token: task.taskToken };
}

const answerOverHttp = (token: string, body: unknown) =>
  t.request("POST", `/v1/tasks/${token}/result`, t.department("health"), body);

async function certificateOf(caseId: string, claims: object) {
  const r = await t.request("GET", `/v1/cases/${caseId}`, claims);
  expect(r.status).toBe(200);
  const view = r.body as CaseView;
  return {
    item: view.items.find((i) => i.itemId === certificate?.id),
    completions: view.timeline.filter((e) => e.kind === "item_completed" && e.itemId === certificate?.id),
  };
}

/** Puts answers on the results queue and runs the results consumer on them, as Lambda would. */
async function answerOnQueue(caseId: string, token: string, ...results: unknown[]) {
  for (const [n, result] of results.entries()) {
    const body = {
      type: "TaskResult",
      schemaVersion: 1,
      eventId: `${caseId}-${n}`,
      occurredAt: new Date().toISOString(),
      taskToken: token,
      result,
    };
    await t.local.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: t.local.queues.results.url, MessageBody: JSON.stringify(body) }),
    );
  }
  const event = await receiveAsSqsEvent(t.local.clients.sqs, t.local.queues.results.url, {
    waitTimeSeconds: 1,
  });
  expect(event.Records).toHaveLength(results.length);
  const response = await t.results(event);
  await settleLikeLambda(t.local.clients.sqs, t.local.queues.results.url, event, response);
  return response;
}

/** Takes this case's dead letters off the results DLQ: their poison reason and detail. */
async function deadLettersOf(caseId: string) {
  const url = t.local.queues.results.deadLetterQueue.url;
  const received = await t.local.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MessageAttributeNames: ["All"],
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
    }),
  );
  const ours = (received.Messages ?? []).filter((m) => m.Body?.includes(`"eventId":"${caseId}-`));
  for (const m of ours)
    await t.local.clients.sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }),
    );
  return ours.map((m) => [
    m.MessageAttributes?.poisonReason?.StringValue,
    m.MessageAttributes?.poisonDetail?.StringValue,
  ]);
}

describe("an answer resent after the orchestrator applied it", () => {
  it("over HTTP: the identical answer gets the same 202 though the item is completed; a different one 409 already_answered", async () => {
    const { caseId, claims, token } = await openTask();
    const accepted = await answerOverHttp(token, first);
    expect(accepted.status).toBe(202);
    await t.drainOrchestrator();
    expect((await certificateOf(caseId, claims)).item?.status).toBe("completed");

    // Its keys in another order: the same answer.
    const resent = await answerOverHttp(token, { outputs: first.outputs, outcome: first.outcome });
    expect(resent).toEqual(accepted);
    expect(await answerOverHttp(token, corrected)).toMatchObject({
      status: 409,
      body: { error: "already_answered" },
    });

    // The resend was queued again; the orchestrator ignores the copy (the item is no longer held): applied once.
    await t.drainOrchestrator();
    const after = await certificateOf(caseId, claims);
    expect(after.item).toMatchObject({ status: "completed", outputs: first.outputs });
    expect(after.completions).toHaveLength(1);
  });

  it("on the results queue: the identical answer is acknowledged, a different one dead-lettered as refused", async () => {
    const { caseId, claims, token } = await openTask();
    expect((await answerOnQueue(caseId, token, first)).batchItemFailures).toEqual([]);
    await t.drainOrchestrator();
    expect((await certificateOf(caseId, claims)).item?.status).toBe("completed");

    expect((await answerOnQueue(caseId, token, first, corrected)).batchItemFailures).toEqual([]);

    const dead = await deadLettersOf(caseId);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.[0]).toBe("refused");
    expect(dead[0]?.[1]).toMatch(/^already_answered: /);
    await t.drainOrchestrator();
    const after = await certificateOf(caseId, claims);
    expect(after.item).toMatchObject({ status: "completed", outputs: first.outputs });
    expect(after.completions).toHaveLength(1);
  });
});

describe("a first answer to an item that moved on", () => {
  it("is refused as superseded over HTTP (409 case_closed) and dropped on the queue, not dead-lettered", async () => {
    const { caseId, claims, token } = await openTask();
    const withdrawn = await t.request("POST", `/v1/cases/${caseId}/withdraw`, claims, {
      reason: "家属决定到窗口办理",
    });
    expect(withdrawn).toMatchObject({ status: 202, body: { status: "withdrawn" } });

    expect(await answerOverHttp(token, first)).toMatchObject({ status: 409, body: { error: "case_closed" } });
    expect((await answerOnQueue(caseId, token, first)).batchItemFailures).toEqual([]);
    expect(await deadLettersOf(caseId)).toEqual([]);
    expect(
      t.log.lines.some((l) => l.includes("department answer dropped") && l.includes("case_closed")),
    ).toBe(true);
    // Refused answers are not recorded: nothing stands for the attempt.
    expect((await certificateOf(caseId, claims)).item?.status).toBe("cancelled");
  });
});

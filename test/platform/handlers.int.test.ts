import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { applyCaseEvent } from "@onething/cases";
import { type CaseView, toCaseEventMessage } from "@onething/contracts";
import { receiveAsSqsEvent, settleLikeLambda } from "@onething/test-harness";
import { describe, expect, it } from "vitest";
import { autoOutputs } from "../support/outputs.ts";
import { catalogue, testPlatform } from "../support/platform.ts";

const t = await testPlatform({ name: "handlers" });
const itemOf = (bundleId: string, itemId: string) => {
  const item = catalogue.bundle(bundleId).items.find((i) => i.id === itemId);
  if (!item) throw new Error(`no item ${itemId}`);
  return item;
};

async function caseOf(caseId: string, claims: object): Promise<CaseView> {
  const r = await t.request("GET", `/v1/cases/${caseId}`, claims);
  expect(r.status).toBe(200);
  return r.body as CaseView;
}

describe("department answers on the results queue", () => {
  it("applies a valid answer, acknowledges its resend, and dead-letters a forged one with the reason", async () => {
    const submitted = await t.submitSample("after-death-hospital-pensioner");
    const caseId = submitted.body.caseId as string;
    const [task] = await t.takeTasks("health", caseId);
    expect(task?.itemId).toBe("death-certificate-hospital");
    const answer = (token: string, eventId: string) => ({
      type: "TaskResult",
      schemaVersion: 1,
      eventId,
      occurredAt: new Date().toISOString(),
      taskToken: token,
      result: {
        outcome: "completed",
        outputs: autoOutputs(itemOf("after-death", "death-certificate-hospital")),
      },
    });
    const forged = `${task?.taskToken.split(".")[0]}.${"B".repeat(43)}`;
    for (const body of [answer(task?.taskToken ?? "", "a1"), answer(forged, "a2")]) {
      await t.local.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: t.local.queues.results.url, MessageBody: JSON.stringify(body) }),
      );
    }
    const event = await receiveAsSqsEvent(t.local.clients.sqs, t.local.queues.results.url, {
      waitTimeSeconds: 1,
    });
    expect(event.Records).toHaveLength(2);
    const response = await t.results(event);
    expect(response.batchItemFailures).toEqual([]);
    await settleLikeLambda(t.local.clients.sqs, t.local.queues.results.url, event, response);

    const dead = await t.local.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: t.local.queues.results.deadLetterQueue.url,
        MessageAttributeNames: ["All"],
        WaitTimeSeconds: 1,
      }),
    );
    expect(dead.Messages).toHaveLength(1);
    expect(dead.Messages?.[0]?.MessageAttributes?.poisonReason?.StringValue).toBe("refused");
    expect(dead.Messages?.[0]?.MessageAttributes?.poisonDetail?.StringValue).toMatch(/signature/);

    await t.drainOrchestrator();
    const view = await caseOf(caseId, submitted.claims);
    expect(view.items.find((i) => i.itemId === "death-certificate-hospital")?.status).toBe("completed");

    // The same answer again, now for a finished task: a resend, acknowledged (the first answer stands, and the
    // resent event is a duplicate), nothing dead-lettered. A stale first answer is dropped: test/platform/answers.
    await t.local.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: t.local.queues.results.url,
        MessageBody: JSON.stringify(answer(task?.taskToken ?? "", "a3")),
      }),
    );
    const again = await receiveAsSqsEvent(t.local.clients.sqs, t.local.queues.results.url, {
      waitTimeSeconds: 1,
    });
    expect((await t.results(again)).batchItemFailures).toEqual([]);
    expect(t.log.lines.some((l) => l.includes("department answer resent"))).toBe(true);
  });
});

describe("one answer per task attempt", () => {
  it("keeps the first answer: the same again is accepted, a different one is refused, over HTTP and on the queue", async () => {
    const submitted = await t.submitSample("after-death-hospital-pensioner");
    const caseId = submitted.body.caseId as string;
    const [task] = await t.takeTasks("health", caseId);
    const token = task?.taskToken ?? "";
    const answer = (body: unknown) =>
      t.request("POST", `/v1/tasks/${token}/result`, t.department("health"), body);
    const ask = {
      outcome: "needs_supplement",
      reason: "死亡医学证明编号无法核对",
      requested: [{ field: "deathCertificateNumber", description: "请核对死亡医学证明编号" }],
    };
    const completed = {
      outcome: "completed",
      outputs: autoOutputs(itemOf("after-death", "death-certificate-hospital")),
    };

    expect((await answer(ask)).status).toBe(202);
    // The same answer again, its keys in another order: a resend, accepted (and queued again, harmlessly).
    expect(
      (await answer({ requested: ask.requested, reason: ask.reason, outcome: ask.outcome })).status,
    ).toBe(202);
    // A corrected answer for the same attempt before the orchestrator applied the first: refused, not dropped.
    expect(await answer(completed)).toMatchObject({ status: 409, body: { error: "already_answered" } });
    // The same on the results queue: dead-lettered as refused, not dropped as stale.
    await t.local.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: t.local.queues.results.url,
        MessageBody: JSON.stringify({
          type: "TaskResult",
          schemaVersion: 1,
          eventId: `answer-again-${caseId}`,
          occurredAt: new Date().toISOString(),
          taskToken: token,
          result: completed,
        }),
      }),
    );
    const event = await receiveAsSqsEvent(t.local.clients.sqs, t.local.queues.results.url, {
      waitTimeSeconds: 1,
    });
    const response = await t.results(event);
    expect(response.batchItemFailures).toEqual([]);
    await settleLikeLambda(t.local.clients.sqs, t.local.queues.results.url, event, response);
    const dead = await t.local.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: t.local.queues.results.deadLetterQueue.url,
        MessageAttributeNames: ["All"],
        WaitTimeSeconds: 1,
      }),
    );
    expect(dead.Messages?.map((m) => m.MessageAttributes?.poisonReason?.StringValue)).toEqual(["refused"]);
    expect(dead.Messages?.[0]?.MessageAttributes?.poisonDetail?.StringValue).toMatch(/^already_answered: /);

    // What applies is the first answer, once.
    await t.drainOrchestrator();
    const view = await caseOf(caseId, submitted.claims);
    expect(view.items.find((i) => i.itemId === "death-certificate-hospital")).toMatchObject({
      status: "awaiting_supplement",
      attempt: 1,
      requested: ask.requested,
    });
    // (Sorted: the test clock stands still, so entries of one instant sort by event id.)
    const kinds = view.timeline.filter((e) => e.itemId === "death-certificate-hospital").map((e) => e.kind);
    expect(kinds.sort()).toEqual(["item_dispatched", "supplement_requested"]);
  });
});

describe("at-least-once delivery, exactly once in effect", () => {
  it("a result delivered twice, and a late answer for an old attempt, change nothing", async () => {
    const submitted = await t.submitSample("after-death-hospital-pensioner");
    const caseId = submitted.body.caseId as string;
    const [task] = await t.takeTasks("health", caseId);
    const token = task?.taskToken ?? "";
    const body = {
      outcome: "completed",
      outputs: autoOutputs(itemOf("after-death", "death-certificate-hospital")),
    };
    expect((await t.request("POST", `/v1/tasks/${token}/result`, t.department("health"), body)).status).toBe(
      202,
    );
    // A duplicate delivery of the same event past the FIFO dedup window: same event id, new dedup id.
    const replay = toCaseEventMessage(
      {
        type: "ItemResultReceived",
        eventId: `result:${caseId}:death-certificate-hospital:1`,
        caseId,
        itemId: "death-certificate-hospital",
        department: "health",
        attempt: 1,
        result: { outcome: "completed", outputs: body.outputs },
      },
      new Date(),
    );
    await t.local.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: t.local.queues.orchestrator.url,
        MessageBody: JSON.stringify(replay),
        MessageGroupId: caseId,
        MessageDeduplicationId: "replay-1",
      }),
    );
    expect(await t.drainOrchestrator()).toBe(2);
    const view = await caseOf(caseId, submitted.claims);
    expect(
      view.timeline.filter((e) => e.kind === "item_completed" && e.itemId === "death-certificate-hospital"),
    ).toHaveLength(1);
    const dispatchedHousehold = (await t.takeTasks("public-security", caseId)).filter(
      (x) => x.itemId === "household-cancellation",
    );
    expect(dispatchedHousehold).toHaveLength(1);

    // The department asks for material, the applicant supplies it, attempt 2 goes out; a late attempt-1 answer is
    // refused: attempt 1's answer stands (the request for material), so a different one is `already_answered`.
    const household = dispatchedHousehold[0];
    const ask = {
      outcome: "needs_supplement",
      reason: "户口簿照片不清晰",
      requested: [{ field: "householdBookletScan", description: "重新上传户口簿首页" }],
    };
    expect(
      (
        await t.request(
          "POST",
          `/v1/tasks/${household?.taskToken}/result`,
          t.department("public-security"),
          ask,
        )
      ).status,
    ).toBe(202);
    await t.drainOrchestrator();
    expect((await caseOf(caseId, submitted.claims)).status).toBe("awaiting_applicant");
    const supplied = await t.request("POST", `/v1/cases/${caseId}/supplements`, submitted.claims, {
      itemId: "household-cancellation",
      answers: { householdBookletScan: "upload://booklet.jpg" },
    });
    expect(supplied.status).toBe(202);
    expect(supplied.body.status).toBe("in_progress");
    const [attempt2] = (await t.takeTasks("public-security", caseId)).filter(
      (x) => x.itemId === "household-cancellation",
    );
    expect(attempt2).toMatchObject({
      attempt: 2,
      supplement: { householdBookletScan: "upload://booklet.jpg" },
    });
    const late = await t.request(
      "POST",
      `/v1/tasks/${household?.taskToken}/result`,
      t.department("public-security"),
      {
        outcome: "completed",
        outputs: autoOutputs(itemOf("after-death", "household-cancellation")),
      },
    );
    expect(late).toMatchObject({ status: 409, body: { error: "already_answered" } });
    const again = await t.request("POST", `/v1/cases/${caseId}/supplements`, submitted.claims, {
      itemId: "household-cancellation",
      answers: { householdBookletScan: "upload://booklet.jpg" },
    });
    expect(again).toMatchObject({ status: 409, body: { error: "nothing_requested" } });
  });

  it("two results for the same case committed at the same time both apply (the version check retries one)", async () => {
    const submitted = await t.submitSample("after-death-hospital-pensioner");
    const caseId = submitted.body.caseId as string;
    const [cert] = await t.takeTasks("health", caseId);
    await t.request("POST", `/v1/tasks/${cert?.taskToken}/result`, t.department("health"), {
      outcome: "completed",
      outputs: autoOutputs(itemOf("after-death", "death-certificate-hospital")),
    });
    await t.drainOrchestrator();
    const open = (await caseOf(caseId, submitted.claims)).items.filter((i) => i.status === "dispatched");
    expect(open.length).toBeGreaterThan(3);
    const results = open.slice(0, 4).map((i) =>
      applyCaseEvent(
        t.platform,
        {
          type: "ItemResultReceived",
          eventId: `concurrent:${i.itemId}`,
          caseId,
          itemId: i.itemId,
          department: i.department,
          attempt: i.attempt,
          result: { outcome: "completed", outputs: autoOutputs(itemOf("after-death", i.itemId)) },
        },
        new Date("2026-03-02T11:00:00+08:00"),
      ),
    );
    const outcomes = await Promise.all(results);
    expect(outcomes.map((o) => o.kind)).toEqual(["applied", "applied", "applied", "applied"]);
    const after = await caseOf(caseId, submitted.claims);
    for (const i of open.slice(0, 4))
      expect(after.items.find((x) => x.itemId === i.itemId)?.status).toBe("completed");
    expect(t.log.lines.some((l) => l.includes("version conflict, retrying"))).toBe(true);
  });
});

describe("poison messages", () => {
  it("an orchestrator message that is not JSON or not a case event goes to the DLQ with its reason, not round and round", async () => {
    for (const [body, id] of [
      ["{oops", "p1"],
      [JSON.stringify({ type: "ItemOverdue", schemaVersion: 1 }), "p2"],
    ] as const) {
      await t.local.clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: t.local.queues.orchestrator.url,
          MessageBody: body,
          MessageGroupId: `poison-${id}`,
          MessageDeduplicationId: id,
        }),
      );
    }
    await t.drainOrchestrator();
    const dead = await t.local.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: t.local.queues.orchestrator.deadLetterQueue.url,
        MessageAttributeNames: ["All"],
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    const reasons = (dead.Messages ?? []).map((m) => m.MessageAttributes?.poisonReason?.StringValue).sort();
    expect(reasons).toEqual(["invalid-json", "schema-mismatch"]);
  });
});

describe("withdrawal", () => {
  it("cancels open tasks at their departments and is refused once final", async () => {
    const submitted = await t.submitSample("after-death-hospital-pensioner");
    const caseId = submitted.body.caseId as string;
    const w = await t.request("POST", `/v1/cases/${caseId}/withdraw`, submitted.claims, {
      reason: "家属决定到窗口办理",
    });
    expect(w).toMatchObject({ status: 202, body: { status: "withdrawn" } });
    const event = await receiveAsSqsEvent(t.local.clients.sqs, t.local.queues.departments.health?.url ?? "", {
      waitTimeSeconds: 0,
      maxMessages: 10,
    });
    const types = event.Records.map((r) => JSON.parse(r.body))
      .filter((m) => m.caseId === caseId)
      .map((m) => m.type);
    expect(types).toContain("TaskCancelled");
    expect(
      (await t.request("POST", `/v1/cases/${caseId}/withdraw`, submitted.claims, { reason: "again" })).status,
    ).toBe(409);
    expect(
      (await t.request("POST", `/v1/cases/${caseId}/withdraw`, submitted.claims, { reason: "" })).status,
    ).toBe(400);
  });
});

describe("logs", () => {
  it("carry case and item ids but never an applicant's ID number, name or phone", () => {
    const sample = t.log.lines.join("\n");
    expect(t.log.lines.length).toBeGreaterThan(10);
    expect(sample).toContain("caseId");
    expect(sample).not.toMatch(/\d{17}[\dX]/);
    expect(sample).not.toMatch(/1[3-9]\d{9}/);
  });
});

describe("every final state through the handlers", () => {
  /** Departments complete everything except what `refuse` names, which they reject. */
  async function runCase(caseId: string, refuse: Record<string, string>) {
    for (let round = 0; round < 15; round++) {
      let answered = 0;
      for (const dept of catalogue.departments.keys()) {
        for (const task of await t.takeTasks(dept, caseId)) {
          const reason = refuse[task.itemId];
          const body = reason
            ? { outcome: "rejected", reason }
            : { outcome: "completed", outputs: autoOutputs(itemOf(task.bundleId, task.itemId)) };
          expect(
            (await t.request("POST", `/v1/tasks/${task.taskToken}/result`, t.department(dept), body)).status,
          ).toBe(202);
          answered++;
        }
      }
      await t.drainOrchestrator();
      if (answered === 0) return;
    }
  }

  it("rejected: a fatal item refused ends the case and cancels the rest", async () => {
    const submitted = await t.submitSample("after-death-hospital-pensioner");
    const caseId = submitted.body.caseId as string;
    await runCase(caseId, { "death-certificate-hospital": "医院无该死亡记录" });
    const view = await caseOf(caseId, submitted.claims);
    expect(view.status).toBe("rejected");
    expect(view.items.find((i) => i.itemId === "death-certificate-hospital")).toMatchObject({
      status: "rejected",
      reason: "医院无该死亡记录",
    });
    expect(view.items.filter((i) => i.status === "pending" || i.status === "dispatched")).toEqual([]);
  });

  it("completed with exceptions: a bank refuses, everything else is done, and the report says so", async () => {
    const submitted = await t.submitSample("after-death-hospital-pensioner");
    const caseId = submitted.body.caseId as string;
    await runCase(caseId, { "asset-inquiry-banks": "继承人身份待核实" });
    const view = await caseOf(caseId, submitted.claims);
    expect(view.status).toBe("completed_with_exceptions");
    const report = view.items.find((i) => i.itemId === "asset-inquiry-report")?.outputs?.report;
    expect(report).toContainEqual({
      source: "asset-inquiry-banks",
      department: "banks",
      status: "rejected",
      note: "继承人身份待核实",
    });
  });
});

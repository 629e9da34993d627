import type { CaseView } from "@onething/contracts";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { autoOutputs } from "../support/outputs.ts";
import { catalogue, testPlatform } from "../support/platform.ts";

const t = await testPlatform({ name: "flow" });
const { platform, request, department } = t;
const sample = samplesFor("after-death").find((s) => s.id === "after-death-hospital-pensioner");
const citizen = t.citizenFor(String(sample?.application.applicant.idNumber));

/**
 * A second case, brought to a real stale attempt: household cancellation asked for a supplement on attempt 1, the
 * applicant supplied it, and attempt 2 is out at public security.
 */
async function caseAtAStaleAttempt() {
  const open = await t.submitAccepted("after-death-hospital-pensioner", "k-tokens");
  const openId = open.caseId;
  const [certificate] = await t.takeTasks("health", openId);
  const certificateItem = catalogue.bundle("after-death").items.find((i) => i.id === certificate?.itemId);
  if (!certificate || !certificateItem) throw new Error("no death certificate task");
  await request("POST", `/v1/tasks/${certificate.taskToken}/result`, department("health"), {
    outcome: "completed",
    outputs: autoOutputs(certificateItem),
  });
  await t.drainOrchestrator();
  const household = (await t.takeTasks("public-security", openId)).find(
    (task) => task.itemId === "household-cancellation",
  );
  if (!household) throw new Error("no household cancellation task");
  await request("POST", `/v1/tasks/${household.taskToken}/result`, department("public-security"), {
    outcome: "needs_supplement",
    reason: "户口簿照片不清晰",
    requested: [{ field: "householdBookletScan", description: "重新上传户口簿首页" }],
  });
  await t.drainOrchestrator();
  const supplied = await request("POST", `/v1/cases/${openId}/supplements`, citizen, {
    itemId: "household-cancellation",
    answers: { householdBookletScan: "upload://booklet.jpg" },
  });
  expect(supplied.status).toBe(202);
  const attempt2 = (await t.takeTasks("public-security", openId)).find(
    (task) => task.itemId === "household-cancellation",
  );
  return { openId, certificateItem, household, attempt2 };
}

/** What an answer could change: the case's version and items, its timeline, the orchestrator's queue. */
async function snapshot(id: string) {
  const stored = await t.store.getCase(id);
  return {
    version: stored?.version,
    items: Object.values(stored?.state.items ?? {}).map((i) => [i.itemId, i.status, i.attempt]),
    timeline: (await platform.timeline(id)).length,
  };
}

describe("a case through the handlers, on DynamoDB Local and the SQS emulator", () => {
  let caseId = "";

  it("refuses a bad application naming the field, and accepts a good one once per idempotency key", async () => {
    const body = { bundleId: "after-death", ...sample?.application };
    const bad = await request(
      "POST",
      "/v1/applications",
      citizen,
      { ...body, applicant: { ...body.applicant, idNumber: "330212194503020010" } },
      { "idempotency-key": "k0" },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("validation_failed");
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toContain("applicant.idNumber");

    const first = await request("POST", "/v1/applications", citizen, body, { "idempotency-key": "k1" });
    expect(first.status).toBe(202);
    caseId = first.body.caseId;
    expect(first.body.items).toContainEqual({
      itemId: "death-certificate-hospital",
      department: "health",
      status: "dispatched",
    });

    const again = await request("POST", "/v1/applications", citizen, body, { "idempotency-key": "k1" });
    expect(again.body.caseId).toBe(caseId);
    const other = await request(
      "POST",
      "/v1/applications",
      citizen,
      { ...body, answers: { ...body.answers, isVeteran: true } },
      { "idempotency-key": "k1" },
    );
    expect(other.status).toBe(409);
    const asSomeoneElse = await request(
      "POST",
      "/v1/applications",
      { ...citizen, id_number: "11010519491231002X" },
      body,
      { "idempotency-key": "k2" },
    );
    expect(asSomeoneElse.status).toBe(403);
  });

  it("runs to completion as departments answer over HTTP and the orchestrator consumes its queue", async () => {
    let answered = 0;
    for (let round = 0; round < 15; round++) {
      const n = await t.answerRound();
      answered += n;
      const view = await request("GET", `/v1/cases/${caseId}`, citizen);
      if (view.body.status === "completed") break;
    }
    const view = (await request("GET", `/v1/cases/${caseId}`, citizen)).body as CaseView;
    expect(view.status).toBe("completed");
    expect(answered).toBe(view.items.filter((i) => i.attempt > 0).length);
    expect(view.timeline.some((e) => e.kind === "case_closed")).toBe(true);
  });

  it("shows a department only its own items, and nobody else anything", async () => {
    const health = await request("GET", `/v1/cases/${caseId}`, department("health"));
    expect(health.status).toBe(200);
    expect(new Set((health.body as CaseView).items.map((i) => i.department))).toEqual(new Set(["health"]));
    expect((await request("GET", `/v1/cases/${caseId}`, department("education"))).status).toBe(403);
    expect(
      (await request("GET", `/v1/cases/${caseId}`, { ...citizen, id_number: "11010519491231002X" })).status,
    ).toBe(403);
    expect((await request("GET", `/v1/cases/${caseId}`, undefined)).status).toBe(401);
  });

  it("refuses forged, foreign and stale task tokens, and a closed case's, changing nothing", async () => {
    const { openId, certificateItem, household, attempt2 } = await caseAtAStaleAttempt();
    expect(attempt2?.attempt).toBe(2);

    const body = { outcome: "completed", outputs: autoOutputs(certificateItem) };
    const answer = (token: string, as: string) =>
      request("POST", `/v1/tasks/${token}/result`, department(as), body);
    const openBefore = await snapshot(openId);
    const closedBefore = await snapshot(caseId);
    expect(closedBefore.version).toBeGreaterThan(1);

    const current = attempt2?.taskToken ?? "";
    const forged = `${current.split(".")[0]}.${"A".repeat(43)}`;
    expect(await answer(forged, "public-security")).toMatchObject({
      status: 401,
      body: { error: "task_token_invalid" },
    });
    expect(await answer(current, "health")).toMatchObject({ status: 403, body: { error: "forbidden" } });
    // Both tokens' attempts were answered before: the stored answer decides first, so a different one is
    // `already_answered` whatever happened since (a first answer to a closed case: test/platform/answers).
    expect(await answer(household.taskToken, "public-security")).toMatchObject({
      status: 409,
      body: { error: "already_answered" },
    });
    const closedToken = platform.tokens.sign({
      caseId,
      itemId: "household-cancellation",
      department: "public-security",
      attempt: 1,
    });
    expect(await answer(closedToken, "public-security")).toMatchObject({
      status: 409,
      body: { error: "already_answered" },
    });

    expect(await t.drainOrchestrator()).toBe(0);
    expect(await snapshot(openId)).toEqual(openBefore);
    expect(await snapshot(caseId)).toEqual(closedBefore);
  });
});

describe("bad requests", () => {
  it("answers malformed and oversized bodies with a 4xx, never a 5xx", async () => {
    const malformed = await request("POST", "/v1/applications", citizen, "{not json", {
      "idempotency-key": "k3",
    });
    expect(malformed).toMatchObject({ status: 400, body: { error: "malformed_json" } });
    const huge = await request(
      "POST",
      "/v1/applications",
      citizen,
      { bundleId: "after-death", applicant: {}, answers: { x: "a".repeat(300_000) } },
      { "idempotency-key": "k4" },
    );
    expect(huge.status).toBe(413);
    const unknown = await request(
      "POST",
      "/v1/applications",
      citizen,
      { bundleId: "no-such", applicant: {}, answers: {} },
      { "idempotency-key": "k5" },
    );
    expect(unknown.status).toBe(404);
    const noKey = await request("POST", "/v1/applications", citizen, {
      bundleId: "after-death",
      applicant: {},
      answers: {},
    });
    expect(noKey.body.issues[0].path).toBe("headers.idempotency-key");
  });
});

import type { CaseView } from "@onething/contracts";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { autoOutputs } from "../support/outputs.ts";
import { catalogue, testPlatform } from "../support/platform.ts";

const t = await testPlatform({ name: "flow" });
const { platform, request, department } = t;
const sample = samplesFor("after-death").find((s) => s.id === "after-death-hospital-pensioner");
const citizen = t.citizenFor(String(sample?.application.applicant.idNumber));

/** Departments answer every task waiting on their queues over HTTP; the orchestrator then drains its queue. */
async function oneRound(): Promise<number> {
  let answered = 0;
  for (const id of catalogue.departments.keys()) {
    for (const task of await t.takeTasks(id)) {
      const item = catalogue.bundle(task.bundleId).items.find((i) => i.id === task.itemId);
      if (!item) throw new Error(`unknown item ${task.itemId}`);
      const r = await request("POST", `/v1/tasks/${task.taskToken}/result`, department(id), {
        outcome: "completed",
        outputs: autoOutputs(item),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      answered++;
    }
  }
  await t.drainOrchestrator();
  return answered;
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
      const n = await oneRound();
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

  it("refuses forged, foreign and stale task tokens, changing nothing", async () => {
    const token = platform.tokens.sign({
      caseId,
      itemId: "household-cancellation",
      department: "public-security",
      attempt: 1,
    });
    const forged = `${token.split(".")[0]}.${"A".repeat(43)}`;
    const body = { outcome: "completed", outputs: {} };
    expect(
      (await request("POST", `/v1/tasks/${forged}/result`, department("public-security"), body)).status,
    ).toBe(401);
    expect((await request("POST", `/v1/tasks/${token}/result`, department("health"), body)).status).toBe(403);
    expect(
      (await request("POST", `/v1/tasks/${token}/result`, department("public-security"), body)).status,
    ).toBe(409);
  });

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

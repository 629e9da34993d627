import { ForbiddenError, type Principal } from "@onething/auth";
import { describe, expect, it } from "vitest";
import {
  acceptTaskResult,
  departmentQueue,
  provideSupplement,
  RequestRefusedError,
  withdrawCase,
} from "../src/index.ts";
import { applicant, CERTIFICATE, NOW, taskFor, world } from "./world.ts";

const ask = {
  outcome: "needs_supplement",
  reason: "死亡医学证明编号无法核对",
  requested: [{ field: "deathCertificateScan", description: "请上传死亡医学证明扫描件" }],
};
const stranger: Principal = { role: "citizen", subject: "citizen-0000", idNumber: "11010519491231002X" };

/** A case whose death certificate waits for the applicant's supplement (attempt 1 asked for it). */
async function awaitingSupplement() {
  const w = world();
  const { caseId } = await w.submit();
  const task = taskFor(w.tasks("health"), CERTIFICATE);
  await acceptTaskResult(w.deps, task.taskToken, ask, { department: "health" }, NOW);
  await w.orchestrate();
  return { w, caseId };
}

describe("provideSupplement", () => {
  it("given a request for material, the applicant's supplement sends attempt 2 with it", async () => {
    const { w, caseId } = await awaitingSupplement();
    expect((await w.cases.getCase(caseId))?.state.status).toBe("awaiting_applicant");

    const supplied = await provideSupplement(
      w.deps,
      caseId,
      { itemId: CERTIFICATE, answers: { deathCertificateScan: "upload://certificate.jpg" } },
      applicant,
      NOW,
    );

    expect(supplied).toEqual({ caseId, status: "in_progress" });
    expect(taskFor(w.tasks("health"), CERTIFICATE)).toMatchObject({
      attempt: 2,
      supplement: { deathCertificateScan: "upload://certificate.jpg" },
    });
  });

  it("refuses a supplement missing what was asked (400), from someone else (403), and a second one (409)", async () => {
    const { w, caseId } = await awaitingSupplement();
    const supply = (answers: Record<string, unknown>, who: Principal = applicant) =>
      provideSupplement(w.deps, caseId, { itemId: CERTIFICATE, answers }, who, NOW).catch((e: unknown) => e);

    expect(await supply({})).toMatchObject({ kind: "invalid", code: "validation_failed" });
    expect(await supply({ deathCertificateScan: "upload://x.jpg" }, stranger)).toBeInstanceOf(ForbiddenError);
    await supply({ deathCertificateScan: "upload://x.jpg" });
    expect(await supply({ deathCertificateScan: "upload://x.jpg" })).toMatchObject({
      kind: "superseded",
      code: "nothing_requested",
    });
  });
});

describe("withdrawCase", () => {
  it("withdraws an open case and cancels its open tasks at their departments", async () => {
    const w = world();
    const { caseId } = await w.submit();
    w.tasks("health");

    const withdrawn = await withdrawCase(w.deps, caseId, { reason: "家属决定到窗口办理" }, applicant, NOW);

    expect(withdrawn).toEqual({ caseId, status: "withdrawn" });
    const cancelled = w.queues.take(departmentQueue("health")).map((m) => (m.body as { type: string }).type);
    expect(cancelled).toEqual(["TaskCancelled"]);
    expect((await w.cases.getCase(caseId))?.state.items[CERTIFICATE]?.status).toBe("cancelled");
  });

  it("refuses a final case (409 case_closed), another person (403) and an unknown case (404)", async () => {
    const w = world();
    const { caseId } = await w.submit();
    const withdraw = (id: string, who: Principal = applicant) =>
      withdrawCase(w.deps, id, { reason: "家属决定到窗口办理" }, who, NOW).catch((e: unknown) => e);

    expect(await withdraw(caseId, stranger)).toBeInstanceOf(ForbiddenError);
    await withdraw(caseId);
    const again = await withdraw(caseId);
    expect(again).toBeInstanceOf(RequestRefusedError);
    expect(again).toMatchObject({ kind: "superseded", status: 409, code: "case_closed" });
    expect(await withdraw("OT-NO-SUCH-CASE")).toMatchObject({ kind: "not_found", code: "unknown_case" });
  });
});

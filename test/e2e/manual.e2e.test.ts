/** Departments worked by hand through the CLI: a supplement loop, a withdrawal, a fatal rejection. */
import { describe, expect, it } from "vitest";
import {
  askForCertificateScan,
  type CaseJson,
  cli,
  cliJson,
  taskFor,
  usePlatform,
  waitForStatus,
} from "./support.ts";

const platform = await usePlatform(["--in-memory", "--no-simulate"]);
const dir = platform.dataDir;

describe("a department answering by hand", () => {
  it("asks for more material, the citizen supplies it, the department completes the new attempt", async () => {
    const { caseId } = await cliJson<{ caseId: string }>(dir, ["submit", "after-death", "--sample"]);
    const first = await askForCertificateScan(dir, caseId);
    const waiting = await waitForStatus(dir, caseId, ["awaiting_applicant"]);
    expect(waiting.items.find((i) => i.itemId === "death-certificate-hospital")?.status).toBe(
      "awaiting_supplement",
    );

    await cliJson(dir, [
      "supplement",
      caseId,
      "death-certificate-hospital",
      "--answer",
      "certificateScan=upload://cert.jpg",
    ]);
    const second = await taskFor(dir, "health", caseId, "death-certificate-hospital", 2);
    const stale = await cli(dir, ["answer", first.taskToken, "completed", "--auto"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/409/);
    await cliJson(dir, ["answer", second.taskToken, "completed", "--auto"]);
    const after = await cliJson<CaseJson>(dir, ["status", caseId]);
    for (
      let i = 0;
      i < 40 && after.items.find((x) => x.itemId === "death-certificate-hospital")?.status !== "completed";
      i++
    ) {
      await new Promise((r) => setTimeout(r, 500));
      Object.assign(after, await cliJson<CaseJson>(dir, ["status", caseId]));
    }
    expect(after.items.find((i) => i.itemId === "death-certificate-hospital")).toMatchObject({
      status: "completed",
      attempt: 2,
    });
    expect(after.items.find((i) => i.itemId === "household-cancellation")?.status).toBe("dispatched");
  });

  // Each test's case is about a deceased of its own: after-death allows one open case per deceased.
  it("a withdrawal cancels the open tasks and is refused once the case is final", async () => {
    const { caseId } = await cliJson<{ caseId: string }>(dir, [
      "submit",
      "after-death",
      "--sample",
      "--sample-id",
      "after-death-hospital-veteran-working-age",
    ]);
    await taskFor(dir, "health", caseId, "death-certificate-hospital");
    const withdrawn = await cliJson<{ result: { status: string } }>(dir, [
      "withdraw",
      caseId,
      "--reason",
      "家属改为窗口办理",
    ]);
    expect(withdrawn.result.status).toBe("withdrawn");
    const health = await cliJson<{
      cancelledTasks: { caseId: string }[];
      notices: { type: string; caseId: string }[];
    }>(dir, ["tasks", "health"]);
    expect(
      [...health.cancelledTasks, ...health.notices].filter((m) => m.caseId === caseId).length,
    ).toBeGreaterThan(0);
    const again = await cli(dir, ["withdraw", caseId, "--reason", "again"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/409/);
  });

  it("a fatal rejection rejects the case", async () => {
    const { caseId } = await cliJson<{ caseId: string }>(dir, [
      "submit",
      "after-death",
      "--sample",
      "--sample-id",
      "after-death-home-dibao-disabled",
    ]);
    const task = await taskFor(dir, "public-security", caseId, "death-certificate-police");
    await cliJson(dir, ["answer", task.taskToken, "rejected", "--reason", "无该死亡记录"]);
    const rejected = await waitForStatus(dir, caseId, ["rejected"]);
    expect(rejected.items.find((i) => i.itemId === "death-certificate-police")?.status).toBe("rejected");
  });
});

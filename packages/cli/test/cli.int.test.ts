import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDevIssuer } from "@onething/auth";
import type { CaseView } from "@onething/contracts";
import { type RunningPlatform, startLocalPlatform } from "@onething/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MAIN = path.resolve(import.meta.dirname, "../src/main.ts");
const MANUAL = "health";

let platform: RunningPlatform;
let dataDir: string;

/**
 * `node packages/cli/src/main.ts …` as a child process. Asynchronous on purpose: the platform runs in this
 * process, and a synchronous spawn would stop it from answering.
 */
function onething(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { env: { ...process.env, ONETHING_DATA_DIR: dataDir, ONETHING_URL: "" }, timeout: 180_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, out: stdout, err: stderr });
      },
    );
  });
}

const json = async <T = Record<string, unknown>>(...args: string[]): Promise<T> => {
  const r = await onething(...args, "--json");
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "onething-cli-int-"));
  platform = await startLocalPlatform({
    dataDir,
    inMemory: true,
    // Deadlines must fall inside the published working-day calendar, whatever day CI runs on.
    startAt: new Date("2026-03-02T09:00:00+08:00"),
    port: 0,
    // Every department answers itself within 0.1 s, but one: the test (the CLI) acts as it.
    simulate: { [MANUAL]: false },
    simulation: { delayMs: { min: 10, max: 100 }, rejectRate: 0.05, supplementRate: 0.1 },
    output: false,
    pollWaitSeconds: 1,
  });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** The CLI as the manual department: answers every task waiting for it (completed, placeholder outputs). */
async function answerManualTasks(): Promise<number> {
  // Notices (a cancelled task) are deleted as read, as the department's system would once it has taken note.
  const listing = await json<{ tasks: { taskToken: string }[] }>(
    "tasks",
    MANUAL,
    "--wait",
    "0",
    "--ack-notices",
  );
  for (const task of listing.tasks) {
    const r = await onething("answer", task.taskToken, "completed", "--auto");
    // Refused as stale (409) only if another round answered it first.
    if (r.code !== 0) expect(r.err).toMatch(/^onething: 409 /);
  }
  return listing.tasks.length;
}

/** The case the tests below follow, from submission to its final status. */
let caseId = "";

describe("the onething CLI against the running local platform: tokens and a citizen's case", () => {
  it("mints dev tokens the platform's issuer accepts", async () => {
    const r = await onething("token", "operator");
    expect(r.code).toBe(0);
    const secrets = JSON.parse(readFileSync(path.join(dataDir, "dev-secrets.json"), "utf8"));
    const claims = await createDevIssuer(secrets.devIssuerSecret).verify(r.out.trim());
    expect(claims).toMatchObject({ role: "operator" });
    const response = await fetch(`${platform.url}/v1/ops/summary`, {
      headers: { authorization: `Bearer ${r.out.trim()}` },
    });
    expect(response.status).toBe(200);
  });

  it("submits a sample as its applicant and shows it fanned out", async () => {
    const r = await onething("submit", "after-death", "--sample");
    expect(r.code, r.err).toBe(0);
    const match =
      /^Submitted case (\S+) \(after-death, sample after-death-hospital-pensioner\) as citizen 330212\*{8}0134: in_progress/.exec(
        r.out,
      );
    expect(match).not.toBeNull();
    caseId = match?.[1] ?? "";
    expect(r.out).toMatch(/居民死亡医学证明.*health\s+dispatched/);

    const status = await onething("status", caseId, "--timeline", "3");
    expect(status.code, status.err).toBe(0);
    expect(status.out).toMatch(new RegExp(`^Case ${caseId} · 身后一件事 After a death \\(after-death v1\\)`));
    expect(status.out).toMatch(
      /居民死亡医学证明.*health\s+\S+\s+dispatched 办理中\s+1\s+\d{4}-\d\d-\d\d \d\d:\d\d/,
    );
    expect(status.out).toMatch(/Timeline \(last 3 of \d+\):/);
  });
});

describe("the onething CLI as the manual department", () => {
  it("lists the manual department's queue ten times without receiving: the task stays, out of the DLQ", async () => {
    type Listing = { tasks: { caseId: string; receiveCount: number }[]; queue: { visible: number } };
    for (let i = 0; i < 10; i++) {
      const listing = await json<Listing>("tasks", MANUAL, "--wait", "0");
      expect(listing.tasks.filter((t) => t.caseId === caseId)).toHaveLength(1);
    }
    const last = await onething("tasks", MANUAL, "--wait", "0");
    expect(last.code, last.err).toBe(0);
    expect(last.out).not.toMatch(/dead-letter|times:/);
    const listing = await json<Listing>("tasks", MANUAL, "--wait", "0");
    // Never received (a receive would also have hidden it from the listing that followed).
    expect(listing.tasks.find((t) => t.caseId === caseId)?.receiveCount).toBe(0);
    const dlq = await json<{ total: number }>("dlq", "list");
    expect(dlq.total).toBe(0);
  }, 60_000);

  it("acts as the manual department: lists its task, answers it, and takes it off the queue", async () => {
    const listing = await json<{
      tasks: { caseId: string; itemId: string; taskToken: string; inputs: unknown }[];
    }>("tasks", MANUAL);
    const task = listing.tasks.find((t) => t.caseId === caseId);
    expect(task).toMatchObject({ itemId: "death-certificate-hospital" });
    expect(task?.inputs).toMatchObject({ fields: { "answers.hospitalName": "宁波市第一医院" } });

    const answer = await onething(
      "answer",
      task?.taskToken ?? "",
      "completed",
      "--output",
      "certificateNumber=SW-2026-0001",
    );
    expect(answer.code, answer.err).toBe(0);
    expect(answer.out).toContain(`Removed the task's message from the ${MANUAL} queue.`);
    const after = await json<{ tasks: { caseId: string }[] }>("tasks", MANUAL, "--wait", "0");
    expect(after.tasks.filter((t) => t.caseId === caseId)).toEqual([]);

    const again = await onething(
      "answer",
      task?.taskToken ?? "",
      "completed",
      "--output",
      "certificateNumber=X",
    );
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^onething: 409 \w+: /);
  });

  it("follows the case to a final status, the department's outputs in the table", async () => {
    let view: CaseView | undefined;
    for (let round = 0; round < 60; round++) {
      await answerManualTasks();
      view = await json<CaseView>("status", caseId);
      if (!["in_progress", "awaiting_applicant"].includes(view.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(["completed", "completed_with_exceptions", "rejected"]).toContain(view?.status);
    const text = await onething("status", caseId, "--lang", "en");
    expect(text.out).toMatch(/Death medical certificate.*completed\s+1\s+certificateNumber=SW-2026-0001/);
  }, 90_000);
});

describe("the onething CLI as an operator, and under load", () => {
  it("lists the case among its bundle's cases as an operator", async () => {
    const page = await json<{ cases: { caseId: string }[] }>(
      "cases",
      "--bundle",
      "after-death",
      "--limit",
      "100",
    );
    expect(page.cases.map((c) => c.caseId)).toContain(caseId);
    const text = await onething("cases", "--bundle", "after-death");
    expect(text.out).toMatch(new RegExp(`${caseId}\\s+after-death\\s+\\w+`));
    expect((await onething("cases", "--status", "nonsense")).code).toBe(2);
  });

  it("runs a mixed load of 10 cases at 5/s to the end and reports on it", async () => {
    let loadDone = false;
    const department = (async () => {
      while (!loadDone) {
        await answerManualTasks();
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    const r = await onething(
      "load",
      "--cases",
      "10",
      "--rate",
      "5",
      "--timeout",
      "120",
      "--seed",
      "7",
      "--json",
    );
    loadDone = true;
    await department;
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ cases: 10, submitted: 10, submitFailed: 0, final: 10, timedOut: false });
    // Paced: never faster than offered (how much slower depends on the machine; speed is measured in the bench).
    expect(report.submissionsPerSecond).toBeGreaterThan(0);
    expect(report.submissionsPerSecond).toBeLessThan(7);
    expect(report.finishedPerSecond).toBeGreaterThan(0);
    expect(report.toLastDispatch.count).toBe(10);
    expect(report.toLastDispatch.p95Ms).toBeGreaterThanOrEqual(report.toLastDispatch.p50Ms);
    expect(report.toFinal.p50Ms).toBeGreaterThanOrEqual(report.toLastDispatch.p50Ms);
    const outcomes = Object.entries(report.outcomes as Record<string, number>);
    expect(outcomes.reduce((n, [, v]) => n + v, 0)).toBe(10);
    for (const [status] of outcomes) {
      expect(["completed", "completed_with_exceptions", "rejected", "withdrawn"]).toContain(status);
    }
  }, 180_000);

  it("finds no dead letters", async () => {
    const r = await onething("dlq", "list");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^All \d+ dead-letter queues are empty\./);
  });
});

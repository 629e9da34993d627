import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AlreadyRunningError,
  DEV_SECRETS_FILE,
  PortInUseError,
  RUNTIME_FILE,
  type RunningPlatform,
  readRuntimeFile,
  startLocalPlatform,
} from "@onething/local";
import { isProcessAlive } from "@onething/local/data-dir";
import { type SampleApplication, samples } from "@onething/seeds/samples";
import { afterAll, describe, expect, it } from "vitest";

/** Deadlines must fall inside the published working-day calendar, whatever day CI runs on. */
const PLATFORM_START = new Date("2026-03-02T09:00:00+08:00");

const FINAL = ["completed", "completed_with_exceptions", "rejected", "withdrawn"];
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "onething-local-"));
  dirs.push(dir);
  return dir;
}

/** Who files a sample: a clerk at the counter, else the citizen (or organisation account) it names. */
function filerClaims(sample: SampleApplication): Record<string, unknown> & { sub: string; role: string } {
  const applicant = sample.application.applicant as Record<string, string | undefined>;
  if (sample.channel === "counter") return { role: "clerk", sub: "clerk-shounan", office: "330212003" };
  return {
    role: "citizen",
    sub: `citizen-${sample.id}`,
    id_number: applicant.idNumber ?? applicant.legalRepresentativeIdNumber ?? "110101199003074514",
    ...(applicant.uscc ? { uscc: applicant.uscc } : {}),
  };
}

async function submit(platform: RunningPlatform, sample: SampleApplication, key: string) {
  const token = await platform.token(filerClaims(sample));
  const response = await fetch(`${platform.url}/v1/applications`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ bundleId: sample.bundleId, ...sample.application }),
  });
  const body = (await response.json()) as { caseId: string; status: string };
  expect(response.status, JSON.stringify(body)).toBe(202);
  return { caseId: body.caseId, token };
}

async function statusOf(platform: RunningPlatform, caseId: string, token: string): Promise<string> {
  const response = await fetch(`${platform.url}/v1/cases/${caseId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { status: string }).status;
}

async function untilFinal(
  platform: RunningPlatform,
  cases: { caseId: string; token: string }[],
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  let statuses: string[] = [];
  while (Date.now() < deadline) {
    statuses = await Promise.all(cases.map((c) => statusOf(platform, c.caseId, c.token)));
    if (statuses.every((s) => FINAL.includes(s))) return statuses;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`cases not final in time: ${statuses.join(", ")}`);
}

const runtimeLike = {
  url: "http://localhost:3000",
  startedAt: "2026-03-02T02:00:00.000Z",
  dataDir: "/tmp/x",
  inMemory: true,
  timeScale: 1,
  dynamoEndpoint: "http://127.0.0.1:1",
  sqsEndpoint: "http://127.0.0.1:2",
  tableName: "onething-table",
  queues: {
    orchestrator: { url: "u", deadLetterUrl: "d" },
    results: { url: "u", deadLetterUrl: "d" },
    events: { url: "u", deadLetterUrl: "d" },
    departments: {},
    departmentDeadLetters: {},
  },
  simulatedDepartments: [],
};

const afterDeathOnline = samples.find((s) => s.bundleId === "after-death" && s.channel === "online");

describe("startLocalPlatform", () => {
  it("refuses a taken port with one line naming the flag, before starting anything", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const attempt = startLocalPlatform({ port, dataDir: tempDataDir(), output: false });
      await expect(attempt).rejects.toThrow(PortInUseError);
      await expect(attempt).rejects.toThrow(`port ${port} is in use`);
      await expect(attempt).rejects.toThrow(`pass --port ${port + 1}`);
      await expect(
        startLocalPlatform({ port: 0, dynamoPort: port, dataDir: tempDataDir(), output: false }),
      ).rejects.toThrow("--dynamo-port");
    } finally {
      blocker.close();
    }
  });

  it("refuses a data directory another running platform uses", async () => {
    const dataDir = tempDataDir();
    writeFileSync(join(dataDir, RUNTIME_FILE), JSON.stringify({ ...runtimeLike, pid: process.pid }));
    await expect(startLocalPlatform({ port: 0, dataDir, output: false })).rejects.toThrow(
      AlreadyRunningError,
    );
  });

  it("runs a case end to end over real HTTP, then stops every process", async () => {
    if (!afterDeathOnline) throw new Error("no online after-death sample");
    const dataDir = tempDataDir();
    const lines: string[] = [];
    const platform = await startLocalPlatform({
      inMemory: true,
      port: 0,
      dataDir,
      timeScale: 1,
      startAt: PLATFORM_START,
      simulation: { delayMs: [0, 50], rejectRate: 0, supplementRate: 0.3, seed: "e2e" },
      output: false,
      log: (line) => lines.push(line),
    });
    try {
      expect(platform.dynamoPid).toBeDefined();
      expect(isProcessAlive(platform.dynamoPid ?? 0)).toBe(true);
      expect(readRuntimeFile(dataDir)).toMatchObject({ pid: process.pid, url: platform.url });
      expect(statSync(join(dataDir, DEV_SECRETS_FILE)).mode & 0o777).toBe(0o600);

      // The gateway: public catalogue, 401 without a token, the index page.
      expect((await fetch(`${platform.url}/v1/bundles`)).status).toBe(200);
      const anonymous = await fetch(`${platform.url}/v1/ops/summary`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: "unauthenticated" });
      expect(await (await fetch(`${platform.url}/`)).text()).toContain("/v1/openapi.json");

      const submitted = await submit(platform, afterDeathOnline, "e2e-1");
      const [status] = await untilFinal(platform, [submitted], 30_000);
      expect(["completed", "completed_with_exceptions"]).toContain(status);

      const stats = await platform.stats();
      expect(stats.cases).toMatchObject({ submitted: 1, finished: 1, itemsOpen: 0 });
      expect(stats.simulation?.answers.completed).toBeGreaterThan(0);
      expect(stats.pollers.find((p) => p.name === "orchestrator")?.succeeded).toBeGreaterThan(0);
      expect(lines.filter((line) => line.includes('"level":"ERROR"'))).toEqual([]);
    } finally {
      await platform.stop();
    }
    await expect(platform.stop()).resolves.toBeUndefined();
    expect(isProcessAlive(platform.dynamoPid ?? 0)).toBe(false);
    expect(existsSync(join(dataDir, RUNTIME_FILE))).toBe(false);
  });

  it("loses nothing across a restart: persisted queues, open tasks re-sent (deduped), every case finishes", async () => {
    const dataDir = tempDataDir();
    // Deadlines must fall inside the published working-day calendar, whatever day CI runs on.
    const quiet = { output: false as const, log: () => {}, port: 0, dataDir, startAt: PLATFORM_START };
    const first = await startLocalPlatform({ ...quiet, simulate: false });
    // Not a case that waits for a life event (an expecting couple's): nothing sends it here.
    const five = samples.filter((s) => s.channel === "online" && s.waitsFor === undefined).slice(0, 5);
    const cases: { caseId: string; token: string }[] = [];
    try {
      for (const [i, sample] of five.entries()) cases.push(await submit(first, sample, `restart-${i}`));
      expect((await first.stats()).cases).toMatchObject({ submitted: 5, finished: 0 });
    } finally {
      await first.stop();
    }
    expect(isProcessAlive(first.dynamoPid ?? 0)).toBe(false);

    const second = await startLocalPlatform({
      ...quiet,
      simulation: { delayMs: [0, 50], rejectRate: 0.05, supplementRate: 0.1, seed: "restart" },
    });
    try {
      const stats = await second.stats();
      expect(stats.cases.submitted).toBe(5);
      expect(stats.recovery?.resent).toBeGreaterThanOrEqual(5);
      const statuses = await untilFinal(second, cases, 45_000);
      expect(statuses).toHaveLength(5);
    } finally {
      await second.stop();
    }
    expect(isProcessAlive(second.dynamoPid ?? 0)).toBe(false);
    // Two starts, two stops and up to 45 s waiting for the cases: above the default 30 s on a busy machine.
  }, 90_000);
});

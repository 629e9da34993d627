import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "@onething/local-services";
import { afterAll, expect } from "vitest";

const REPO = resolve(import.meta.dirname, "..", "..");
const CLI = join(REPO, "packages", "cli", "src", "main.ts");
const PLATFORM_START = "2026-03-02T09:00:00+08:00";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `onething <args>` as a user would, in its own process, with this platform's data dir. */
export function cli(dataDir: string, args: string[], timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [CLI, ...args, "--data-dir", dataDir], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", fail);
    child.once("exit", (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr });
    });
  });
}

/** `onething <args> --json`, failing the test unless it exits 0; returns the parsed JSON. */
export async function cliJson<T = Record<string, unknown>>(dataDir: string, args: string[]): Promise<T> {
  const r = await cli(dataDir, [...args, "--json"]);
  expect(r.code, `onething ${args.join(" ")}\n${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}

export interface RunningCli {
  url: string;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  /** Ctrl-C, as a user would: resolves with the exit code once the process (and its children) are gone. */
  stop(): Promise<number | null>;
}

/** `onething start <args>` in its own process; resolves once the API answers. */
export async function startPlatform(
  args: string[],
  dataDir = mkdtempSync(join(tmpdir(), "onething-e2e-")),
): Promise<RunningCli> {
  const port = await freePort();
  // Platform time starts at a fixed moment unless the test names one, so the dates a test sees (and the
  // screenshots) do not depend on the day it runs; tests of the year boundary pass their own `--start-at`.
  const startAt = args.includes("--start-at") ? [] : ["--start-at", PLATFORM_START];
  const child = spawn(
    process.execPath,
    [CLI, "start", "--port", String(port), "--data-dir", dataDir, ...startAt, ...args],
    {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`onething start exited ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok && readRuntime(dataDir)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`onething start did not answer within 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const exited = new Promise<number | null>((ok) => child.once("exit", (code) => ok(code)));
  return {
    url,
    dataDir,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGINT");
      return exited;
    },
  };
}

/** `startPlatform` for a whole test file: stopped, and its data directory removed, after the file's tests. */
export async function usePlatform(args: string[]): Promise<RunningCli> {
  const platform = await startPlatform(args);
  afterAll(async () => {
    await platform.stop();
    removeDataDir(platform.dataDir);
  });
  return platform;
}

export function removeDataDir(dir: string): void {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

export interface CaseJson {
  caseId: string;
  status: string;
  items: { itemId: string; department: string; status: string; attempt: number; overdue: boolean }[];
  timeline: { kind: string; itemId?: string }[];
}

/** Polls `onething status <caseId> --json` until the case is in one of `statuses` (bounded). */
export async function waitForStatus(
  dataDir: string,
  caseId: string,
  statuses: string[],
  timeoutMs = 120_000,
  as?: string,
) {
  const deadline = Date.now() + timeoutMs;
  let last: CaseJson | undefined;
  while (Date.now() < deadline) {
    last = await cliJson<CaseJson>(dataDir, ["status", caseId, ...(as ? ["--as", as] : [])]);
    if (statuses.includes(last.status)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`case ${caseId} is ${last?.status}, not ${statuses.join("/")}, after ${timeoutMs} ms`);
}

export function readRuntime(dataDir: string): { pid: number } | undefined {
  const file = join(dataDir, "runtime.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { pid: number }) : undefined;
}

/** A department played by hand through the CLI: its task as `onething tasks --json` lists it. */
export interface TaskJson {
  caseId: string;
  itemId: string;
  attempt: number;
  taskToken: string;
}

/** Waits until the department's queue holds this case's task for the item at this attempt. */
export async function taskFor(
  dataDir: string,
  department: string,
  caseId: string,
  itemId: string,
  attempt = 1,
): Promise<TaskJson> {
  for (let i = 0; i < 120; i++) {
    const listed = await cliJson<{ tasks: TaskJson[] }>(dataDir, ["tasks", department]);
    const task = listed.tasks.find(
      (t) => t.caseId === caseId && t.itemId === itemId && t.attempt === attempt,
    );
    if (task) return task;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no task ${itemId}#${attempt} for ${caseId} on ${department}`);
}

/** 卫健 answers the after-death case's first hospital task: send the original certificate (one field, `certificateScan`). */
export async function askForCertificateScan(dataDir: string, caseId: string): Promise<TaskJson> {
  const task = await taskFor(dataDir, "health", caseId, "death-certificate-hospital");
  await cliJson(dataDir, [
    "answer",
    task.taskToken,
    "needs-supplement",
    "--reason",
    CERTIFICATE_SCAN_REASON,
    "--request",
    `certificateScan:${CERTIFICATE_SCAN_REASON}`,
  ]);
  return task;
}
export const CERTIFICATE_SCAN_REASON = "请补充死亡医学证明原件照片";

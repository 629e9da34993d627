import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CaseView } from "@onething/contracts";
import type { RuntimeFile } from "@onething/local/data-dir";
import { afterAll, afterEach } from "vitest";
import { type RunOptions, run } from "../src/cli.ts";
import type { Io } from "../src/context.ts";

export const ISSUER_SECRET = "i".repeat(64);
export const TASK_TOKEN_SECRET = "t".repeat(64);
export const FAKE_URL = "http://platform.test";
const SQS_TEST = "http://sqs.test/000000000000";

const dirs: string[] = [];
const fileDirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterAll(() => {
  for (const dir of fileDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The cases recorded in a data directory's case book (`cli-cases.json`). */
export const caseBook = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, "cli-cases.json"), "utf8")).cases;

/**
 * A temporary data directory with the platform's files unless told otherwise; removed after the test, or after
 * the file's tests with `for: "file"` (tests that follow each other on one platform).
 */
export function dataDir(
  options: { secrets?: boolean; runtime?: Record<string, unknown> | false; for?: "test" | "file" } = {},
): string {
  const dir = mkdtempSync(path.join(tmpdir(), "onething-cli-"));
  (options.for === "file" ? fileDirs : dirs).push(dir);
  if (options.secrets !== false) {
    writeFileSync(
      path.join(dir, "dev-secrets.json"),
      JSON.stringify({
        devIssuerSecret: ISSUER_SECRET,
        taskTokenSecret: TASK_TOKEN_SECRET,
        createdAt: "2026-03-02T00:00:00Z",
      }),
    );
  }
  if (options.runtime !== false) {
    writeFileSync(
      path.join(dir, "runtime.json"),
      JSON.stringify({
        pid: process.pid,
        url: FAKE_URL,
        startedAt: "2026-03-02T00:00:00.000Z",
        dataDir: dir,
        inMemory: true,
        timeScale: 1,
        dynamoEndpoint: "http://127.0.0.1:1",
        sqsEndpoint: "http://127.0.0.1:1",
        tableName: "onething",
        queues: {
          orchestrator: {
            url: `${SQS_TEST}/onething-orchestrator.fifo`,
            deadLetterUrl: `${SQS_TEST}/dlq.fifo`,
          },
          results: { url: `${SQS_TEST}/onething-results`, deadLetterUrl: `${SQS_TEST}/onething-results-dlq` },
          events: { url: `${SQS_TEST}/onething-events`, deadLetterUrl: `${SQS_TEST}/onething-events-dlq` },
          departments: { health: `${SQS_TEST}/onething-dept-health` },
          departmentDeadLetters: { health: `${SQS_TEST}/onething-dept-health-dlq` },
        },
        simulatedDepartments: [],
        ...options.runtime,
      } satisfies RuntimeFile),
    );
  }
  return dir;
}

export interface Captured {
  code: number;
  out: string;
  err: string;
}

export function captureIo(): Io & { text: () => { out: string; err: string } } {
  let out = "";
  let err = "";
  return {
    out: (t) => {
      out += t.endsWith("\n") ? t : `${t}\n`;
    },
    err: (t) => {
      err += t.endsWith("\n") ? t : `${t}\n`;
    },
    text: () => ({ out, err }),
  };
}

/** Runs the CLI in this process with captured output. */
export async function cli(argv: readonly string[], context: RunOptions["context"] = {}): Promise<Captured> {
  const io = captureIo();
  // Sleeping is skipped, but still yields to the event loop (a body read may need a macrotask).
  const sleep = () => new Promise<void>((resolve) => setImmediate(resolve));
  const code = await run(argv, { io, context: { sleep, ...context } });
  return { code, ...io.text() };
}

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that answers from `routes` (`"GET /v1/…"` → status and body) and records every request. */
export function fakeFetch(
  routes: Record<
    string,
    { status?: number; body?: unknown } | ((r: RecordedRequest) => { status?: number; body?: unknown })
  >,
) {
  const requests: RecordedRequest[] = [];
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const request: RecordedRequest = {
      method: init.method ?? "GET",
      url,
      headers: Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>)),
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const route = routes[`${request.method} ${url.pathname}`];
    if (!route)
      return new Response(JSON.stringify({ error: "not_found", message: `no route ${url.pathname}` }), {
        status: 404,
      });
    const answer = typeof route === "function" ? route(request) : route;
    return new Response(answer.body === undefined ? "" : JSON.stringify(answer.body), {
      status: answer.status ?? 200,
    });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

/** The claims of a bearer token (payload only; signature checked separately where it matters). */
export function claimsOf(authorization: string | undefined): Record<string, unknown> {
  const token = (authorization ?? "").replace(/^Bearer /, "");
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}

/** A case view as GET /v1/cases/{id} returns it: one item of each interesting kind. */
export function sampleCaseView(overrides: Partial<CaseView> = {}): CaseView {
  return {
    caseId: "OT-20260302-ABC",
    bundleId: "after-death",
    bundleVersion: 1,
    status: "awaiting_applicant",
    channel: "online",
    submittedAt: "2026-03-02T02:00:00.000Z",
    updatedAt: "2026-03-02T02:05:00.000Z",
    items: [
      {
        itemId: "death-certificate-hospital",
        name: {
          zh: "居民死亡医学证明（医疗机构出具）",
          en: "Death medical certificate (issued by the hospital)",
        },
        department: "health",
        status: "completed",
        attempt: 1,
        overdue: false,
        outputs: { certificateNumber: "SW-2026-0001" },
      },
      {
        itemId: "household-cancellation",
        name: { zh: "户口注销", en: "Household-registration cancellation" },
        department: "public-security",
        status: "dispatched",
        attempt: 1,
        overdue: true,
        dueAt: "2026-03-04T16:00:00.000Z",
      },
      {
        itemId: "funeral-subsidy",
        name: { zh: "惠民殡葬补贴", en: "Funeral subsidy" },
        department: "civil-affairs",
        status: "awaiting_supplement",
        attempt: 1,
        overdue: false,
        reason: "缺少火化证明",
        requested: [{ field: "cremationProof", description: "火化证明扫描件" }],
      },
      {
        itemId: "funeral-grant-survivor-pension",
        name: { zh: "丧葬补助金、抚恤金申领", en: "Funeral grant and survivor pension" },
        department: "human-resources-social-security",
        status: "rejected",
        attempt: 1,
        overdue: false,
        reason: "不符合办理条件",
      },
      {
        itemId: "driving-licence-cancellation",
        name: { zh: "机动车驾驶证注销", en: "Cancel the driving licence" },
        department: "traffic-police",
        status: "skipped",
        attempt: 0,
        overdue: false,
        skipReason: "condition_false",
      },
    ],
    timeline: [
      {
        entryId: "submit#1",
        at: "2026-03-02T02:00:00.000Z",
        kind: "case_submitted",
        detail: "after-death v1 via online",
      },
      {
        entryId: "submit#2",
        at: "2026-03-02T02:00:00.100Z",
        kind: "item_dispatched",
        itemId: "death-certificate-hospital",
        department: "health",
        attempt: 1,
      },
      {
        entryId: "r#1",
        at: "2026-03-02T02:03:00.000Z",
        kind: "item_dispatched",
        itemId: "household-cancellation",
        department: "public-security",
        attempt: 1,
      },
      {
        entryId: "r#2",
        at: "2026-03-02T02:05:00.000Z",
        kind: "supplement_requested",
        itemId: "funeral-subsidy",
        department: "civil-affairs",
        attempt: 1,
        detail: "缺少火化证明",
      },
    ],
    ...overrides,
  };
}

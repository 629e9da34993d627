import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createTaskTokens } from "@onething/auth";
import type { CaseView, TaskDispatchedMessage } from "@onething/contracts";
import { PortInUseError } from "@onething/local/errors";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { recordCases } from "../src/case-book.ts";
import { taskLines } from "../src/commands/department/tasks.ts";
import type { Context } from "../src/context.ts";
import { claimsOf, cli, dataDir, FAKE_URL, fakeFetch, sampleCaseView, TASK_TOKEN_SECRET } from "./support.ts";

const pensioner = samplesFor("after-death").find((s) => s.id === "after-death-hospital-pensioner");
if (!pensioner) throw new Error("sample missing");
const pensionerId = String(pensioner.application.applicant.idNumber);

const accepted = (caseId: string) => ({
  status: 202,
  body: {
    caseId,
    status: "in_progress",
    items: [
      { itemId: "death-certificate-hospital", department: "health", status: "dispatched" },
      { itemId: "death-certificate-police", department: "public-security", status: "skipped" },
      { itemId: "household-cancellation", department: "public-security", status: "pending" },
    ],
  },
});

const caseBook = (dir: string) => JSON.parse(readFileSync(path.join(dir, "cli-cases.json"), "utf8")).cases;

describe("submit", () => {
  it("files a sample as its applicant, with an idempotency key, and remembers who applied", async () => {
    const dir = dataDir();
    const api = fakeFetch({ "POST /v1/applications": accepted("OT-1") });
    const r = await cli(["submit", "after-death", "--sample", "--data-dir", dir], { fetch: api.fetch });
    expect(r.code).toBe(0);
    const [request] = api.requests;
    expect(request?.url.href).toBe(`${FAKE_URL}/v1/applications`);
    expect(request?.body).toEqual({ bundleId: "after-death", ...pensioner.application });
    expect(request?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(claimsOf(request?.headers.authorization)).toMatchObject({
      role: "citizen",
      id_number: pensionerId,
    });
    expect(r.out).toMatch(
      /^Submitted case OT-1 \(after-death, sample after-death-hospital-pensioner\) as citizen 330212\*{8}0134: in_progress, items 1 dispatched, 1 skipped, 1 pending/,
    );
    // The applicant's ID number is masked on screen, and the case book that keeps it is the owner's only.
    expect(r.out).not.toContain(pensionerId);
    expect(r.err).not.toContain(pensionerId);
    expect(statSync(path.join(dir, "cli-cases.json")).mode & 0o777).toBe(0o600);
    expect(r.out).toMatch(/居民死亡医学证明.*health\s+dispatched/);
    expect(r.out).toContain("next: npx onething status OT-1");
    expect(caseBook(dir)["OT-1"]).toMatchObject({
      bundleId: "after-death",
      sample: "after-death-hospital-pensioner",
      as: { role: "citizen", idNumber: pensionerId },
    });
  });

  it("files at the counter with --as-clerk, the applicant still remembered as the case's owner", async () => {
    const dir = dataDir();
    const api = fakeFetch({ "POST /v1/applications": accepted("OT-2") });
    const r = await cli(
      [
        "submit",
        "social-assistance",
        "--sample",
        "--as-clerk",
        "王芳",
        "--town",
        "东吴镇",
        "--data-dir",
        dir,
        "--json",
      ],
      { fetch: api.fetch },
    );
    expect(r.code).toBe(0);
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({ role: "clerk", town: "东吴镇" });
    expect(JSON.parse(r.out)).toMatchObject({ caseId: "OT-2", as: { role: "clerk", name: "王芳" } });
    expect(caseBook(dir)["OT-2"]).toMatchObject({
      as: { role: "citizen" },
      filedBy: { role: "clerk", name: "王芳" },
    });
  });

  it("shows the API's refusal with its code and the fields it names", async () => {
    const api = fakeFetch({
      "POST /v1/applications": {
        status: 400,
        body: {
          error: "validation_failed",
          message: "2 fields are invalid",
          issues: [
            {
              path: "applicant.idNumber",
              message: "check character must be 4 (GB 11643)",
              code: "id_number_check_char",
              params: { expected: "4" },
            },
            { path: "answers.deathPlace", message: "is required", code: "required" },
          ],
        },
      },
    });
    const r = await cli(["submit", "after-death", "--sample", "--data-dir", dataDir()], { fetch: api.fetch });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "onething: 400 validation_failed: 2 fields are invalid — applicant.idNumber check character must be 4 (GB 11643); answers.deathPlace is required\n",
    );
  });

  it("needs exactly one of --sample and --file, and a known bundle", async () => {
    expect((await cli(["submit", "after-death", "--data-dir", dataDir()])).err).toMatch(
      /give either --sample or --file/,
    );
    const unknown = await cli(["submit", "moving-house", "--sample", "--data-dir", dataDir()]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^onething: unknown bundle 'moving-house' \(one of: after-death/);
  });
});

describe("status", () => {
  it("reads the case as the applicant recorded at submission and prints the table", async () => {
    const dir = dataDir();
    const api = fakeFetch({
      "POST /v1/applications": accepted("OT-20260302-ABC"),
      "GET /v1/cases/OT-20260302-ABC": { body: sampleCaseView() },
    });
    await cli(["submit", "after-death", "--sample", "--data-dir", dir], { fetch: api.fetch });
    const r = await cli(["status", "OT-20260302-ABC", "--data-dir", dir], { fetch: api.fetch });
    expect(r.code).toBe(0);
    expect(claimsOf(api.requests[1]?.headers.authorization)).toMatchObject({
      role: "citizen",
      id_number: pensionerId,
    });
    expect(r.out).toMatch(/^Case OT-20260302-ABC · 身后一件事 After a death/);
    expect(r.out).toMatch(/户口注销.*public-security\s+dispatched 办理中 \(overdue\)\s+1\s+2026-03-04 24:00/);
    expect(r.err).toBe("");
  });

  it("reads an unknown case as an operator (saying so), or as --as says", async () => {
    const api = fakeFetch({ "GET /v1/cases/OT-9": { body: sampleCaseView({ caseId: "OT-9" }) } });
    const dir = dataDir();
    const fallback = await cli(["status", "OT-9", "--data-dir", dir], { fetch: api.fetch });
    expect(fallback.err).toMatch(/reading it as an operator/);
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({ role: "operator" });
    const asDept = await cli(["status", "OT-9", "--as", "department:health", "--data-dir", dir, "--json"], {
      fetch: api.fetch,
    });
    expect(claimsOf(api.requests[1]?.headers.authorization)).toMatchObject({
      role: "department",
      department: "health",
    });
    expect((JSON.parse(asDept.out) as CaseView).caseId).toBe("OT-9");
  });

  it("waits for a final status with --wait", async () => {
    let reads = 0;
    const api = fakeFetch({
      "GET /v1/cases/OT-9": () => ({
        body: sampleCaseView({ caseId: "OT-9", status: ++reads < 3 ? "in_progress" : "completed" }),
      }),
    });
    const r = await cli(["status", "OT-9", "--wait", "--as", "operator", "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(r.code).toBe(0);
    expect(reads).toBe(3);
    expect(r.out).toMatch(/Status: completed 已办结/);
  });

  it("refuses --lang it does not speak", async () => {
    const r = await cli(["status", "OT-9", "--lang", "fr", "--data-dir", dataDir()]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--lang must be zh, en or zh\+en/);
  });
});

describe("answer", () => {
  const taskToken = createTaskTokens(TASK_TOKEN_SECRET).sign({
    caseId: "OT-7",
    itemId: "funeral-fee-waiver",
    department: "funeral-home",
    attempt: 1,
  });

  it("posts the result as the department the task token names, outputs typed as declared", async () => {
    const api = fakeFetch({
      [`POST /v1/tasks/${taskToken}/result`]: { status: 202, body: { accepted: true, caseId: "OT-7" } },
    });
    const r = await cli(
      [
        "answer",
        taskToken,
        "completed",
        "--output",
        "waivedAmount=800",
        "--keep-message",
        "--data-dir",
        dataDir(),
      ],
      { fetch: api.fetch },
    );
    expect(r.code).toBe(0);
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({
      role: "department",
      department: "funeral-home",
    });
    expect(api.requests[0]?.body).toEqual({ outcome: "completed", outputs: { waivedAmount: 800 } });
    expect(r.out).toMatch(
      /^Answered funeral-fee-waiver of case OT-7 \(attempt 1\) as department funeral-home: completed\./,
    );
  });

  it("fills placeholders for the required outputs with --auto", async () => {
    const api = fakeFetch({ [`POST /v1/tasks/${taskToken}/result`]: { status: 202, body: {} } });
    await cli(["answer", taskToken, "completed", "--auto", "--keep-message", "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(api.requests[0]?.body).toEqual({ outcome: "completed", outputs: { waivedAmount: 1 } });
  });

  it("reports a stale answer as the API's 409, in one line", async () => {
    const api = fakeFetch({
      [`POST /v1/tasks/${taskToken}/result`]: {
        status: 409,
        body: { error: "stale_attempt", message: "attempt 1 is not the current attempt (2)" },
      },
    });
    const r = await cli(
      ["answer", taskToken, "rejected", "--reason", "不符合条件", "--data-dir", dataDir()],
      {
        fetch: api.fetch,
      },
    );
    expect(r.code).toBe(1);
    expect(r.err).toBe("onething: 409 stale_attempt: attempt 1 is not the current attempt (2)\n");
  });

  it("refuses a bad outcome or a token that is not one before calling anything", async () => {
    const api = fakeFetch({});
    expect(
      (await cli(["answer", taskToken, "done", "--data-dir", dataDir()], { fetch: api.fetch })).code,
    ).toBe(2);
    const bad = await cli(["answer", "garbage", "completed", "--data-dir", dataDir()], { fetch: api.fetch });
    expect(bad.err).toMatch(/^onething: not a task token/);
    expect(api.requests).toHaveLength(0);
  });
});

describe("supplement and withdraw", () => {
  const waiting = sampleCaseView({ caseId: "OT-5" });

  it("answers the one item waiting for the applicant, and shows what is asked when given nothing", async () => {
    const api = fakeFetch({
      "GET /v1/cases/OT-5": { body: waiting },
      "POST /v1/cases/OT-5/supplements": { status: 202, body: { caseId: "OT-5", status: "in_progress" } },
    });
    const dir = dataDir();
    const ask = await cli(["supplement", "OT-5", "--as", `citizen:${pensionerId}`, "--data-dir", dir], {
      fetch: api.fetch,
    });
    expect(ask.code).toBe(0);
    expect(ask.out).toMatch(
      /^funeral-subsidy \(civil-affairs\) asks for: cremationProof \(火化证明扫描件\) — 缺少火化证明/,
    );
    const send = await cli(
      [
        "supplement",
        "OT-5",
        "--answer",
        "cremationProof=scan-001.pdf",
        "--as",
        `citizen:${pensionerId}`,
        "--data-dir",
        dir,
      ],
      { fetch: api.fetch },
    );
    expect(send.code).toBe(0);
    expect(api.requests.at(-1)?.body).toEqual({
      itemId: "funeral-subsidy",
      answers: { cremationProof: "scan-001.pdf" },
    });
    expect(claimsOf(api.requests.at(-1)?.headers.authorization)).toMatchObject({ id_number: pensionerId });
  });

  it("refuses an item that is not waiting", async () => {
    const api = fakeFetch({ "GET /v1/cases/OT-5": { body: waiting } });
    const r = await cli(
      [
        "supplement",
        "OT-5",
        "household-cancellation",
        "--answer",
        "a=1",
        "--as",
        `citizen:${pensionerId}`,
        "--data-dir",
        dataDir(),
      ],
      {
        fetch: api.fetch,
      },
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/onething: household-cancellation is dispatched, not waiting for a supplement/);
  });

  it("needs to know the applicant of a case the CLI did not submit: operators may not act on it", async () => {
    const api = fakeFetch({});
    const r = await cli(["withdraw", "OT-5", "--data-dir", dataDir()], { fetch: api.fetch });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^onething: case OT-5 was not submitted through this CLI .*--as citizen:<idNumber>/,
    );
    expect(api.requests).toHaveLength(0);
  });

  it("withdraws with the reason given", async () => {
    const api = fakeFetch({
      "POST /v1/cases/OT-5/withdraw": { status: 202, body: { caseId: "OT-5", status: "withdrawn" } },
    });
    const r = await cli(
      [
        "withdraw",
        "OT-5",
        "--reason",
        "家属决定暂缓办理",
        "--as",
        "clerk:王芳@东吴镇",
        "--data-dir",
        dataDir(),
      ],
      {
        fetch: api.fetch,
      },
    );
    expect(r.code).toBe(0);
    expect(api.requests[0]?.body).toEqual({ reason: "家属决定暂缓办理" });
  });
});

describe("operator commands", () => {
  it("cases: combined filters, the page as a table, and the command for the next page", async () => {
    const api = fakeFetch({
      "GET /v1/ops/cases": {
        body: {
          cases: [
            {
              caseId: "OT-20260302-AAAAAAAAAA",
              bundleId: "after-death",
              status: "completed",
              submittedAt: "2026-03-01T02:00:00Z",
              updatedAt: "2026-03-02T02:00:00Z",
              closedAt: "2026-03-02T02:00:00Z",
              overdue: false,
            },
          ],
          cursor: "eyJuZXh0IjoxfQ",
        },
      },
    });
    const r = await cli(["cases", "--status", "completed", "--limit", "1", "--data-dir", dataDir()], {
      fetch: api.fetch,
    });
    expect(r.code).toBe(0);
    expect(Object.fromEntries(api.requests[0]?.url.searchParams ?? [])).toEqual({
      status: "completed",
      limit: "1",
    });
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({ role: "operator" });
    expect(r.out).toMatch(
      /OT-20260302-AAAAAAAAAA\s+after-death\s+completed\s+2026-03-01 10:00:00\s+2026-03-02 10:00:00/,
    );
    expect(r.out).toContain("more: npx onething cases --status completed --limit 1 --cursor eyJuZXh0IjoxfQ");
    const combined = await cli(
      [
        "cases",
        "--bundle",
        "after-death",
        "--department",
        "health",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-02",
        "--overdue",
        "--data-dir",
        dataDir(),
      ],
      { fetch: api.fetch },
    );
    expect(combined.code).toBe(0);
    expect(Object.fromEntries(api.requests[1]?.url.searchParams ?? [])).toEqual({
      bundle: "after-death",
      department: "health",
      from: "2026-03-01",
      to: "2026-03-02",
      overdue: "true",
    });
    expect(combined.out).toContain(
      "more: npx onething cases --bundle after-death --department health --from 2026-03-01 --to 2026-03-02 --overdue --cursor",
    );
    expect((await cli(["cases", "--from", "1 March", "--data-dir", dataDir()])).code).toBe(2);
  });

  it("dlq: the non-empty queues, and redrive by queue key or department id", async () => {
    const api = fakeFetch({
      "GET /v1/ops/summary": {
        body: {
          generatedAt: "2026-03-02T02:00:00.000Z",
          casesByBundleAndStatus: {},
          throughput: [],
          compliance: { byBundle: [], byDepartment: [] },
          departments: [],
          deadLetters: [
            { queue: "orchestrator", depth: 0 },
            { queue: "dept-health", depth: 3 },
          ],
        },
      },
      "POST /v1/ops/dead-letters/dept-health/redrive": {
        body: { queue: "dept-health", moved: 3, failed: 0 },
      },
    });
    const list = await cli(["dlq", "list", "--data-dir", dataDir()], { fetch: api.fetch });
    expect(list.out).toMatch(/^3 dead letters in 1 of 2 queues:/);
    expect(list.out).toMatch(/dept-health\s+3/);
    expect(list.out).not.toMatch(/orchestrator\s+0/);
    const redrive = await cli(["dlq", "redrive", "health", "--data-dir", dataDir()], { fetch: api.fetch });
    expect(redrive.out).toBe("Moved 3 messages from dept-health's dead-letter queue back to dept-health.\n");
    expect((await cli(["dlq", "purge", "--data-dir", dataDir()])).code).toBe(2);
  });
});

describe("start", () => {
  it("starts the platform with the options given, and stops it on the shutdown signal", async () => {
    const calls: unknown[] = [];
    let stopped = false;
    const r = await cli(
      ["start", "--in-memory", "--port", "0", "--manual", "health", "--data-dir", "/tmp/ot-x"],
      {
        loadLocal: async () => ({
          startLocalPlatform: async (options) => {
            calls.push(options);
            return {
              url: "http://localhost:4000",
              stop: async () => {
                stopped = true;
              },
            };
          },
        }),
        waitForShutdown: async () => "SIGTERM",
      },
    );
    expect(r.code).toBe(0);
    expect(calls).toEqual([
      expect.objectContaining({ dataDir: "/tmp/ot-x", inMemory: true, port: 0, simulate: { health: false } }),
    ]);
    expect(stopped).toBe(true);
    expect(r.out).toContain("next: npx onething submit after-death --sample");
    expect(r.err).toMatch(/SIGTERM: draining in-flight work and stopping/);
  });

  it("reports a platform that cannot start in its own words, in one line", async () => {
    const r = await cli(["start", "--data-dir", "/tmp/ot-x"], {
      loadLocal: async () => ({
        startLocalPlatform: async () => {
          throw new PortInUseError(3000, "the HTTP API");
        },
      }),
    });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "onething: port 3000 is in use (wanted for the HTTP API); stop what uses it or pass --port 3001\n",
    );
  });
});

describe("load", () => {
  it("submits the planned cases, follows them to final, and reports rates, percentiles and outcomes", async () => {
    const dir = dataDir();
    let n = 0;
    const api = fakeFetch({
      "GET /v1/bundles": { body: { bundles: [] } },
      "POST /v1/applications": () => {
        n++;
        return { status: 202, body: { caseId: `OT-L${n}`, status: "in_progress", items: [] } };
      },
      ...Object.fromEntries(
        Array.from({ length: 6 }, (_, i) => [
          `GET /v1/cases/OT-L${i + 1}`,
          {
            body: sampleCaseView({
              caseId: `OT-L${i + 1}`,
              status: i === 0 ? "rejected" : "completed",
              closedAt: "2026-03-02T02:10:00.000Z",
            }),
          },
        ]),
      ),
    });
    const r = await cli(
      ["load", "--cases", "6", "--rate", "1000", "--seed", "1", "--data-dir", dir, "--json"],
      {
        fetch: api.fetch,
      },
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      seed: 1,
      cases: 6,
      submitted: 6,
      final: 6,
      timedOut: false,
      outcomes: { completed: 5, rejected: 1 },
      toLastDispatch: { count: 6, p50Ms: 180_000, p95Ms: 180_000 },
      toFinal: { count: 6, p50Ms: 600_000 },
    });
    expect(Object.values(report.mix as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(6);
    const applicants = api.requests
      .filter((q) => q.method === "POST")
      .map((q) => claimsOf(q.headers.authorization).id_number ?? claimsOf(q.headers.authorization).sub);
    expect(new Set(applicants).size).toBeGreaterThan(1);
    expect(Object.keys(caseBook(dir))).toHaveLength(6);
  });

  it("refuses a mix naming an unknown bundle", async () => {
    const r = await cli(["load", "--mix", "moving-house:1", "--data-dir", dataDir()]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown bundle 'moving-house'/);
  });
});

describe("the case book", () => {
  it("is written atomically and readable by its owner only, whatever file or stale temp file was there", async () => {
    const dir = dataDir();
    const file = path.join(dir, "cli-cases.json");
    writeFileSync(file, `${JSON.stringify({ version: 1, cases: {} })}\n`, { mode: 0o644 });
    chmodSync(file, 0o644);
    writeFileSync(`${file}.${process.pid}.tmp`, "stale", { mode: 0o666 });
    chmodSync(`${file}.${process.pid}.tmp`, 0o666);
    const ctx = { dataDir: dir } as Context;
    await recordCases(ctx, {
      "OT-9": {
        bundleId: "after-death",
        submittedAt: "2026-03-02T01:00:00.000Z",
        as: { role: "citizen", idNumber: pensionerId },
      },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(caseBook(dir)["OT-9"]).toMatchObject({ as: { idNumber: pensionerId } });
  });
});

describe("tasks listing", () => {
  it("warns nothing about receive counts: listing no longer receives", () => {
    const message = {
      type: "TaskDispatched",
      caseId: "OT-1",
      itemId: "death-certificate-hospital",
      department: "health",
      bundleId: "after-death",
      itemName: { zh: "居民死亡医学证明", en: "Medical death certificate" },
      attempt: 1,
      dueAt: "2026-03-05T09:00:00.000Z",
      inputs: { fields: {}, outputs: {} },
      taskToken: "tok",
    } as unknown as TaskDispatchedMessage;
    const lines = taskLines(
      { messageId: "m1", receiptHandle: "", receiveCount: 7, sentAt: undefined, message, problem: undefined },
      1,
    );
    expect(lines.join("\n")).not.toMatch(/dead-letter|times/);
    expect(lines.at(-1)).toMatch(/^ {3}answer: npx onething answer <token> completed/);
  });
});

describe("calendar", () => {
  const listing = {
    years: [
      {
        year: 2026,
        status: "official",
        origin: "seed",
        source: "国务院办公厅关于2026年部分节假日安排的通知",
        holidays: [],
        daysOff: ["2026-10-01"],
        makeUpWorkdays: ["2026-09-20"],
      },
      {
        year: 2027,
        status: "provisional",
        origin: "statutory_rule",
        source: "rule",
        holidays: [],
        daysOff: ["2027-01-01", "2027-02-05"],
        makeUpWorkdays: [],
      },
    ],
  };

  it("show lists each year with its status and origin, as an operator", async () => {
    const api = fakeFetch({ "GET /v1/ops/calendar": { body: listing } });
    const r = await cli(["calendar", "show", "--data-dir", dataDir()], { fetch: api.fetch });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2027\s+provisional \(暂定\)\s+statutory rule\s+2/);
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({ role: "operator" });
  });

  it("import sends the file to its year's route with the calendar permission, and prints the warnings", async () => {
    const dir = dataDir();
    const file = path.join(dir, "2027.json");
    const notice = { year: 2027, source: "通知", holidays: [] };
    writeFileSync(file, JSON.stringify(notice));
    const api = fakeFetch({
      "PUT /v1/ops/calendar/2027": {
        body: {
          year: 2027,
          version: 1,
          status: "official",
          source: "通知",
          loadedBy: "operator-cli",
          loadedAt: "2026-12-02T10:00:00.000Z",
          warnings: ["statutory holiday 2027-01-01 is not a day off in this notice"],
          revisionFrom: "2026-12-02T10:01:05.000Z",
        },
      },
    });
    const r = await cli(["calendar", "import", file, "--data-dir", dir], { fetch: api.fetch });
    expect(r.code).toBe(0);
    expect(api.requests[0]?.body).toEqual(notice);
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({ permissions: "calendar" });
    expect(r.out).toContain("Loaded 2027 (version 1)");
    expect(r.out).toContain("warning: statutory holiday 2027-01-01 is not a day off in this notice");
  });

  it("import refuses a file that is not a notice before calling the platform", async () => {
    const dir = dataDir();
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ holidays: [] }));
    const api = fakeFetch({});
    const r = await cli(["calendar", "import", file, "--data-dir", dir], { fetch: api.fetch });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/names no year/);
    expect(api.requests).toEqual([]);
  });
});

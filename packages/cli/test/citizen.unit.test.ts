// `submit`, `status`, `supplement` and `withdraw` (the citizen's commands) in-process, against a fake API.
import { chmodSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CaseView } from "@onething/contracts";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { recordCases } from "../src/case-book.ts";
import type { Context } from "../src/context.ts";
import { caseBook, claimsOf, cli, dataDir, FAKE_URL, fakeFetch, sampleCaseView } from "./support.ts";

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
        "--office",
        "330212109",
        "--data-dir",
        dir,
        "--json",
      ],
      { fetch: api.fetch },
    );
    expect(r.code).toBe(0);
    expect(claimsOf(api.requests[0]?.headers.authorization)).toMatchObject({
      role: "clerk",
      office: "330212109",
    });
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
        "clerk:王芳@330212109",
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

// `cases`, `dlq` and `calendar` (an operator's commands) in-process, against a fake API.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { claimsOf, cli, dataDir, fakeFetch } from "./support.ts";

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
    const scoped = await cli(
      ["cases", "--office", "330212", "--place", "330212109", "--data-dir", dataDir()],
      { fetch: api.fetch },
    );
    expect(scoped.code).toBe(0);
    expect(Object.fromEntries(api.requests[2]?.url.searchParams ?? [])).toEqual({ place: "330212109" });
    expect(claimsOf(api.requests[2]?.headers.authorization)).toMatchObject({
      role: "operator",
      office: "330212",
    });
    expect(claimsOf(api.requests[1]?.headers.authorization)).not.toHaveProperty("office");
    expect((await cli(["cases", "--office", "Yinzhou", "--data-dir", dataDir()])).code).toBe(2);
  });

  it("dlq: the non-empty queues, and redrive by queue key or department id", async () => {
    const api = fakeFetch({
      "GET /v1/ops/summary": {
        body: {
          generatedAt: "2026-03-02T02:00:00.000Z",
          scope: { jurisdiction: "000000", path: "000000" },
          place: { code: "000000", name: { zh: "全国", en: "China" }, level: "country", path: "000000" },
          casesByBundleAndStatus: {},
          total: {
            code: "000000",
            name: { zh: "全国", en: "China" },
            level: "country",
            cases: 0,
            openCases: 0,
            openItems: 0,
            overdue: 0,
            itemsOn: 0,
            itemsLanded: 0,
            landingRate: 0,
          },
          places: [],
          delegation: [],
          platformWide: [],
          withheld: [],
          throughput: [],
          compliance: { byBundle: [], byDepartment: [] },
          departments: [],
          deadLetters: [
            { queue: "orchestrator", depth: 0 },
            { queue: "dept-health", depth: 3 },
          ],
          benefitStops: {
            deathToLastStopDays: { count: 0 },
            entitlementsOfDead: { total: 0, byDepartment: {} },
            overdueStops: {},
          },
          offers: {
            total: { made: 0, delivered: 0, opened: 0, accepted: 0, declined: 0, expired: 0, superseded: 0 },
            byBundle: [],
            byPlace: [],
            eventToCase: { count: 0 },
          },
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

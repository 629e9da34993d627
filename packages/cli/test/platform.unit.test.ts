import { PortInUseError } from "@onething/local/errors";
import { describe, expect, it } from "vitest";
import { caseBook, claimsOf, cli, dataDir, fakeFetch, sampleCaseView } from "./support.ts";

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

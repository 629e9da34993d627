/** The simulated source systems through `onething start`: deaths stop benefits, and the overview shows it. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OpsSummary } from "@onething/contracts";
import { DEFAULT_SOURCES, simulatedIdNumber, simulatedPopulation } from "@onething/local/simulated-sources";
import { describe, expect, it } from "vitest";
import { cli, usePlatform } from "./support.ts";

const POPULATION = 6;
// Every department answers within 50–150 ms and never refuses: every stop completes, so the figures converge. A
// platform hour per real second, so a stop's few seconds are a few hours: days the overview does not round to 0.
const platform = await usePlatform([
  "--in-memory",
  "--time-scale",
  "3600",
  "--source-interval-ms",
  "300",
  "--source-population",
  String(POPULATION),
  "--delay-ms",
  "50-150",
  "--reject-rate",
  "0",
  "--supplement-rate",
  "0",
]);
const dir = platform.dataDir;
// The platform's sources draw their population from the simulation's seed (the default here).
const population = simulatedPopulation({ ...DEFAULT_SOURCES, population: POPULATION });
const holders = population.filter((p) => p.benefits.length > 0);

async function operatorToken(): Promise<string> {
  const r = await cli(dir, ["token", "operator"]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
}

/** Reads the overview's benefit-stop figures until `done` holds of them, or fails with the last ones read. */
async function benefitStopsUntil(
  token: string,
  done: (figures: OpsSummary["benefitStops"]) => boolean,
  timeoutMs: number,
): Promise<OpsSummary["benefitStops"]> {
  const deadline = Date.now() + timeoutMs;
  let last: OpsSummary["benefitStops"] | undefined;
  while (Date.now() < deadline) {
    const response = await fetch(`${platform.url}/v1/ops/summary`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    last = ((await response.json()) as OpsSummary).benefitStops;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`benefit stops not as expected after ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

describe("simulated source systems", () => {
  it("record every death, and each holder's benefits are stopped until none is held by the dead", async () => {
    // The seed's small population has holders, else this test would prove nothing.
    expect(holders.length).toBeGreaterThan(1);
    const token = await operatorToken();
    const figures = await benefitStopsUntil(
      token,
      (f) => f.deathToLastStopDays.count >= holders.length && f.entitlementsOfDead.total === 0,
      40_000,
    );
    // One benefit-stop case per dead holder, none for the dead who held nothing, none overdue.
    expect(figures.deathToLastStopDays.count).toBe(holders.length);
    expect(figures.deathToLastStopDays.p50).toBeGreaterThan(0);
    expect(figures.deathToLastStopDays.p50).toBeLessThan(1);
    expect(figures).toMatchObject({ entitlementsOfDead: { total: 0, byDepartment: {} }, overdueStops: {} });
    console.info(`simulated sources: ${JSON.stringify(figures)}`);
  });

  it("onething event died starts a benefit-stop case for a person a roster reports, and prints it", async () => {
    const idNumber = simulatedIdNumber(1938, 6, 18, 990);
    const granted = join(dir, "granted.json");
    writeFileSync(
      granted,
      JSON.stringify({
        type: "EntitlementGranted",
        schemaVersion: 1,
        sourceEventId: "e2e-grant-elderly-allowance",
        occurredAt: "2026-03-01T10:00:00+08:00",
        person: { idNumber, name: "钱阿婆" },
        benefit: "elderly-allowance",
        since: "2018-07-01",
      }),
    );
    const sent = await cli(dir, ["event", "send", "civil-affairs-roster", granted]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/^e2e-grant-elderly-allowance: done/);

    const died = await cli(dir, ["event", "died", idNumber, "钱阿婆", "--died-on", "2026-03-01"]);
    expect(died.code, died.stderr).toBe(0);
    expect(died.stdout).toMatch(/^cli-[0-9a-f-]+: done — /);
    expect(died.stdout).toMatch(/^ {2}started OT-\d{8}-\w+$/m);

    const token = await operatorToken();
    const figures = await benefitStopsUntil(
      token,
      (f) => f.deathToLastStopDays.count === holders.length + 1 && f.entitlementsOfDead.total === 0,
      20_000,
    );
    expect(figures.entitlementsOfDead.total).toBe(0);
    console.info(`onething event died: ${died.stdout.trim()}`);
  });
});

/** `onething start`'s simulation makes offers and its citizens accept some: the funnel is alive in the demo. */
import type { OpsSummary } from "@onething/contracts";
import {
  DEFAULT_SOURCES,
  simulatedEvents,
  simulatedLifeEvent,
  simulatedPopulation,
} from "@onething/local/simulated-sources";
import { describe, expect, it } from "vitest";
import { cli, cliJson, usePlatform } from "./support.ts";

const POPULATION = 40;
// Fast sources and citizens; departments that answer within 50–150 ms and never refuse, so visits end at once.
const platform = await usePlatform([
  "--in-memory",
  "--time-scale",
  "3600",
  "--source-interval-ms",
  "300",
  "--source-population",
  String(POPULATION),
  "--citizen-interval-ms",
  "300",
  "--delay-ms",
  "50-150",
  "--reject-rate",
  "0",
  "--supplement-rate",
  "0",
]);
const dir = platform.dataDir;
const settings = { ...DEFAULT_SOURCES, population: POPULATION };

type Funnel = NonNullable<OpsSummary["offers"]>["total"];

/** Reads the overview's offer funnel until `done` holds of it, or fails with the last one read. */
async function funnelUntil(done: (f: Funnel) => boolean, timeoutMs: number): Promise<Funnel> {
  const token = (await cli(dir, ["token", "operator"])).stdout.trim();
  const deadline = Date.now() + timeoutMs;
  let last: Funnel | undefined;
  while (Date.now() < deadline) {
    const response = await fetch(`${platform.url}/v1/ops/summary`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    last = ((await response.json()) as OpsSummary).offers?.total;
    if (last && done(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the offer funnel is not as expected after ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

describe("the simulation's offers", () => {
  it("are made (births, outreach visits) and some are accepted by the simulated citizens", async () => {
    const funnel = await funnelUntil((f) => f.made >= 1 && f.accepted >= 1, 90_000);
    expect(funnel.delivered).toBeGreaterThanOrEqual(funnel.opened);
    expect(funnel.opened).toBeGreaterThanOrEqual(funnel.accepted + funnel.declined);
    console.info(`offer funnel: ${JSON.stringify(funnel)}`);
  });

  it("reach the first newborn's mother, whose inbox the CLI lists as hers", async () => {
    const step = Array.from({ length: 10 }, (_, i) => i + 1).find(
      (s) => simulatedLifeEvent(POPULATION, s).kind === "birth",
    );
    const birth = simulatedEvents(settings, simulatedPopulation(settings), step ?? 3, new Date()).find(
      (e) => e.event.type === "ChildBorn",
    );
    const mother = (birth?.event.mother as { idNumber: string } | undefined)?.idNumber ?? "";
    expect(mother).not.toBe("");
    const list = await cliJson<{ offers: { offerId: string; bundleId: string; madeBy: string }[] }>(dir, [
      "offers",
      "--as",
      mother,
    ]);
    expect(list.offers.length).toBeGreaterThanOrEqual(1);
    expect(list.offers[0]).toMatchObject({
      bundleId: "marriage-birth-household",
      madeBy: "rule:child-born-offer.v1",
    });
    // The offer book remembers her: `offer show` needs no --as.
    const shown = await cliJson<{ offerId: string; draft: { answers: Record<string, unknown> } }>(dir, [
      "offer",
      "show",
      list.offers[0]?.offerId ?? "",
    ]);
    expect(shown.draft.answers).toMatchObject({ babyBorn: true });
  });
});

describe("an expecting couple's case", () => {
  it("waits for the birth, which the simulated birth registry records, and then runs the newborn's items", async () => {
    const submitted = await cliJson<{ caseId: string }>(dir, [
      "submit",
      "marriage-birth-household",
      "--sample",
      "--sample-id",
      "engaged-expecting",
    ]);
    const deadline = Date.now() + 60_000;
    let wait: { status: string; outputs?: Record<string, unknown> } | undefined;
    while (Date.now() < deadline) {
      const view = await cliJson<{
        items: { itemId: string; status: string; outputs?: Record<string, unknown> }[];
      }>(dir, ["status", submitted.caseId]);
      wait = view.items.find((i) => i.itemId === "await-birth");
      if (wait?.status === "completed") break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(wait?.status).toBe("completed");
    expect(wait?.outputs?.birthCertificateNumber).toEqual(expect.any(String));
  });
});

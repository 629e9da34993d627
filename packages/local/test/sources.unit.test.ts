import { createDevIssuer } from "@onething/auth";
import { DataEventSchema, residentIdProblem } from "@onething/domain";
import {
  createSimulatedSources,
  DEFAULT_SOURCES,
  type SimulatedEvent,
  type SimulatedSourcesSettings,
  simulatedEvents,
  simulatedLifeEvent,
  simulatedPopulation,
} from "@onething/local/simulated-sources";
import { loadSeedCatalogue } from "@onething/seeds";
import { describe, expect, it } from "vitest";

const catalogue = loadSeedCatalogue();
const settings = (overrides: Partial<SimulatedSourcesSettings> = {}): SimulatedSourcesSettings => ({
  ...DEFAULT_SOURCES,
  ...overrides,
});
const AT = new Date("2026-03-02T01:00:00Z");

/** Every event of steps 0..steps-1, each step an hour after the one before. */
function run(s: SimulatedSourcesSettings, steps: number, start = AT): SimulatedEvent[] {
  const population = simulatedPopulation(s);
  return Array.from({ length: steps }, (_, step) =>
    simulatedEvents(s, population, step, new Date(start.getTime() + step * 3_600_000)),
  ).flat();
}

/** Why the seed catalogue would refuse the event from its source (403 at POST /v1/events), or undefined. */
function notAllowed({ source, event }: SimulatedEvent): string | undefined {
  const registered = catalogue.sources.get(source);
  if (!registered) return `no source ${source}`;
  if (!registered.events.includes(event.type as never)) return `${source} may not send ${event.type}`;
  const benefit = event.benefit as string | undefined;
  if (benefit !== undefined && !registered.benefits?.includes(benefit))
    return `${source} may not report ${benefit}`;
  return undefined;
}

describe("the simulated population", () => {
  it("is the same for a seed every time, and another for another seed", () => {
    expect(simulatedPopulation(settings())).toEqual(simulatedPopulation(settings()));
    expect(run(settings(), 40)).toEqual(run(settings(), 40));
    const other = simulatedPopulation(settings({ seed: "other" }));
    expect(other.map((p) => p.idNumber)).not.toEqual(simulatedPopulation(settings()).map((p) => p.idNumber));
    // A larger population only adds persons: person i depends on the seed and i alone.
    expect(simulatedPopulation(settings({ population: 40 })).slice(0, 24)).toEqual(
      simulatedPopulation(settings()),
    );
  });

  it("holds only valid, distinct ID numbers, with benefits of catalogued rosters", () => {
    const persons = simulatedPopulation(settings({ population: 1000 }));
    expect(persons.map((p) => [p.idNumber, residentIdProblem(p.idNumber)]).filter(([, e]) => e)).toEqual([]);
    expect(new Set(persons.map((p) => p.idNumber)).size).toBe(1000);
    expect(persons.filter((p) => p.benefits.length > 0).length).toBeGreaterThan(900);
    for (const b of persons.flatMap((p) => p.benefits)) {
      expect(catalogue.benefits.has(b.benefit), b.benefit).toBe(true);
      expect(catalogue.sources.get(b.roster)?.benefits).toContain(b.benefit);
    }
  });
});

describe("the simulated events", () => {
  it("are all valid data events their source may send, at any hour of the Beijing day", () => {
    // Hourly steps from 00:00 Beijing time (the day before in UTC), so every hour meets the date checks.
    const events = run(settings({ population: 30 }), 72, new Date("2026-03-01T16:00:00Z"));
    expect(new Set(events.map((e) => e.event.type))).toEqual(
      new Set(["EntitlementGranted", "PersonDied", "ChildBorn", "LargeMedicalExpense"]),
    );
    for (const e of events) {
      const parsed = DataEventSchema.safeParse(e.event);
      expect(parsed.success, `${e.event.sourceEventId}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(notAllowed(e), e.event.sourceEventId).toBeUndefined();
    }
    const keys = events.map((e) => `${e.source}/${e.event.sourceEventId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("start with the rosters at step 0: every benefit of every person, dated at the grant", () => {
    const s = settings();
    const population = simulatedPopulation(s);
    const rosters = simulatedEvents(s, population, 0, AT);
    expect(rosters.length).toBe(population.reduce((n, p) => n + p.benefits.length, 0));
    expect(rosters.every((r) => r.event.type === "EntitlementGranted")).toBe(true);
    // The same body at another run's start: a restart's rosters are duplicates, not reused ids.
    expect(simulatedEvents(s, population, 0, new Date("2027-01-01T00:00:00Z"))).toEqual(rosters);
    expect(simulatedEvents(s, population, 1, AT).map((e) => e.event.type)).toEqual([
      "PersonDied",
      "LargeMedicalExpense",
    ]);
  });

  it("kill each person once, in order, then only births follow", () => {
    const s = settings({ population: 10 });
    const population = simulatedPopulation(s);
    const deaths = run(s, 60)
      .filter((e) => e.event.type === "PersonDied")
      .map((e) => (e.event.person as { idNumber: string }).idNumber);
    expect(deaths).toEqual(population.map((p) => p.idNumber));
    expect(simulatedLifeEvent(10, 3)).toEqual({ kind: "birth" });
    expect(simulatedLifeEvent(10, 4)).toEqual({ kind: "death", person: 2 });
    // The tenth death is at step 14; from then on every step is a birth.
    expect(simulatedLifeEvent(10, 14)).toEqual({ kind: "death", person: 9 });
    expect([16, 17, 19, 20].map((step) => simulatedLifeEvent(10, step).kind)).toEqual([
      "birth",
      "birth",
      "birth",
      "birth",
    ]);
  });
});

/** A fake API: every event taken (or refused with `status`), each done `doneAfter` status reads after it. */
function fakeApi(status: (event: SimulatedEvent["event"]) => number = () => 202, doneAfter = 2) {
  const posted: SimulatedEvent["event"][] = [];
  const postedAt: number[] = [];
  const reads = new Map<string, number>();
  const fetch = (async (url: string, init?: RequestInit) => {
    if (init?.method === "POST") {
      const event = JSON.parse(String(init.body)) as SimulatedEvent["event"];
      posted.push(event);
      postedAt.push(performance.now());
      return new Response("{}", { status: status(event) });
    }
    const id = decodeURIComponent(url.split("/").at(-1) ?? "");
    const n = (reads.get(id) ?? 0) + 1;
    reads.set(id, n);
    return Response.json({ status: n >= doneAfter ? "done" : "received" });
  }) as typeof globalThis.fetch;
  return { fetch, posted, postedAt, reads };
}

const deps = (api: ReturnType<typeof fakeApi>, s: SimulatedSourcesSettings) => ({
  settings: s,
  apiUrl: "http://api.test",
  issuer: createDevIssuer("sources-secret-sources-secret-sources!"),
  clock: () => AT,
  log: { info: () => {}, warn: () => {} },
  fetch: api.fetch,
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe("the simulated sources running", () => {
  it("send the first death only once every roster event is done", async () => {
    const s = settings({ population: 3, intervalMs: 20 });
    const api = fakeApi(() => 202, 2);
    const sources = createSimulatedSources(deps(api, s));
    sources.start();
    await until(() => api.posted.some((e) => e.type === "PersonDied"));
    await sources.stop();
    const rosters = api.posted.filter((e) => e.type === "EntitlementGranted");
    expect(rosters.length).toBeGreaterThan(0);
    for (const r of rosters) expect(api.reads.get(r.sourceEventId)).toBeGreaterThanOrEqual(2);
    expect(api.posted.findIndex((e) => e.type === "PersonDied")).toBe(rosters.length);
    expect(sources.stats()).toMatchObject({ refused: 0, earlier: 0, population: 3 });
  });

  it("pass over at once the steps an earlier run took (409: the id sent with another body)", async () => {
    const s = settings({ population: 3, intervalMs: 1_000 });
    const third = simulatedEvents(s, simulatedPopulation(s), 4, AT)[0]?.event.sourceEventId;
    const api = fakeApi((e) => (e.type === "EntitlementGranted" || e.sourceEventId === third ? 202 : 409), 1);
    const sources = createSimulatedSources(deps(api, s));
    sources.start();
    await until(() => sources.stats().sent.PersonDied === 1);
    await sources.stop();
    // Steps 1–3 (two deaths, the last resident's medical bill and a birth) were an earlier run's; step 4, the
    // third death, is new and then waits.
    expect(sources.stats()).toMatchObject({ earlier: 4, refused: 0 });
    const life = api.posted.flatMap((e, i) => (e.type === "EntitlementGranted" ? [] : [i]));
    expect(life.map((i) => api.posted[i]?.type)).toEqual([
      "PersonDied",
      "LargeMedicalExpense",
      "PersonDied",
      "ChildBorn",
      "PersonDied",
    ]);
    const [first, , , , fifth] = life.map((i) => api.postedAt[i] ?? Number.NaN);
    expect((fifth ?? 0) - (first ?? 0)).toBeLessThan(s.intervalMs / 2);
  });
});

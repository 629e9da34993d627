// The simulated sources' births (with the household's town) and large medical bills (the outreach's trigger).
import { createDevIssuer } from "@onething/auth";
import { type CaseState, DataEventSchema } from "@onething/domain";
import {
  type ExpectingCouple,
  expectedBirthEvent,
  expectingCoupleOf,
  expectingCouples,
} from "@onething/local";
import {
  createSimulatedSources,
  DEFAULT_SOURCES,
  MEDICAL_INSURANCE_SOURCE,
  OUTREACH_THRESHOLD_YUAN,
  type SimulatedEvent,
  type SimulatedSourcesSettings,
  simulatedEvents,
  simulatedExpensePerson,
  simulatedLifeEvent,
  simulatedPlaces,
  simulatedPopulation,
} from "@onething/local/simulated-sources";
import { loadSeedCatalogue } from "@onething/seeds";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";

const catalogue = loadSeedCatalogue();
const places = simulatedPlaces(catalogue);
const AT = new Date("2026-03-02T01:00:00Z");
const settings = (overrides: Partial<SimulatedSourcesSettings> = {}): SimulatedSourcesSettings => ({
  ...DEFAULT_SOURCES,
  ...overrides,
});
const run = (s: SimulatedSourcesSettings, steps: number): SimulatedEvent[] => {
  const population = simulatedPopulation(s);
  return Array.from({ length: steps }, (_, step) =>
    simulatedEvents(s, population, step, new Date(AT.getTime() + step * 3_600_000)),
  ).flat();
};
type Person = { idNumber: string; name: string };

describe("the simulated population's places", () => {
  it("are the district's towns in the seed tree, and every resident lives in one", () => {
    expect(places.length).toBeGreaterThan(10);
    for (const code of places) {
      expect(catalogue.places.node(code).level).toBe("town");
      expect(catalogue.places.node(code).parent).toBe("330212");
    }
    const persons = simulatedPopulation(settings({ population: 200 }));
    for (const p of persons) expect(places).toContain(p.place);
    // Spread over the towns, not all in one.
    expect(new Set(persons.map((p) => p.place)).size).toBeGreaterThan(places.length / 2);
  });
});

describe("the simulated births", () => {
  it("carry the household's town, a mother and mostly a father, each parent a new person", () => {
    const births = run(settings({ population: 6 }), 120).filter((e) => e.event.type === "ChildBorn");
    expect(births.length).toBeGreaterThan(100);
    for (const { event } of births) expect(places).toContain(event.householdPlace);
    const fathers = births.filter((b) => b.event.father !== undefined).length;
    expect(fathers / births.length).toBeGreaterThan(0.6);
    expect(fathers).toBeLessThan(births.length);
    const parents = births.flatMap((b) =>
      [b.event.mother, b.event.father].filter((p): p is Person => p !== undefined).map((p) => p.idNumber),
    );
    expect(new Set(parents).size).toBe(parents.length);
    // Mothers are women (an even 17th digit), fathers men: the platform reads the sex from the number.
    for (const { event } of births) {
      expect(Number((event.mother as Person).idNumber[16]) % 2).toBe(0);
      if (event.father) expect(Number((event.father as Person).idNumber[16]) % 2).toBe(1);
    }
  });
});

describe("the simulated large medical bills", () => {
  it("come from the medical insurer for the living only, each resident's once, at their town", () => {
    const s = settings({ population: 40 });
    const population = simulatedPopulation(s);
    const dead = new Set<string>();
    const billed: string[] = [];
    for (let step = 1; step < 120; step++) {
      const events = simulatedEvents(s, population, step, AT);
      for (const { source, event } of events) {
        const person = event.person as Person | undefined;
        if (event.type === "PersonDied" && person) dead.add(person.idNumber);
        if (event.type !== "LargeMedicalExpense" || !person) continue;
        expect(source).toBe(MEDICAL_INSURANCE_SOURCE);
        expect(dead.has(person.idNumber), `${person.idNumber} billed after dying`).toBe(false);
        expect(event.householdPlace).toBe(population.find((p) => p.idNumber === person.idNumber)?.place);
        expect(event.periodEnd).toBe("2026-03-02");
        billed.push(person.idNumber);
      }
    }
    expect(new Set(billed).size).toBe(billed.length);
    // Those who die last are billed first, until the two meet.
    expect(billed[0]).toBe(population[39]?.idNumber);
    expect(billed.length).toBeGreaterThan(15);
    expect(simulatedExpensePerson(40, 0)).toBeUndefined();
    expect(simulatedExpensePerson(40, 39)).toBeUndefined();
    expect(simulatedLifeEvent(40, 1)).toEqual({ kind: "death", person: 0 });
  });

  it("mix bills above and below the threshold, some to households already on 低保", () => {
    const s = settings({ population: 300 });
    const population = simulatedPopulation(s);
    const bills = run(s, 200).filter((e) => e.event.type === "LargeMedicalExpense");
    const holdsDibao = (e: SimulatedEvent) =>
      population
        .find((p) => p.idNumber === (e.event.person as Person).idNumber)
        ?.benefits.some((b) => b.benefit === "dibao") ?? false;
    const above = bills.filter((e) => (e.event.amount as number) >= OUTREACH_THRESHOLD_YUAN);
    const below = bills.filter((e) => (e.event.amount as number) < OUTREACH_THRESHOLD_YUAN);
    expect(above.length).toBeGreaterThan(bills.length / 2);
    expect(below.length).toBeGreaterThan(bills.length / 5);
    // The outreach rule's cases (above, not on assistance) and the ones it must leave alone (already on 低保).
    expect(above.filter((e) => !holdsDibao(e)).length).toBeGreaterThan(10);
    expect(above.filter(holdsDibao).length).toBeGreaterThan(2);
    for (const e of bills) expect(e.event.amount).toBeGreaterThan(0);
  });
});

describe("the residents the sources know", () => {
  it("are the living population, then each birth's parents as the birth is sent", async () => {
    const s = settings({ population: 2, intervalMs: 5 });
    const posted: SimulatedEvent["event"][] = [];
    const fetch = (async (_url: string, init?: RequestInit) => {
      if (init?.method === "POST") posted.push(JSON.parse(String(init.body)));
      return init?.method === "POST"
        ? new Response("{}", { status: 202 })
        : Response.json({ status: "done" });
    }) as typeof globalThis.fetch;
    const sources = createSimulatedSources({
      settings: s,
      apiUrl: "http://api.test",
      issuer: createDevIssuer("sources-secret-sources-secret-sources!"),
      clock: () => AT,
      log: { info: () => {}, warn: () => {} },
      fetch,
      places,
    });
    const population = simulatedPopulation(s, places);
    expect(sources.residents().map((r) => r.idNumber)).toEqual(population.map((p) => p.idNumber));
    sources.start();
    for (let i = 0; i < 500 && posted.filter((e) => e.type === "ChildBorn").length < 2; i++)
      await new Promise((r) => setTimeout(r, 10));
    await sources.stop();
    const births = posted.filter((e) => e.type === "ChildBorn");
    expect(births.length).toBeGreaterThanOrEqual(2);
    const residents = sources.residents();
    for (const birth of births) {
      const mother = residents.find((r) => r.idNumber === (birth.mother as Person).idNumber);
      expect(mother).toEqual({ ...(birth.mother as Person), place: birth.householdPlace });
    }
    // The dead are gone (both residents died by the second birth); the parents stay.
    const died = posted.filter((e) => e.type === "PersonDied").map((e) => (e.person as Person).idNumber);
    expect(died).toEqual(population.map((p) => p.idNumber));
    expect(residents.filter((r) => died.includes(r.idNumber))).toEqual([]);
  });
});

describe("an expecting couple's birth", () => {
  const sample = samplesFor("marriage-birth-household").find((s) => s.waitsFor === "ChildBorn");
  if (!sample) throw new Error("no expecting couple among the samples");
  const { applicant, answers } = sample.application;
  const bundle = catalogue.bundle("marriage-birth-household");
  const waitingState = (status: string) =>
    ({
      caseId: "OT-20260302-EXPECTING1",
      bundleId: bundle.id,
      bundleVersion: bundle.version,
      application: sample.application,
      items: {
        "await-birth": { itemId: "await-birth", status },
        "birth-registration": { itemId: "birth-registration", status: "dispatched" },
      },
    }) as unknown as CaseState;

  it("is recorded for the case's couple while its wait waits, as a valid ChildBorn of the birth registry", () => {
    expect(expectingCoupleOf(waitingState("dispatched"), catalogue)).toBeUndefined();
    const couple = expectingCoupleOf(waitingState("waiting"), catalogue);
    expect(couple).toEqual({
      caseId: "OT-20260302-EXPECTING1",
      mother: { name: applicant.name, idNumber: applicant.idNumber },
      father: { name: answers.spouseName, idNumber: answers.spouseIdNumber },
      householdPlace: applicant.householdPlace,
    });
    const birth = expectedBirthEvent(
      "seed",
      couple as ExpectingCouple,
      "2026-03-02T10:00:00+08:00",
      "2026-03-02",
    );
    expect(birth.source).toBe("health-birth-registry");
    const parsed = DataEventSchema.safeParse(birth.event);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it("is sent once, at a birth step, beside the step's own birth", async () => {
    const posted: SimulatedEvent["event"][] = [];
    const fetch = (async (_url: string, init?: RequestInit) => {
      if (init?.method === "POST") posted.push(JSON.parse(String(init.body)));
      return init?.method === "POST"
        ? new Response("{}", { status: 202 })
        : Response.json({ status: "done" });
    }) as typeof globalThis.fetch;
    const couple = expectingCoupleOf(waitingState("waiting"), catalogue) as ExpectingCouple;
    const sources = createSimulatedSources({
      settings: settings({ population: 1, intervalMs: 5 }),
      apiUrl: "http://api.test",
      issuer: createDevIssuer("sources-secret-sources-secret-sources!"),
      clock: () => AT,
      log: { info: () => {}, warn: () => {} },
      fetch,
      places,
      expecting: async () => [couple],
    });
    sources.start();
    for (let i = 0; i < 500 && posted.filter((e) => e.type === "ChildBorn").length < 4; i++)
      await new Promise((r) => setTimeout(r, 10));
    await sources.stop();
    const births = posted.filter((e) => e.type === "ChildBorn");
    const theirs = births.filter((e) => (e.mother as Person).idNumber === applicant.idNumber);
    expect(theirs).toHaveLength(1);
    // Right after the step's own birth (the first after the single death).
    expect(births[1]).toBe(theirs[0]);
    expect(theirs[0]).toMatchObject({ sourceEventId: "sim-onething-due-OT-20260302-EXPECTING1" });
  });
});

describe("the expecting couples the birth registry looks for", () => {
  it("are read from the in-progress cases of the bundles that wait for a birth, every page", async () => {
    const sample = samplesFor("marriage-birth-household").find((s) => s.waitsFor === "ChildBorn");
    const bundle = catalogue.bundle("marriage-birth-household");
    const state = (caseId: string, status: string) =>
      ({
        caseId,
        bundleId: bundle.id,
        bundleVersion: bundle.version,
        application: sample?.application,
        items: { "await-birth": { itemId: "await-birth", status } },
      }) as unknown as CaseState;
    const cases: Record<string, CaseState> = {
      "OT-1": state("OT-1", "waiting"),
      "OT-2": state("OT-2", "completed"),
      "OT-3": state("OT-3", "waiting"),
    };
    const queries: Record<string, unknown>[] = [];
    const store = {
      searchCases: async (query: Record<string, unknown>) => {
        queries.push(query);
        return query.cursor === undefined
          ? { items: [{ caseId: "OT-1" }, { caseId: "OT-2" }], cursor: "next" }
          : { items: [{ caseId: "OT-3" }] };
      },
      getCase: async (caseId: string) => ({ state: cases[caseId] }),
    } as unknown as Parameters<typeof expectingCouples>[0];
    const couples = await expectingCouples(store, catalogue);
    expect(couples.map((c) => c.caseId)).toEqual(["OT-1", "OT-3"]);
    expect(queries).toEqual([
      {
        status: "in_progress",
        bundleId: "marriage-birth-household",
        bundleIds: ["marriage-birth-household"],
        limit: 100,
      },
      {
        status: "in_progress",
        bundleId: "marriage-birth-household",
        bundleIds: ["marriage-birth-household"],
        limit: 100,
        cursor: "next",
      },
    ]);
  });
});

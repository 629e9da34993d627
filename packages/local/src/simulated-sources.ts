import { claimsFor, type DevIssuer } from "@onething/auth";
import { chinaDate } from "@onething/domain";
import { beijingIso } from "./beijing-time.ts";
import { type ExpectingCouple, expectedBirthEvent } from "./expecting.ts";
import { abortableDelay, createPoster, type PostAs } from "./simulated-io.ts";
import {
  type SimulatedEvent,
  type SimulatedSourcesSettings,
  simulatedEvents,
  simulatedPopulation,
} from "./simulated-population.ts";

export {
  DEFAULT_SOURCES,
  MEDICAL_INSURANCE_SOURCE,
  OUTREACH_THRESHOLD_YUAN,
  SIMULATED_DISTRICT,
  type SimulatedEvent,
  type SimulatedPerson,
  type SimulatedSourcesSettings,
  simulatedEvents,
  simulatedExpenseAmount,
  simulatedExpensePerson,
  simulatedIdNumber,
  simulatedLifeEvent,
  simulatedPlaces,
  simulatedPopulation,
} from "./simulated-population.ts";

/**
 * Simulated source systems: a small population of older residents, each registered in a town of the district, whose
 * benefits the departments' rosters report (`EntitlementGranted`), who die one by one (`PersonDied` from 卫健's death
 * registry), some of whom pay a large medical bill first (`LargeMedicalExpense` from 医保), and births (`ChildBorn`
 * from the birth registry, the parents' household place with it), all through `POST /v1/events` as a real source
 * system would. Seeded: a run is reproducible.
 */
export interface SimulatedSourcesDeps {
  readonly settings: SimulatedSourcesSettings;
  readonly apiUrl: string;
  readonly issuer: DevIssuer;
  readonly clock: () => Date;
  readonly log: { info(m: string, f?: object): void; warn(m: string, f?: object): void };
  readonly fetch?: typeof fetch;
  /** The towns households are registered in (default: the seed catalogue's towns of the district). */
  readonly places?: readonly string[];
  /**
   * Expecting couples whose case waits for the birth record: at each birth step, the first one not yet delivered
   * has their child too, so their case continues on the event (default: none).
   */
  readonly expecting?: () => Promise<readonly ExpectingCouple[]>;
}

/** Someone the simulated sources sent an event about who may be offered a service: a resident, a new parent. */
export interface SimulatedResident {
  readonly idNumber: string;
  readonly name: string;
  /** The town of the registered household, when the events said. */
  readonly place?: string;
}

/** What the simulated sources have sent: events taken by type, refused, and steps an earlier run had taken. */
export interface SimulatedSourcesStats {
  readonly sent: Readonly<Record<string, number>>;
  readonly refused: number;
  readonly earlier: number;
  readonly population: number;
}

/** How long the first death waits at most for the rosters to be applied, and how often it looks. */
const ROSTERS_WAIT_MS = 30_000;
const ROSTERS_POLL_MS = 200;

/** Runs the simulated sources until stopped; what they sent is in `stats()`. */
export function createSimulatedSources(deps: SimulatedSourcesDeps) {
  const controller = new AbortController();
  const population = simulatedPopulation(deps.settings, ...(deps.places ? [deps.places] : []));
  // The living population, then every parent of a birth sent (or sent by an earlier run), in order of appearance.
  const residents = new Map<string, SimulatedResident>(
    population.map((p) => [p.idNumber, { idNumber: p.idNumber, name: p.name, place: p.place }]),
  );
  /** A birth adds its parents; a death removes the resident (the dead look at no offers). */
  const noteResidents = ({ event }: SimulatedEvent) => {
    if (event.type === "PersonDied") residents.delete((event.person as SimulatedResident).idNumber);
    if (event.type !== "ChildBorn") return;
    for (const role of ["mother", "father"] as const) {
      const parent = event[role] as SimulatedResident | undefined;
      const place = typeof event.householdPlace === "string" ? { place: event.householdPlace } : {};
      if (parent) residents.set(parent.idNumber, { idNumber: parent.idNumber, name: parent.name, ...place });
    }
  };
  const doFetch = deps.fetch ?? fetch;
  const post: PostAs = createPoster({
    apiUrl: deps.apiUrl,
    issuer: deps.issuer,
    fetch: doFetch,
    signal: controller.signal,
  });
  const tokenOf = (source: string) => claimsFor({ role: "source", source }, "simulation");
  const sent: Record<string, number> = {};
  let refused = 0;
  let earlier = 0;
  let running: Promise<void> | undefined;

  /** Whether the event was taken (or, 409, was sent with another body by an earlier run of the same seed). */
  const send = async ({ source, event }: SimulatedEvent): Promise<"sent" | "earlier" | "refused"> => {
    const response = await post("/v1/events", tokenOf(source), event);
    await response.text();
    if (response.status === 202) {
      sent[event.type] = (sent[event.type] ?? 0) + 1;
      return "sent";
    }
    if (response.status === 409) {
      earlier++;
      return "earlier";
    }
    refused++;
    deps.log.warn("simulated event refused", { source, type: event.type, status: response.status });
    return "refused";
  };

  const isDone = async ({ source, event }: SimulatedEvent) => {
    const token = await deps.issuer.sign(tokenOf(source), 3600);
    const response = await doFetch(`${deps.apiUrl}/v1/events/${encodeURIComponent(event.sourceEventId)}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.any([controller.signal, AbortSignal.timeout(ROSTERS_WAIT_MS)]),
    });
    const body = (await response.json().catch(() => ({}))) as { status?: string };
    return response.ok && body.status === "done";
  };

  // The events queue keeps no order: a death run before its person's rosters would find nothing to stop and
  // leave the benefits held by the dead.
  const rostersApplied = async (rosters: readonly SimulatedEvent[]) => {
    const until = Date.now() + ROSTERS_WAIT_MS;
    for (const roster of rosters) {
      while (!(await isDone(roster))) {
        if (Date.now() > until) {
          deps.log.warn("simulated rosters not applied in time; deaths start anyway", {
            waitedMs: ROSTERS_WAIT_MS,
          });
          return;
        }
        await abortableDelay(ROSTERS_POLL_MS, controller.signal);
      }
    }
  };

  const delivered = new Set<string>();
  /** The birth of the first expecting couple not yet delivered, at a birth step; none otherwise. */
  const expectedBirth = async (events: readonly SimulatedEvent[], at: Date): Promise<SimulatedEvent[]> => {
    if (!deps.expecting || !events.some((e) => e.event.type === "ChildBorn")) return [];
    const couples = await deps.expecting().catch((error: Error) => {
      deps.log.warn("expecting couples not read; the birth step goes on without them", {
        error: error.message,
      });
      return [];
    });
    const couple = couples.find((c) => !delivered.has(c.caseId));
    if (!couple) return [];
    delivered.add(couple.caseId);
    return [expectedBirthEvent(deps.settings.seed, couple, beijingIso(at), chinaDate(at))];
  };

  const runStep = async (step: number) => {
    const at = deps.clock();
    const planned = simulatedEvents(
      deps.settings,
      population,
      step,
      at,
      ...(deps.places ? [deps.places] : []),
    );
    const events = [...planned, ...(await expectedBirth(planned, at))];
    const outcomes: string[] = [];
    for (const event of events) {
      try {
        const outcome = await send(event);
        if (outcome !== "refused") noteResidents(event);
        outcomes.push(outcome);
      } catch (error) {
        if (!controller.signal.aborted)
          deps.log.warn("simulated event not delivered", { error: (error as Error).message });
      }
    }
    if (step === 0) await rostersApplied(events);
    return outcomes.length > 0 && outcomes.every((o) => o === "earlier");
  };

  const run = async () => {
    for (let step = 0; !controller.signal.aborted; step++) {
      let passOver = false;
      try {
        passOver = await runStep(step);
      } catch (error) {
        if (!controller.signal.aborted)
          deps.log.warn("simulated sources step failed", { step, error: (error as Error).message });
      }
      // A step an earlier run already took (a persistent data dir) is passed over at once: the run resumes.
      if (!passOver) await abortableDelay(deps.settings.intervalMs, controller.signal).catch(() => undefined);
    }
  };

  return {
    start() {
      running ??= run();
    },
    async stop() {
      controller.abort();
      await running;
    },
    /** Who may have been offered something: the living population and the parents of the births sent so far. */
    residents: (): SimulatedResident[] => [...residents.values()],
    stats: (): SimulatedSourcesStats => ({
      sent: { ...sent },
      refused,
      earlier,
      population: population.length,
    }),
  };
}

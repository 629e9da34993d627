import { claimsFor, type DevIssuer } from "@onething/auth";
import { chinaDate, residentIdCheckChar } from "@onething/domain";
import { beijingIso } from "./beijing-time.ts";
import { draw, drawInt } from "./random.ts";
import { abortableDelay, createPoster, type PostAs } from "./simulated-io.ts";

/**
 * Simulated source systems: a small population of older residents whose benefits the departments' rosters report
 * (`EntitlementGranted`), who die one by one (`PersonDied` from 卫健's death registry), and births (`ChildBorn` from
 * the birth registry), all through `POST /v1/events` as a real source system would. Seeded: a run is reproducible.
 */
export interface SimulatedSourcesSettings {
  /** On by default (`npm start`); `--no-sources` turns them off. */
  readonly enabled: boolean;
  /** Persons in the simulated population. */
  readonly population: number;
  /** Real milliseconds between two life events (a death or a birth). */
  readonly intervalMs: number;
  readonly seed: string;
}

export const DEFAULT_SOURCES: SimulatedSourcesSettings = {
  enabled: true,
  population: 24,
  intervalMs: 15_000,
  seed: "onething",
};

interface Person {
  readonly idNumber: string;
  readonly name: string;
  readonly benefits: readonly { benefit: string; roster: string; since: string }[];
}

const SURNAMES = ["王", "李", "张", "陈", "周", "吴", "徐", "孙", "胡", "朱", "高", "林"];
const GIVEN = [
  "阿根",
  "秀英",
  "桂兰",
  "德明",
  "国华",
  "玉珍",
  "志强",
  "美娟",
  "建平",
  "凤英",
  "宝林",
  "爱华",
];
/** Benefits older residents commonly hold, with the roster that reports each, and how often one does. */
const BENEFITS = [
  { benefit: "pension", roster: "hrss-roster", share: 0.85 },
  { benefit: "elderly-allowance", roster: "civil-affairs-roster", share: 0.5 },
  { benefit: "dibao", roster: "civil-affairs-roster", share: 0.2 },
  { benefit: "medical-insurance", roster: "medical-insurance-roster", share: 0.9 },
  { benefit: "disability-subsidies", roster: "civil-affairs-roster", share: 0.1 },
] as const;

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** A valid resident ID: Yinzhou (330212), born in the year given, a sequence, and its check character. */
export function simulatedIdNumber(year: number, month: number, day: number, sequence: number): string {
  const first17 = `330212${year}${pad(month, 2)}${pad(day, 2)}${pad(sequence % 1000, 3)}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

/** The population of a seed: the same persons, names and benefits every run. */
export function simulatedPopulation(settings: SimulatedSourcesSettings): Person[] {
  return Array.from({ length: settings.population }, (_, i) => {
    const key = `person:${i}`;
    const year = drawInt(settings.seed, `${key}:year`, 1930, 1955);
    const idNumber = simulatedIdNumber(
      year,
      drawInt(settings.seed, `${key}:month`, 1, 12),
      drawInt(settings.seed, `${key}:day`, 1, 28),
      // Odd sequences are men, even women; the check character follows from the rest.
      100 + i,
    );
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[drawInt(settings.seed, `${key}:given`, 0, GIVEN.length - 1)]}`;
    const benefits = BENEFITS.filter((b) => draw(settings.seed, `${key}:${b.benefit}`) < b.share).map(
      (b) => ({
        benefit: b.benefit,
        roster: b.roster,
        since: `${drawInt(settings.seed, `${key}:${b.benefit}:since`, 2000, 2024)}-0${drawInt(settings.seed, `${key}:${b.benefit}:month`, 1, 9)}-01`,
      }),
    );
    return { idNumber, name, benefits };
  });
}

const envelope = (type: string, sourceEventId: string, occurredAt: string) => ({
  type,
  schemaVersion: 1,
  sourceEventId,
  occurredAt,
});

export interface SimulatedEvent {
  readonly source: string;
  readonly event: Record<string, unknown> & { readonly type: string; readonly sourceEventId: string };
}

/**
 * What happens at a step after the rosters: the `death`-th death (0-based: the person of that index) or a birth.
 * Every third step is a birth; once every person has died, every step is.
 */
export function simulatedLifeEvent(
  population: number,
  step: number,
): { kind: "death"; person: number } | { kind: "birth" } {
  const index = step - 1;
  const death = index - Math.floor(index / 3);
  return step % 3 === 0 || death >= population ? { kind: "birth" } : { kind: "death", person: death };
}

/** The events of one step of the simulation: the rosters at step 0, then a death or a birth per step. */
export function simulatedEvents(
  settings: SimulatedSourcesSettings,
  population: readonly Person[],
  step: number,
  at: Date,
): SimulatedEvent[] {
  if (step === 0)
    return population.flatMap((person, i) =>
      person.benefits.map((b) => ({
        source: b.roster,
        event: {
          // Dated at the grant, not at the run: the same body every run, so a restart's rosters are duplicates.
          ...envelope(
            "EntitlementGranted",
            `sim-${settings.seed}-roster-${i}-${b.benefit}`,
            `${b.since}T09:00:00+08:00`,
          ),
          person: { idNumber: person.idNumber, name: person.name },
          benefit: b.benefit,
          since: b.since,
        },
      })),
    );
  const occurredAt = beijingIso(at);
  const day = chinaDate(at);
  const life = simulatedLifeEvent(population.length, step);
  const person = life.kind === "death" ? population[life.person] : undefined;
  if (!person) {
    // A birth to a younger mother outside the older population.
    return [
      {
        source: "health-birth-registry",
        event: {
          ...envelope("ChildBorn", `sim-${settings.seed}-birth-${step}`, occurredAt),
          child: { birthDate: day, birthCertificateNumber: `O33${pad(step, 8)}` },
          mother: { idNumber: simulatedIdNumber(1994, 5, 1 + (step % 27), 200 + (step % 800)), name: "林晓" },
        },
      },
    ];
  }
  return [
    {
      source: "health-death-registry",
      event: {
        ...envelope("PersonDied", `sim-${settings.seed}-death-${person.idNumber.slice(-6)}`, occurredAt),
        person: { idNumber: person.idNumber, name: person.name },
        diedOn: day,
        deathCertificateNumber: `D33${pad(step, 10)}`,
      },
    },
  ];
}

export interface SimulatedSourcesDeps {
  readonly settings: SimulatedSourcesSettings;
  readonly apiUrl: string;
  readonly issuer: DevIssuer;
  readonly clock: () => Date;
  readonly log: { info(m: string, f?: object): void; warn(m: string, f?: object): void };
  readonly fetch?: typeof fetch;
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
  const population = simulatedPopulation(deps.settings);
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

  const runStep = async (step: number) => {
    const events = simulatedEvents(deps.settings, population, step, deps.clock());
    const outcomes: string[] = [];
    for (const event of events) {
      try {
        outcomes.push(await send(event));
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
    stats: (): SimulatedSourcesStats => ({
      sent: { ...sent },
      refused,
      earlier,
      population: population.length,
    }),
  };
}

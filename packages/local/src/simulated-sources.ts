import { claimsFor, type DevIssuer } from "@onething/auth";
import { chinaDate, residentIdCheckChar } from "@onething/domain";
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

const envelope = (type: string, sourceEventId: string, at: Date) => ({
  type,
  schemaVersion: 1,
  sourceEventId,
  occurredAt: at.toISOString(),
});
const day = (at: Date) => chinaDate(at);

/** The events of one step of the simulation: the rosters at step 0, then a death or a birth per step. */
export function simulatedEvents(
  settings: SimulatedSourcesSettings,
  population: readonly Person[],
  step: number,
  at: Date,
): { source: string; event: Record<string, unknown> }[] {
  if (step === 0)
    return population.flatMap((person, i) =>
      person.benefits.map((b) => ({
        source: b.roster,
        event: {
          ...envelope("EntitlementGranted", `sim-${settings.seed}-roster-${i}-${b.benefit}`, at),
          person: { idNumber: person.idNumber, name: person.name },
          benefit: b.benefit,
          since: b.since,
        },
      })),
    );
  const index = step - 1;
  // Every third step a birth (to a younger mother outside the older population); otherwise the next person of
  // the population dies, until none is left.
  if (step % 3 === 0 || index >= population.length * 1.5) {
    const childNo = `sim-${settings.seed}-birth-${step}`;
    return [
      {
        source: "health-birth-registry",
        event: {
          ...envelope("ChildBorn", childNo, at),
          child: { birthDate: day(at), birthCertificateNumber: `O33${pad(step, 8)}` },
          mother: { idNumber: simulatedIdNumber(1994, 5, 1 + (step % 27), 200 + (step % 800)), name: "林晓" },
        },
      },
    ];
  }
  const person = population[Math.floor(index - Math.floor(index / 3))];
  if (!person) return [];
  return [
    {
      source: "health-death-registry",
      event: {
        ...envelope("PersonDied", `sim-${settings.seed}-death-${person.idNumber.slice(-6)}`, at),
        person: { idNumber: person.idNumber, name: person.name },
        diedOn: day(at),
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

/** Runs the simulated sources until stopped; what they sent is in `stats()`. */
export function createSimulatedSources(deps: SimulatedSourcesDeps) {
  const controller = new AbortController();
  const population = simulatedPopulation(deps.settings);
  const post: PostAs = createPoster({
    apiUrl: deps.apiUrl,
    issuer: deps.issuer,
    fetch: deps.fetch ?? fetch,
    signal: controller.signal,
  });
  const sent: Record<string, number> = {};
  let refused = 0;
  let running: Promise<void> | undefined;

  const send = async (source: string, event: Record<string, unknown>) => {
    const response = await post("/v1/events", claimsFor({ role: "source", source }, "simulation"), event);
    await response.text();
    if (response.status === 202) sent[String(event.type)] = (sent[String(event.type)] ?? 0) + 1;
    else {
      refused++;
      deps.log.warn("simulated event refused", { source, type: event.type, status: response.status });
    }
  };

  const run = async () => {
    for (let step = 0; !controller.signal.aborted; step++) {
      for (const { source, event } of simulatedEvents(deps.settings, population, step, deps.clock())) {
        try {
          await send(source, event);
        } catch (error) {
          if (!controller.signal.aborted)
            deps.log.warn("simulated event not delivered", { error: (error as Error).message });
        }
      }
      await abortableDelay(deps.settings.intervalMs, controller.signal).catch(() => undefined);
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
    stats: () => ({ sent: { ...sent }, refused, population: population.length }),
  };
}

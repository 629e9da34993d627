import { type Catalogue, chinaDate, residentIdCheckChar } from "@onething/domain";
import { loadSeedCatalogue } from "@onething/seeds";
import { beijingIso } from "./beijing-time.ts";
import { draw, drawInt } from "./random.ts";

/**
 * The simulated sources' population and what happens to it, step by step: pure functions of the seed and the step
 * (and the clock for dates), so the e2e tests can read what to expect and a restart resends the same event ids.
 */
export interface SimulatedSourcesSettings {
  /** On by default (`npm start`); `--no-sources` turns them off. */
  readonly enabled: boolean;
  /** Persons in the simulated population. */
  readonly population: number;
  /** Real milliseconds between two steps (a death or a birth, and a large medical bill while anyone is left). */
  readonly intervalMs: number;
  readonly seed: string;
}

export const DEFAULT_SOURCES: SimulatedSourcesSettings = {
  enabled: true,
  population: 24,
  intervalMs: 15_000,
  seed: "onething",
};

export interface SimulatedPerson {
  readonly idNumber: string;
  readonly name: string;
  /** The town (街道/镇, a 9-digit jurisdiction code) of the person's registered household. */
  readonly place: string;
  readonly benefits: readonly { benefit: string; roster: string; since: string }[];
}

/** The district the population lives in: its ID numbers start 330212 (Yinzhou), its households are its towns. */
export const SIMULATED_DISTRICT = "330212";

/** The source of `LargeMedicalExpense`: 医保's system, which reports the enrolments too and flags large bills. */
export const MEDICAL_INSURANCE_SOURCE = "medical-insurance-roster";

/** Out-of-pocket yuan from which the seeds' rule sends a social worker (「大额医疗费用支出预警」). */
export const OUTREACH_THRESHOLD_YUAN = 50_000;

/** Share of the population's large medical bills at or above the threshold. */
const ABOVE_THRESHOLD_SHARE = 0.65;

/** Share of births whose father the birth registry records (the rest: the mother alone). */
const FATHER_SHARE = 0.8;

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
const MOTHERS = ["晓", "丽娜", "佳怡", "婷", "雨欣", "思琪", "梦瑶", "静"];
const FATHERS = ["浩", "俊杰", "子轩", "宇航", "明", "志远", "家豪", "磊"];
/** Benefits older residents commonly hold, with the roster that reports each, and how often one does. */
const BENEFITS = [
  { benefit: "pension", roster: "hrss-roster", share: 0.85 },
  { benefit: "elderly-allowance", roster: "civil-affairs-roster", share: 0.5 },
  { benefit: "dibao", roster: "civil-affairs-roster", share: 0.2 },
  { benefit: "medical-insurance", roster: "medical-insurance-roster", share: 0.9 },
  { benefit: "disability-subsidies", roster: "civil-affairs-roster", share: 0.1 },
] as const;

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const pick = <T>(seed: string, key: string, from: readonly T[]): T => {
  const value = from[drawInt(seed, key, 0, from.length - 1)];
  if (value === undefined) throw new Error(`nothing to pick for ${key}`);
  return value;
};

/** A valid resident ID: Yinzhou (330212), born in the year given, a sequence, and its check character. */
export function simulatedIdNumber(year: number, month: number, day: number, sequence: number): string {
  const first17 = `330212${year}${pad(month, 2)}${pad(day, 2)}${pad(sequence % 1000, 3)}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

/** The towns (街道 and 镇) of the simulated district in the catalogue's jurisdiction tree. */
export function simulatedPlaces(catalogue: Catalogue): string[] {
  return catalogue.places
    .children(SIMULATED_DISTRICT)
    .filter((node) => node.level === "town")
    .map((node) => node.code);
}

let seedPlaces: readonly string[] | undefined;
/** The seed catalogue's towns of the district, read once. */
const defaultPlaces = (): readonly string[] => {
  seedPlaces ??= simulatedPlaces(loadSeedCatalogue());
  return seedPlaces;
};

/** The population of a seed: the same persons, names, towns and benefits every run. */
export function simulatedPopulation(
  settings: SimulatedSourcesSettings,
  places: readonly string[] = defaultPlaces(),
): SimulatedPerson[] {
  if (places.length === 0) throw new Error(`no town under ${SIMULATED_DISTRICT} to register anyone in`);
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
    return { idNumber, name, place: pick(settings.seed, `${key}:place`, places), benefits };
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

/**
 * Whose large medical bill a step reports: step k the k-th person from the end of the population (those who die
 * last), as long as that person is still alive after the step's death; undefined once the two meet.
 */
export function simulatedExpensePerson(population: number, step: number): number | undefined {
  if (step < 1) return undefined;
  const person = population - step;
  // Persons 0 … deaths-1 have died by the end of this step (every step but each third is a death).
  const deaths = Math.min(population, step - Math.floor(step / 3));
  return person >= deaths ? person : undefined;
}

/** The out-of-pocket amount of a person's large medical bill, in yuan: most above the outreach threshold. */
export function simulatedExpenseAmount(seed: string, person: number): number {
  const key = `person:${person}:expense`;
  return draw(seed, key) < ABOVE_THRESHOLD_SHARE
    ? drawInt(seed, `${key}:amount`, OUTREACH_THRESHOLD_YUAN, 180_000)
    : drawInt(seed, `${key}:amount`, 6_000, OUTREACH_THRESHOLD_YUAN - 1);
}

/** A birth to a younger couple outside the older population (the father not always recorded), in one of its towns. */
function birthEvent(seed: string, step: number, places: readonly string[], at: Date): SimulatedEvent {
  const key = `birth:${step}`;
  // Distinct parents for every step below 2,688 (year, month and day vary with it), mothers even, fathers odd.
  const month = 1 + (Math.floor(step / 8) % 12);
  const day = 1 + (Math.floor(step / 96) % 28);
  const surname = pick(seed, `${key}:surname`, SURNAMES);
  const father =
    draw(seed, `${key}:father`) < FATHER_SHARE
      ? {
          idNumber: simulatedIdNumber(1987 + (step % 8), month, day, 601 + 2 * (step % 199)),
          name: `${surname}${pick(seed, `${key}:father:given`, FATHERS)}`,
        }
      : undefined;
  return {
    source: "health-birth-registry",
    event: {
      ...envelope("ChildBorn", `sim-${seed}-birth-${step}`, beijingIso(at)),
      child: { birthDate: chinaDate(at), birthCertificateNumber: `O33${pad(step, 8)}` },
      mother: {
        idNumber: simulatedIdNumber(1990 + (step % 8), month, day, 200 + 2 * (step % 400)),
        name: `${pick(seed, `${key}:mother:surname`, SURNAMES)}${pick(seed, `${key}:mother:given`, MOTHERS)}`,
      },
      ...(father ? { father } : {}),
      householdPlace: pick(seed, `${key}:place`, places),
    },
  };
}

/** The events of one step of the simulation: the rosters at step 0, then a death or a birth and a medical bill. */
export function simulatedEvents(
  settings: SimulatedSourcesSettings,
  population: readonly SimulatedPerson[],
  step: number,
  at: Date,
  places: readonly string[] = defaultPlaces(),
): SimulatedEvent[] {
  const { seed } = settings;
  if (step === 0)
    return population.flatMap((person, i) =>
      person.benefits.map((b) => ({
        source: b.roster,
        event: {
          // Dated at the grant, not at the run: the same body every run, so a restart's rosters are duplicates.
          ...envelope(
            "EntitlementGranted",
            `sim-${seed}-roster-${i}-${b.benefit}`,
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
  const dying = life.kind === "death" ? population[life.person] : undefined;
  const events: SimulatedEvent[] = [
    dying
      ? {
          source: "health-death-registry",
          event: {
            ...envelope("PersonDied", `sim-${seed}-death-${dying.idNumber.slice(-6)}`, occurredAt),
            person: { idNumber: dying.idNumber, name: dying.name },
            diedOn: day,
            deathCertificateNumber: `D33${pad(step, 10)}`,
          },
        }
      : birthEvent(seed, step, places, at),
  ];
  const payer = simulatedExpensePerson(population.length, step);
  const patient = payer === undefined ? undefined : population[payer];
  if (payer !== undefined && patient)
    events.push({
      source: MEDICAL_INSURANCE_SOURCE,
      event: {
        ...envelope("LargeMedicalExpense", `sim-${seed}-expense-${patient.idNumber.slice(-6)}`, occurredAt),
        person: { idNumber: patient.idNumber, name: patient.name },
        householdPlace: patient.place,
        amount: simulatedExpenseAmount(seed, payer),
        periodEnd: day,
        basis: "本年度住院及门诊慢特病个人自付累计 (out of pocket this year)",
      },
    });
  return events;
}

import { claimsFor, type DevIssuer } from "@onething/auth";
import { type Application, type Catalogue, chinaDate } from "@onething/domain";
import { offerAnswers } from "./offer-answers.ts";
import { draw } from "./random.ts";
import { abortableDelay } from "./simulated-io.ts";

/**
 * Simulated citizens: the residents the simulated sources sent events about (the population, the parents of each
 * birth) look at their offers now and then, as people with the citizen app would — signed in with their own dev
 * token, through the public `GET /v1/offers` — and open some, confirm some (answering what is left open), decline
 * some with a reason and leave the rest, so the overview's offer funnel moves in the demo.
 */
export interface SimulatedCitizensSettings {
  /** On by default (`npm start`); `--no-citizens` turns them off. */
  readonly enabled: boolean;
  /** Real milliseconds between two looks at every resident's offers. */
  readonly intervalMs: number;
}

export const DEFAULT_CITIZENS: SimulatedCitizensSettings = { enabled: true, intervalMs: 10_000 };

/** What a person does with an offer: nothing (never opens it), open and leave it, decline it, or confirm it. */
export type OfferChoice = "ignore" | "open" | "decline" | "accept";

const CHOICE_SHARES: readonly [OfferChoice, number][] = [
  ["ignore", 0.1],
  ["open", 0.15],
  ["decline", 0.2],
  ["accept", 0.55],
];

export const DECLINE_REASONS = [
  "已在其他渠道办理 (done elsewhere)",
  "暂不需要 (not needed now)",
  "家庭情况已好转 (our situation improved)",
] as const;

/** The choice for an offer: a seeded draw per offer, the same every run. */
export function planOfferChoice(seed: string, offerId: string): OfferChoice {
  const u = draw(seed, `${offerId}:citizen`);
  let below = 0;
  for (const [choice, share] of CHOICE_SHARES) {
    below += share;
    if (u < below) return choice;
  }
  return "accept";
}

export const declineReason = (seed: string, offerId: string): string =>
  DECLINE_REASONS[Math.floor(draw(seed, `${offerId}:reason`) * DECLINE_REASONS.length)] ?? DECLINE_REASONS[0];

/** Someone who may hold offers: a resident of the population or a new parent, with the household's town. */
export interface CitizenPerson {
  readonly idNumber: string;
  readonly name: string;
  readonly place?: string | undefined;
}

interface OfferSummaryLike {
  readonly offerId: string;
  readonly state: string;
}
interface OfferLike extends OfferSummaryLike {
  readonly bundleId: string;
  readonly bundleVersion: number;
  readonly openFields: readonly string[];
  readonly draft: Application;
}

export interface SimulatedCitizensDeps {
  readonly settings: SimulatedCitizensSettings;
  readonly seed: string;
  readonly apiUrl: string;
  readonly issuer: DevIssuer;
  readonly catalogue: Catalogue;
  readonly clock: () => Date;
  /** Who to look at, read at every round (the sources add parents as births happen). */
  readonly persons: () => readonly CitizenPerson[];
  readonly log: { info(m: string, f?: object): void; warn(m: string, f?: object): void };
  readonly fetch?: typeof fetch;
}

export interface SimulatedCitizensStats {
  readonly rounds: number;
  /** Open offers seen, and what the persons did with them. */
  readonly seen: number;
  readonly opened: number;
  readonly accepted: number;
  readonly declined: number;
  /** Refused by the platform (409: expired, superseded, an open case) or not valid (400: a bug, logged). */
  readonly refused: number;
  readonly errors: number;
}

const REQUEST_TIMEOUT_MS = 15_000;
/** How many persons look at their offers in one round (the rest in the next rounds). */
export const PERSONS_PER_ROUND = 50;

/** One request of the public API as this person, signed in with their own dev citizen token. */
async function callAs(
  deps: Pick<SimulatedCitizensDeps, "issuer" | "apiUrl" | "fetch">,
  signal: AbortSignal,
  person: CitizenPerson,
  request: { method: string; path: string; body?: unknown },
): Promise<{ status: number; json: unknown; text: string }> {
  const { method, path, body } = request;
  const token = await deps.issuer.sign(
    claimsFor({ role: "citizen", idNumber: person.idNumber }, "simulation"),
    3600,
  );
  const response = await (deps.fetch ?? fetch)(`${deps.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Runs the simulated citizens until stopped; what they did is in `stats()`. */
export function createSimulatedCitizens(deps: SimulatedCitizensDeps) {
  const controller = new AbortController();
  const counts = { rounds: 0, seen: 0, opened: 0, accepted: 0, declined: 0, refused: 0, errors: 0 };
  /** Offers seen (first round), and those done with: a person acts once on an offer, a round after seeing it. */
  const seenIn = new Map<string, number>();
  const done = new Set<string>();
  /** Offers read once (a decision retried after a 5xx reads it again: counted once). */
  const opened = new Set<string>();
  let running: Promise<void> | undefined;

  const call = (person: CitizenPerson, method: string, path: string, body?: unknown) =>
    callAs(deps, controller.signal, person, { method, path, body });

  /** A decision's answer: taken, refused for good (409/4xx: done with it), or worth another round (5xx). */
  const settle = (offerId: string, what: "accepted" | "declined", status: number, text: string) => {
    if (status === 200 || status === 201) {
      counts[what]++;
      done.add(offerId);
      deps.log.info(`simulated citizen ${what} an offer`, { offerId });
    } else if (status === 409) {
      counts.refused++;
      done.add(offerId);
      deps.log.info("simulated citizen's decision refused", { offerId, detail: text.slice(0, 200) });
    } else if (status < 500 && status !== 429) {
      counts.errors++;
      done.add(offerId);
      deps.log.warn("simulated citizen's decision refused", { offerId, status, detail: text.slice(0, 500) });
    }
  };

  const act = async (person: CitizenPerson, offerId: string) => {
    const choice = planOfferChoice(deps.seed, offerId);
    if (choice === "ignore") {
      done.add(offerId);
      return;
    }
    const path = `/v1/offers/${encodeURIComponent(offerId)}`;
    const read = await call(person, "GET", path);
    if (read.status !== 200) {
      if (read.status < 500) done.add(offerId);
      return;
    }
    if (!opened.has(offerId)) counts.opened++;
    opened.add(offerId);
    const offer = read.json as OfferLike;
    if (choice === "open" || offer.state !== "open") {
      done.add(offerId);
      return;
    }
    if (choice === "decline") {
      const r = await call(person, "POST", `${path}/decline`, { reason: declineReason(deps.seed, offerId) });
      settle(offerId, "declined", r.status, r.text);
      return;
    }
    const answers = offerAnswers(
      deps.catalogue.bundle(offer.bundleId, offer.bundleVersion),
      offer.draft,
      offer.openFields,
      {
        seed: deps.seed,
        idNumber: person.idNumber,
        name: person.name,
        today: chinaDate(deps.clock()),
        place: person.place,
        placeName: person.place ? deps.catalogue.places.find(person.place)?.name.zh : undefined,
      },
    );
    const r = await call(person, "POST", `${path}/accept`, { answers });
    settle(offerId, "accepted", r.status, r.text);
  };

  let next = 0;
  /** At most `PERSONS_PER_ROUND` persons a round, in turn: the parents of every birth add up over a long run. */
  const turn = (): readonly CitizenPerson[] => {
    const persons = deps.persons();
    if (persons.length <= PERSONS_PER_ROUND) return persons;
    const start = next % persons.length;
    next = start + PERSONS_PER_ROUND;
    return [...persons, ...persons].slice(start, start + PERSONS_PER_ROUND);
  };

  const round = async () => {
    counts.rounds++;
    for (const person of turn()) {
      if (controller.signal.aborted) return;
      const list = await call(person, "GET", "/v1/offers");
      if (list.status !== 200) {
        if (list.status !== 404)
          deps.log.warn("simulated citizen could not list offers", { status: list.status });
        continue;
      }
      const offers = ((list.json as { offers?: OfferSummaryLike[] } | undefined)?.offers ?? []).filter(
        (o) => o.state === "open" && !done.has(o.offerId),
      );
      for (const { offerId } of offers) {
        const first = seenIn.get(offerId);
        if (first === undefined) {
          seenIn.set(offerId, counts.rounds);
          counts.seen++;
        } else if (first < counts.rounds) {
          await act(person, offerId).catch((error: Error) => {
            if (!controller.signal.aborted)
              deps.log.warn("simulated citizen's answer not delivered", { offerId, error: error.message });
          });
        }
      }
    }
  };

  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        await round();
      } catch (error) {
        if (!controller.signal.aborted)
          deps.log.warn("simulated citizens' round failed", { error: (error as Error).message });
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
    stats: (): SimulatedCitizensStats => ({ ...counts }),
  };
}

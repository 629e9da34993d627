import {
  type Bundle,
  type BundleInput,
  type CaseEvent,
  type CaseState,
  createDecide,
  type Decide,
  type Decision,
  FINAL_CASE_STATUSES,
  type ItemResultReceived,
  type ItemState,
  loadCatalogue,
} from "@onething/domain";
import fc from "fast-check";
import { APPLICANT_ID, answerTo, calendar, departments, supplementFor, withdrawal } from "./fixtures.ts";
import { answersArb, bundleArb } from "./random-bundle.ts";

export interface Trace {
  decisions: { before: CaseState | undefined; event: CaseEvent; decision: Decision; now: Date }[];
  final: CaseState;
}

/**
 * Drives one case: each choice picks an action (answer an open item in one of three ways, provide a supplement,
 * raise an overdue, replay an earlier event, withdraw). After the choices run out, departments complete
 * whatever is open and applicants answer every request, as "all departments answer" requires.
 */
export function drive(decide: Decide, answers: Record<string, boolean>, choices: number[]): Trace {
  const decisions: Trace["decisions"] = [];
  const sent: CaseEvent[] = [];
  let clock = Date.parse("2025-03-03T09:00:00+08:00");
  let n = 0;
  let state: CaseState | undefined;
  const step = (event: CaseEvent) => {
    clock += 37 * 60 * 60 * 1000; // about a day and a half per step, so deadlines pass
    const now = new Date(clock);
    const decision = decide(state, event, now);
    decisions.push({ before: state, event, decision, now });
    sent.push(event);
    state = decision.state;
  };
  step({
    type: "ApplicationSubmitted",
    eventId: "submit",
    caseId: "P1",
    bundleId: "random",
    application: { applicant: { idNumber: APPLICANT_ID, secret: "never-leaves" }, answers },
    channel: "online",
    filedBy: { role: "citizen", id: APPLICANT_ID },
  });
  const isFinal = () => (FINAL_CASE_STATUSES as readonly string[]).includes((state as CaseState).status);
  const open = (status: ItemState["status"]) =>
    Object.values((state as CaseState).items).filter((i) => i.status === status);
  const result = (item: ItemState, kind: number): ItemResultReceived =>
    answerTo(
      "P1",
      item,
      kind % 5 === 0
        ? { outcome: "rejected", reason: "不符合条件" }
        : kind % 5 === 1 && item.attempt < 3
          ? {
              outcome: "needs_supplement",
              reason: "补正",
              requested: [{ field: "doc", description: "材料" }],
            }
          : { outcome: "completed", outputs: { flag: kind % 2 === 0 } },
      `r${n++}`,
    );
  const supplement = (item: ItemState): CaseEvent =>
    supplementFor("P1", item.itemId, item.attempt, { doc: "scan-1" }, `s${n++}`);
  for (const c of choices) {
    if (isFinal()) break;
    const dispatched = open("dispatched");
    const waiting = open("awaiting_supplement");
    const action = c % 9;
    const pick = <T>(xs: T[]) => xs[Math.floor(c / 9) % xs.length] as T;
    if (action <= 2 && dispatched.length > 0) step(result(pick(dispatched), Math.floor(c / 3)));
    else if (action === 3 && waiting.length > 0) step(supplement(pick(waiting)));
    else if (action === 4 && dispatched.length > 0) {
      const item = pick(dispatched);
      step({
        type: "ItemOverdue",
        eventId: `o${n++}`,
        caseId: "P1",
        itemId: item.itemId,
        attempt: item.attempt,
      });
    } else if (action === 5 && sent.length > 0) step(pick(sent));
    else if (action === 7 && dispatched.length > 0) {
      // Answers that must change nothing: another department's, or for an attempt that is not the current one.
      const item = pick(dispatched);
      const wrong = result(item, 2);
      step(
        c % 2 === 0
          ? { ...wrong, department: `${item.department}-x` }
          : { ...wrong, attempt: item.attempt + 1 },
      );
    } else if (action === 6 && c % 13 === 0) {
      step(withdrawal("P1", "changed mind", `w${n++}`));
    }
  }
  for (let guard = 0; guard < 200 && !isFinal(); guard++) {
    const [waiting] = open("awaiting_supplement");
    const [dispatched] = open("dispatched");
    if (waiting) step(supplement(waiting));
    else if (dispatched) step(result(dispatched, 2));
    else break;
  }
  return { decisions, final: state as CaseState };
}

const scenarioArb = fc.record({
  bundle: bundleArb,
  answers: answersArb,
  choices: fc.array(fc.nat({ max: 1000 }), { maxLength: 60 }),
});

function setup(bundle: BundleInput) {
  const catalogue = loadCatalogue({ bundles: [bundle], departments });
  return { decide: createDecide({ catalogue, calendar }), parsed: catalogue.bundle("random") };
}

const RUNS = { numRuns: 300 };

/** One random scenario run: the engine over its random bundle (as parsed), and the trace of driving one case. */
export interface Scenario extends Trace {
  decide: Decide;
  parsed: Bundle;
}

/** Asserts `property` of 300 random scenarios (a random bundle, form answers and sequence of choices each). */
export function forEveryScenario(property: (scenario: Scenario) => void): void {
  fc.assert(
    fc.property(scenarioArb, ({ bundle, answers, choices }) => {
      const { decide, parsed } = setup(bundle);
      property({ decide, parsed, ...drive(decide, answers, choices) });
    }),
    RUNS,
  );
}

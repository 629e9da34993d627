// The simulated town offices' outreach visits: the outcome mix, and an application's record complete for its offer.
import {
  type Application,
  evaluatePredicate,
  itemDefinition,
  readField,
  validateApplication,
  validateOutputs,
} from "@onething/domain";
import {
  planVisitOutcome,
  plausibleOutputs,
  resolveSimulation,
  simulatedAnswer,
  simulatedHousehold,
  simulatedPhone,
  type VisitOutcome,
  visitOutputs,
} from "@onething/local";
import { loadSeedCatalogue } from "@onething/seeds";
import { describe, expect, it } from "vitest";

const catalogue = loadSeedCatalogue();
const SEED = "visits";
const bundle = catalogue.bundle("outreach-visit");
const item = itemDefinition(bundle, "home-visit");
if (!item) throw new Error("outreach-visit has no home-visit item");
const visit = item;

const fields = {
  "applicant.name": "胡宝林",
  "applicant.idNumber": "330212194806180137",
  "subject.householdPlace": "330212101",
  "subject.expense": 86_000,
  "subject.periodEnd": "2026-03-01",
};
const caseFields: Application = {
  applicant: { name: fields["applicant.name"], idNumber: fields["applicant.idNumber"] },
  subject: { householdPlace: "330212101", expense: 86_000, periodEnd: "2026-03-01" },
  answers: {},
};
const tasks = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    caseId: `OT-20260302-${String(i).padStart(10, "0")}`,
    itemId: "home-visit",
    attempt: 1,
    inputs: { fields },
  }));
const placeName = (code: string) => catalogue.places.find(code)?.name.zh;

/** The social-assistance draft the visit's offer makes, from the case's fields and the visit's outputs. */
function offeredDraft(outputs: Record<string, unknown>): Application {
  const [offer] = visit.offers ?? [];
  if (!offer) throw new Error("home-visit makes no offer");
  const scope = {
    field: (ref: string) => readField(caseFields, ref),
    output: (ref: string) => (ref.startsWith("home-visit.") ? outputs[ref.slice(11)] : undefined),
  };
  expect(offer.when ? evaluatePredicate(offer.when, scope) : true).toBe(true);
  const draft: Application = { applicant: {}, subject: {}, answers: {} };
  for (const [target, source] of Object.entries(offer.form)) {
    const value = source.startsWith("home-visit.") ? scope.output(source) : scope.field(source);
    if (value === undefined) continue;
    const [section, name] = target.split(".") as [keyof Application, string];
    (draft[section] as Record<string, unknown>)[name] = value;
  }
  return draft;
}

describe("a simulated outreach visit", () => {
  it("ends in a plausible mix: most households apply, some need nothing, some are referred", () => {
    const outcomes = tasks(5_000).map((t) => planVisitOutcome(SEED, t));
    const share = (o: VisitOutcome) => outcomes.filter((x) => x === o).length / outcomes.length;
    expect(share("application")).toBeGreaterThan(0.5);
    expect(share("application")).toBeLessThan(0.6);
    expect(share("no_need")).toBeGreaterThan(0.21);
    expect(share("referred")).toBeGreaterThan(0.16);
  });

  it("records, for an application, every fact the offer needs: the draft passes the form unaided", () => {
    const applying = tasks(60).filter((t) => planVisitOutcome(SEED, t) === "application");
    expect(applying.length).toBeGreaterThan(20);
    for (const task of applying) {
      const outputs = visitOutputs(visit, SEED, task, placeName);
      expect(validateOutputs(visit, outputs).ok, JSON.stringify(outputs)).toBe(true);
      const draft = offeredDraft(outputs);
      const result = validateApplication(catalogue.bundle("social-assistance"), draft);
      expect(result.ok, JSON.stringify(result.ok ? [] : result.issues)).toBe(true);
      // The person's own household, the same the person would tell: their phone, an address in their town.
      expect(draft.applicant.phone).toBe(simulatedPhone(SEED, fields["applicant.idNumber"]));
      expect(draft.subject?.address).toContain("姜山镇");
      expect(draft.answers).toMatchObject({ consentToVerification: true, hasMajorMedicalExpenses: true });
      expect(draft.subject?.householdSize).toBe(
        simulatedHousehold(SEED, fields["applicant.idNumber"], "姜山镇").householdSize,
      );
    }
  });

  it("records no household facts when nobody applies, and says where a referral went", () => {
    for (const task of tasks(40)) {
      const outcome = planVisitOutcome(SEED, task);
      if (outcome === "application") continue;
      const outputs = visitOutputs(visit, SEED, task, placeName);
      expect(validateOutputs(visit, outputs).ok).toBe(true);
      expect(outputs.outcome).toBe(outcome);
      expect(outputs).not.toHaveProperty("phone");
      expect(outputs).not.toHaveProperty("consentToVerification");
      if (outcome === "referred") expect(outputs.referredTo).toEqual(expect.any(String));
    }
  });

  it("is what the simulated town office answers, the same for a re-sent task; other items unchanged", () => {
    const settings = resolveSimulation({ seed: SEED, rejectRate: 0, supplementRate: 0 });
    for (const task of tasks(10)) {
      const answer = simulatedAnswer(settings, visit, task, catalogue);
      expect(answer).toEqual({ outcome: "completed", outputs: visitOutputs(visit, SEED, task, placeName) });
      expect(simulatedAnswer(settings, visit, { ...task }, catalogue)).toEqual(answer);
    }
    const other = itemDefinition(catalogue.bundle("social-assistance"), "dibao");
    if (!other) throw new Error("social-assistance has no dibao item");
    const [task] = tasks(1);
    if (!task) throw new Error("no task");
    expect(simulatedAnswer(settings, other, task, catalogue)).toEqual({
      outcome: "completed",
      outputs: plausibleOutputs(other, { seed: SEED, task }),
    });
  });
});

import {
  type Application,
  type CaseState,
  DataEventSchema,
  type MakeOffer,
  openFieldsOf,
  planRules,
  type RegistryEntitlement,
  validateApplication,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { autoOutputs } from "../support/outputs.ts";
import { catalogue, decide } from "../support/scenario.ts";

const NOW = new Date("2026-03-02T09:30:00+08:00");
const TOWN = "330212003"; // 首南街道, Yinzhou
const person = { idNumber: "330212199604170486", name: "林晓雯" };

const expense = (amount: number) =>
  DataEventSchema.parse({
    type: "LargeMedicalExpense",
    schemaVersion: 1,
    sourceEventId: `mi-alert-${amount}`,
    occurredAt: "2026-03-01T20:00:00+08:00",
    person,
    householdPlace: TOWN,
    amount,
    periodEnd: "2026-02-28",
  });

const held = (benefit: string, status: RegistryEntitlement["status"] = "active"): RegistryEntitlement => ({
  benefit,
  department: "civil-affairs",
  since: "2024-01-01",
  status,
});

/** Everything the visit records for an application, as the town's social worker fills it with the household. */
const APPLICATION_OUTPUTS = {
  outcome: "application",
  phone: "13858012345",
  address: "宁波市鄞州区首南街道天童南路100号",
  householdSize: 1,
  monthlyIncome: 900,
  residency: "hukou",
  requestedAssistance: "basicLiving",
  urgent: false,
  consentToVerification: true,
  hasMajorMedicalExpenses: true,
  studentsInSchool: 0,
  housingDifficulty: false,
  unemployedMembers: 1,
  disabledMembers: 0,
  hasChildInDifficulty: false,
  needsLegalAid: false,
  hasCableTv: false,
};

/** The visit case the alert starts, its home visit dispatched. */
function visitCase(): { state: CaseState; attempt: number } {
  const [planned] = planRules(catalogue, expense(86000), { entitlements: [] });
  if (planned?.kind !== "startCase") throw new Error("no visit planned");
  const d = decide(
    undefined,
    {
      type: "ApplicationSubmitted",
      eventId: "submit",
      caseId: "OT-20260302-OUTREACH01",
      bundleId: planned.bundleId,
      application: planned.application,
      channel: "proactive",
      filedBy: { role: "system", id: "medical-insurance-roster" },
    },
    NOW,
  );
  expect(d.ignored).toBeUndefined();
  return { state: d.state as CaseState, attempt: 1 };
}

function answerVisit(state: CaseState, outputs: Record<string, unknown>, eventId = "visit-1") {
  const item = catalogue.bundle("outreach-visit").items[0];
  if (!item) throw new Error("no home-visit");
  return decide(
    state,
    {
      type: "ItemResultReceived",
      eventId,
      caseId: state.caseId,
      itemId: "home-visit",
      department: "town-office",
      attempt: 1,
      result: { outcome: "completed", outputs: autoOutputs(item, outputs) },
    },
    new Date("2026-03-05T15:00:00+08:00"),
  );
}

const offersOf = (commands: readonly { type: string }[]) =>
  commands.filter((c): c is MakeOffer => c.type === "MakeOffer");

describe("a large medical expense opens an outreach visit at the household's town", () => {
  it("plans a visit for 50,000 yuan or more, for a household outside dibao, tekun and dibian", () => {
    const [planned, ...rest] = planRules(catalogue, expense(86000), {
      entitlements: [held("dibao", "ended")],
    });
    expect(rest).toEqual([]);
    expect(planned).toMatchObject({
      kind: "startCase",
      bundleId: "outreach-visit",
      application: {
        applicant: person,
        subject: { householdPlace: TOWN, expense: 86000, periodEnd: "2026-02-28" },
      },
    });
    expect(planRules(catalogue, expense(49999), { entitlements: [] })).toEqual([]);
    for (const benefit of ["dibao", "tekun", "dibian"])
      expect(planRules(catalogue, expense(86000), { entitlements: [held(benefit)] }), benefit).toEqual([]);
    // Another benefit is not assistance: the household is still visited.
    expect(planRules(catalogue, expense(86000), { entitlements: [held("elderly-allowance")] })).toHaveLength(
      1,
    );
  });

  it("dispatches the home visit to the town office of the household's town, within 5 working days", () => {
    const { state } = visitCase();
    expect(state.place?.code).toBe(TOWN);
    expect(state.items["home-visit"]).toMatchObject({
      status: "dispatched",
      department: "town-office",
      office: { jurisdiction: TOWN },
    });
    expect(state.items["home-visit"]?.dueAt).toBe("2026-03-09T16:00:00.000Z");
  });
});

describe("the visit's outcome", () => {
  it("application: a social-assistance offer pre-filled from the visit, valid as it stands", () => {
    const { state } = visitCase();
    const d = answerVisit(state, APPLICATION_OUTPUTS);
    expect(d.state?.status).toBe("completed");
    const [offer, ...more] = offersOf(d.commands);
    expect(more).toEqual([]);
    expect(offer).toMatchObject({
      caseId: state.caseId,
      itemId: "home-visit",
      attempt: 1,
      offerKey: `case:${state.caseId}:home-visit:1:0`,
      bundleId: "social-assistance",
      addressee: person.idNumber,
      expiresAt: "2026-04-04T07:00:00.000Z",
      place: TOWN,
      madeBy: { kind: "case", caseId: state.caseId, itemId: "home-visit" },
      occurredAt: "2026-03-05T07:00:00.000Z",
    });
    const draft = offer?.draft as Application;
    expect(draft.applicant).toEqual({ ...person, householdPlace: TOWN, phone: "13858012345" });
    expect(draft.subject).toMatchObject({ householdSize: 1, monthlyIncome: 900 });
    expect(draft.answers).toMatchObject({ consentToVerification: true, requestedAssistance: "basicLiving" });
    expect(draft.answers).not.toHaveProperty("outcome");
    // Nothing is left open: the household confirms in one step.
    const valid = validateApplication(catalogue.bundle("social-assistance"), draft);
    expect(valid.ok ? [] : valid.issues).toEqual([]);
    expect(openFieldsOf(catalogue.bundle("social-assistance"), draft)).toEqual([]);
    const made = d.commands.flatMap((c) => (c.type === "RecordTimeline" ? [c.entry] : []));
    const entry = made.find((e) => e.kind === "offer_made");
    expect(entry?.detail).toBe(`social-assistance offer case:${state.caseId}:home-visit:1:0`);
    expect(JSON.stringify(made)).not.toContain(person.idNumber);
  });

  it("application with less recorded: what is missing is left open for the household", () => {
    const { phone: _phone, ...partial } = APPLICATION_OUTPUTS;
    const d = answerVisit(visitCase().state, { ...partial, householdSize: 3 });
    const draft = offersOf(d.commands)[0]?.draft as Application;
    expect(openFieldsOf(catalogue.bundle("social-assistance"), draft)).toEqual([
      "applicant.phone",
      "subject.otherMembers",
    ]);
  });

  it.each(["no_need", "referred"])("%s: no offer", (outcome) => {
    const { state } = visitCase();
    const d = answerVisit(state, { ...APPLICATION_OUTPUTS, outcome, referredTo: "县医保局" });
    expect(d.ignored).toBeUndefined();
    expect(offersOf(d.commands)).toEqual([]);
    expect(d.state?.status).toBe("completed");
  });

  it("a replayed answer makes no second offer", () => {
    const { state } = visitCase();
    const first = answerVisit(state, APPLICATION_OUTPUTS);
    const again = answerVisit(first.state as CaseState, APPLICATION_OUTPUTS, "visit-2");
    expect(again.ignored).toBeDefined();
    expect(again.commands).toEqual([]);
  });
});

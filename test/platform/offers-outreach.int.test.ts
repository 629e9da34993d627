/**
 * Outreach through the platform on DynamoDB Local and the SQS emulator: a large medical expense for a household
 * outside assistance opens a visit at its town office (one already receiving 低保 gets none); the visit answered
 * with the outcome "application" makes a pre-filled social-assistance offer, which the household accepts in one
 * call with no answers; the overview's funnel counts it at the town.
 */
import { itemDefinition, residentIdCheckChar } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { autoOutputs } from "../support/outputs.ts";
import { catalogue, testPlatform } from "../support/platform.ts";

const t = await testPlatform({ name: "offers-outreach", ops: "real" });

const withCheck = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const TOWN = "330212003"; // 首南街道, Yinzhou
const household = { idNumber: withCheck("33021219620304011"), name: "吴德明" };
const onDibao = { idNumber: withCheck("33021219580911012"), name: "郑秀英" };
const expense = (sourceEventId: string, person: object, amount = 86000) => ({
  type: "LargeMedicalExpense",
  schemaVersion: 1,
  sourceEventId,
  occurredAt: "2026-03-01T20:00:00+08:00",
  person,
  householdPlace: TOWN,
  amount,
  periodEnd: "2026-02-28",
});
const VISIT = {
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
const send = async (event: { sourceEventId: string }) => {
  const r = await t.sendEvent("medical-insurance-roster", event);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  await t.drainEvents();
  await t.drainOrchestrator();
  const status = await t.request(
    "GET",
    `/v1/events/${event.sourceEventId}`,
    t.source("medical-insurance-roster"),
  );
  return status.body.outcome as { startedCases: string[]; summary: string };
};

let visitCase = "";
let offerId = "";

describe("a large medical expense for a household outside assistance", () => {
  it("opens a visit at the household's town office", async () => {
    const outcome = await send(expense("mi-alert-0001", household));
    expect(outcome.startedCases).toHaveLength(1);
    visitCase = outcome.startedCases[0] ?? "";
    const state = (await t.store.getCase(visitCase))?.state;
    expect(state).toMatchObject({ bundleId: "outreach-visit", channel: "proactive", place: { code: TOWN } });
    expect(state?.items["home-visit"]).toMatchObject({
      status: "dispatched",
      department: "town-office",
      office: { jurisdiction: TOWN },
    });
  });

  it("a household place the tree does not know is refused at once, naming the field", async () => {
    const r = await t.sendEvent("medical-insurance-roster", {
      ...expense("mi-alert-0099", household),
      householdPlace: "330212999",
    });
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([
      expect.objectContaining({ path: "householdPlace", code: "unknown_place" }),
    ]);
  });

  it("one already receiving 低保 gets no visit", async () => {
    const granted = await t.sendEvent("civil-affairs-roster", {
      type: "EntitlementGranted",
      schemaVersion: 1,
      sourceEventId: "ca-2024-0777",
      occurredAt: "2026-01-01T09:00:00+08:00",
      person: onDibao,
      benefit: "dibao",
      since: "2024-01-01",
    });
    expect(granted.status).toBe(202);
    await t.drainEvents();
    const outcome = await send(expense("mi-alert-0002", onDibao));
    expect(outcome.startedCases).toEqual([]);
    expect(outcome.summary).toBe("no rule applies");
  });
});

describe("the visit's outcome: application", () => {
  it("makes a social-assistance offer pre-filled from the visit, nothing left open", async () => {
    const [task, ...more] = await t.takeTasks("town-office", visitCase);
    expect(more).toEqual([]);
    const item = itemDefinition(catalogue.bundle("outreach-visit"), "home-visit");
    if (!item || !task) throw new Error("no home visit");
    const r = await t.request("POST", `/v1/tasks/${task.taskToken}/result`, t.department("town-office"), {
      outcome: "completed",
      outputs: autoOutputs(item, VISIT),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    await t.drainOrchestrator();
    expect((await t.store.getCase(visitCase))?.state.status).toBe("completed");

    const inbox = await t.request("GET", "/v1/offers", t.citizenFor(household.idNumber));
    expect(inbox.body.offers).toHaveLength(1);
    offerId = inbox.body.offers[0].offerId;
    expect(inbox.body.offers[0]).toMatchObject({
      bundleId: "social-assistance",
      state: "open",
      openFields: [],
      madeBy: `case:${visitCase}`,
    });
    const view = await t.request("GET", `/v1/offers/${offerId}`, t.citizenFor(household.idNumber));
    expect(view.body.draft).toMatchObject({
      applicant: { idNumber: household.idNumber, phone: "13858012345" },
      answers: { consentToVerification: true },
    });
    expect((await t.request("GET", `/v1/offers/${offerId}`, t.citizenFor(onDibao.idNumber))).status).toBe(
      404,
    );
  });

  it("the household accepts it in one call with no answers: a proactive social-assistance case", async () => {
    const r = await t.request("POST", `/v1/offers/${offerId}/accept`, t.citizenFor(household.idNumber), {});
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const state = (await t.store.getCase(r.body.caseId))?.state;
    expect(state).toMatchObject({
      bundleId: "social-assistance",
      channel: "proactive",
      offer: { offerId, madeBy: `case:${visitCase}` },
    });
    expect(r.body.case.items.some((i: { status: string }) => i.status === "dispatched")).toBe(true);
  });

  it("the funnel counts it at the household's town", async () => {
    const summary = await t.request("GET", "/v1/ops/summary?place=330212", t.operator);
    expect(summary.status).toBe(200);
    const town = summary.body.offers.byPlace.find((p: { place: string }) => p.place === TOWN);
    expect(town).toMatchObject({ made: 1, delivered: 1, opened: 1, accepted: 1, declined: 0, expired: 0 });
    expect(summary.body.offers.byBundle).toEqual([
      expect.objectContaining({ bundleId: "social-assistance", made: 1, accepted: 1 }),
    ]);
    expect(summary.body.offers.eventToCase.count).toBe(1);
    // Within the caller's scope: an operator of another district (Haishu) counts none of Yinzhou's offers.
    const haishu = await t.request("GET", "/v1/ops/summary", {
      role: "operator",
      sub: "op-haishu",
      office: "330203",
    });
    expect(haishu.status).toBe(200);
    expect(haishu.body.offers.total.made).toBe(0);
    expect(haishu.body.offers.byBundle).toEqual([]);
  });
});

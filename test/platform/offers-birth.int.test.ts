/**
 * 免申即享 on a birth, through the API, the events queue, the orchestrator and the sweeper on DynamoDB Local and the
 * SQS emulator: a ChildBorn record offers both parents the marriage-birth-household items pre-filled from it (each
 * sees only their own); confirming one makes a proactive case running the birth items and supersedes the other; an
 * expecting couple's open case continues on the event instead; offers are declined and expire; a wait times out;
 * replays change nothing; the overview's funnel counts it all.
 */
import { residentIdCheckChar } from "@onething/domain";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../support/platform.ts";

let now = new Date("2026-06-29T10:00:00+08:00");
const t = await testPlatform({ name: "offers-birth", ops: "real", clock: () => now });

const withCheck = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const person = (n: number, name: string) => ({
  idNumber: withCheck(`330212199501${String(10 + n)}${String(n).padStart(3, "0")}`),
  name,
});
const TOWN = "330212003";
const [motherA, fatherB, motherC, fatherD, motherE] = [
  person(1, "林晓雯"),
  person(2, "徐浩"),
  person(3, "王丽"),
  person(4, "张强"),
  person(5, "陈静"),
];
const birth = (sourceEventId: string, mother: object, father?: object) => ({
  type: "ChildBorn",
  schemaVersion: 1,
  sourceEventId,
  occurredAt: "2026-06-28T10:00:00+08:00",
  mother,
  ...(father ? { father } : {}),
  householdPlace: TOWN,
  child: { name: "徐小满", birthDate: "2026-06-27", birthCertificateNumber: `Q${sourceEventId.slice(-6)}` },
});
const birthAB = birth("birth-2026-000417", motherA, fatherB);

/** What only the parent can give, for whichever fields an offer leaves open. */
const ANSWERS: Record<string, unknown> = {
  "applicant.phone": "15867431290",
  "subject.gender": "female",
  "answers.alreadyMarried": true,
  "answers.marriageCertificateNumber": "J330212-2025-000777",
  "answers.birthRegistrationDone": true,
  "answers.childOrder": 1,
  "answers.hukouFollows": "mother",
  "answers.birthHospital": "宁波市妇女儿童医院",
  "answers.residentialAddress": "宁波市鄞州区首南街道学士路555弄12号601室",
  "answers.motherHasMaternityInsurance": true,
};

const as = (p: { idNumber: string }) => t.citizenFor(p.idNumber);
const inbox = async (p: { idNumber: string }) => {
  const r = await t.request("GET", "/v1/offers", as(p));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.offers as { offerId: string; state: string; openFields: string[]; caseId?: string }[];
};
const sendBirth = async (event: object) => {
  const r = await t.sendEvent("health-birth-registry", event);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  await t.drainEvents();
  await t.drainOrchestrator();
};
const offersOf = async (sourceEventId: string): Promise<string[]> => {
  const status = await t.request("GET", `/v1/events/${sourceEventId}`, t.source("health-birth-registry"));
  return status.body.outcome?.offers ?? [];
};
async function caseOf(caseId: string) {
  const stored = await t.store.getCase(caseId);
  if (!stored) throw new Error(`no case ${caseId}`);
  return stored.state;
}

let offerA = "";
let offerB = "";
let acceptedCase = "";

describe("a birth offers both parents the birth items", () => {
  it("makes one offer to each parent, pre-filled with the birth certificate; each sees only their own", async () => {
    await sendBirth(birthAB);
    [offerA = "", offerB = ""] = await offersOf(birthAB.sourceEventId);
    expect(offerA).toMatch(/^OF-\d{8}-[A-Z2-9]{10}$/);
    expect(offerB).not.toBe(offerA);

    const mine = await inbox(motherA);
    expect(mine.map((o) => [o.offerId, o.state])).toEqual([[offerA, "open"]]);
    expect(mine[0]?.openFields).toContain("applicant.phone");
    expect(mine[0]?.openFields).not.toContain("answers.birthCertificateNumber");
    const view = await t.request("GET", `/v1/offers/${offerA}`, as(motherA));
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      bundleId: "marriage-birth-household",
      madeBy: "rule:child-born-offer.v1",
      eventType: "ChildBorn",
      draft: {
        applicant: { idNumber: motherA.idNumber, role: "mother", householdPlace: TOWN },
        subject: { dateOfBirth: "2026-06-27" },
        answers: { babyBorn: true, birthCertificateNumber: "Q000417", spouseIdNumber: fatherB.idNumber },
      },
    });
    // The father does not see the mother's offer, nor does anyone else (any role): as if it did not exist.
    for (const who of [as(fatherB), as(motherC)]) {
      const r = await t.request("GET", `/v1/offers/${offerA}`, who);
      expect(r.status).toBe(404);
      expect(r.body.error).toBe("unknown_offer");
      expect((await t.request("POST", `/v1/offers/${offerA}/accept`, who, {})).status).toBe(404);
    }
    expect((await t.request("GET", `/v1/offers/${offerA}`, t.operator)).status).toBe(403);
  });

  it("accepting asks only for the open fields, naming every bad one", async () => {
    const view = await t.request("GET", `/v1/offers/${offerA}`, as(motherA));
    // The certificate number is open because "already married" is: it depends on the answer.
    expect(view.body.openFields).toEqual(
      expect.arrayContaining(["answers.alreadyMarried", "answers.marriageCertificateNumber"]),
    );
    const wrong = await t.request("POST", `/v1/offers/${offerA}/accept`, as(motherA), {
      answers: {
        "answers.birthCertificateNumber": "Q-FORGED",
        "answers.spousePhone": "13732190876",
        "applicant.phone": ANSWERS["applicant.phone"],
      },
    });
    expect(wrong.status).toBe(400);
    const issues = wrong.body.issues.map((i: { path: string; code: string }) => `${i.path} ${i.code}`);
    expect(issues).toContain("answers.answers.birthCertificateNumber field_not_open");
    expect(issues).toContain("answers.answers.spousePhone field_not_open");
    expect(issues).toContain("answers.answers.residentialAddress required");
    expect(issues.filter((i: string) => i.startsWith("answers.applicant.phone"))).toEqual([]);
    // Not yet answered "already married": neither of its dependent fields is asked for.
    const malformed = await t.request("POST", `/v1/offers/${offerA}/accept`, as(motherA), { answers: "yes" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues.map((i: { path: string }) => i.path)).toEqual(["answers"]);
    expect(issues.filter((i: string) => /marri/i.test(i))).toEqual([
      "answers.answers.alreadyMarried required",
    ]);
  });

  it("confirming makes a proactive case that links the offer and runs the birth items; the father's is superseded", async () => {
    const open: string[] = (await t.request("GET", `/v1/offers/${offerA}`, as(motherA))).body.openFields;
    const answersAfterMarried = Object.fromEntries(
      open.flatMap((ref) => (ref in ANSWERS ? [[ref, ANSWERS[ref]]] : [])),
    );
    const r = await t.request("POST", `/v1/offers/${offerA}/accept`, as(motherA), {
      answers: answersAfterMarried,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    acceptedCase = r.body.caseId;
    expect(r.body).toMatchObject({ offerId: offerA, state: "accepted", case: { caseId: acceptedCase } });
    await t.drainOrchestrator();

    const state = await caseOf(acceptedCase);
    expect(state.channel).toBe("proactive");
    expect(state.offer).toMatchObject({ offerId: offerA, madeBy: "rule:child-born-offer.v1" });
    const kinds = (await t.platform.timeline(acceptedCase)).map((e) => e.kind);
    expect(kinds).toContain("offer_accepted");
    expect(state.items["birth-medical-certificate"]?.status).toBe("skipped");
    const tasks = await t.takeTasks("public-security", acceptedCase);
    const household = tasks.find((task) => task.itemId === "newborn-household-registration");
    expect(household?.inputs.fields["answers.birthCertificateNumber"]).toBe("Q000417");

    const again = await t.request("POST", `/v1/offers/${offerA}/accept`, as(motherA), {
      answers: answersAfterMarried,
    });
    expect(again.status).toBe(200);
    expect(again.body.caseId).toBe(acceptedCase);
    const fathers = await inbox(fatherB);
    expect(fathers.map((o) => [o.offerId, o.state])).toEqual([[offerB, "superseded"]]);
    const late = await t.request("POST", `/v1/offers/${offerB}/accept`, as(fatherB), {});
    expect(late.status).toBe(409);
    expect(late.body.error).toBe("offer_superseded");
    expect((await t.request("GET", `/v1/offers/${offerB}`, as(fatherB))).status).toBe(200);
  });

  it("the same event again changes nothing: the same offers, no new ones, counters unchanged", async () => {
    const before = (await t.request("GET", "/v1/ops/summary", t.operator)).body.offers.total;
    const again = await t.sendEvent("health-birth-registry", birthAB);
    expect(again.body.status).toBe("duplicate");
    await t.enqueueEvent("health-birth-registry", birthAB);
    await t.drainEvents();
    expect(await offersOf(birthAB.sourceEventId)).toEqual([offerA, offerB]);
    expect((await inbox(motherA)).map((o) => o.offerId)).toEqual([offerA]);
    expect((await t.request("GET", "/v1/ops/summary", t.operator)).body.offers.total).toEqual(before);
  });
});

describe("an expecting couple's open case continues on the birth instead", () => {
  const sample = samplesFor("marriage-birth-household").find((s) => s.id === "mbh-engaged-expecting");
  const expecting = (mother: { idNumber: string; name: string }, key: string) =>
    t.request(
      "POST",
      "/v1/applications",
      as(mother),
      {
        bundleId: "marriage-birth-household",
        ...sample?.application,
        applicant: { ...sample?.application.applicant, ...mother },
      },
      { "idempotency-key": key },
    );
  let waitingCase = "";

  it("their case waits for ChildBorn, then runs the birth items with the certificate; no offer is made", async () => {
    const mother = person(6, "林晓雯");
    const r = await expecting(mother, "expecting-1");
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const caseId = r.body.caseId;
    expect((await caseOf(caseId)).items["await-birth"]?.status).toBe("waiting");

    const event = birth("birth-2026-000501", mother);
    await sendBirth(event);
    expect(await offersOf(event.sourceEventId)).toEqual([]);
    expect(await inbox(mother)).toEqual([]);
    const state = await caseOf(caseId);
    expect(state.items["await-birth"]).toMatchObject({
      status: "completed",
      outputs: { birthCertificateNumber: "Q000501", dateOfBirth: "2026-06-27" },
    });
    const vaccination = await t.takeTasks("cdc", caseId);
    expect(vaccination.map((task) => task.itemId)).toContain("vaccination-certificate");
    // The household registration follows the marriage registration (after): once that is answered, it goes out.
    expect(state.items["newborn-household-registration"]?.status).toBe("pending");
    const marriage = await t.takeTasks("civil-affairs", caseId);
    expect(marriage.map((task) => task.itemId)).toEqual(["marriage-registration"]);
    const [task] = marriage;
    const answered = await t.request(
      "POST",
      `/v1/tasks/${task?.taskToken}/result`,
      t.department("civil-affairs"),
      {
        outcome: "completed",
        outputs: { marriageCertificateNumber: "J330212-2026-000123", registeredOn: "2026-06-29" },
      },
    );
    expect(answered.status, JSON.stringify(answered.body)).toBe(202);
    await t.drainOrchestrator();
    const household = (await t.takeTasks("public-security", caseId)).find(
      (x) => x.itemId === "newborn-household-registration",
    );
    expect(household?.inputs.outputs).toMatchObject({
      "await-birth.birthCertificateNumber": "Q000501",
      "await-birth.dateOfBirth": "2026-06-27",
    });
  });

  it("a wait that no birth answers times out through the sweeper, and the case tells the applicant", async () => {
    const r = await expecting(person(7, "周敏"), "expecting-2");
    expect(r.status).toBe(202);
    waitingCase = r.body.caseId;
    expect((await caseOf(waitingCase)).items["await-birth"]?.status).toBe("waiting");
    // Another birth that day: offered to its mother (made 5), declined; and one left to expire.
    await sendBirth(birth("birth-2026-000602", motherC, fatherD));
    await sendBirth(birth("birth-2026-000703", motherE));
  });

  it("declining is recorded; declining again answers the same; accepting it then is 409", async () => {
    const [offerC] = (await inbox(motherC)).map((o) => o.offerId);
    expect((await t.request("GET", `/v1/offers/${offerC}`, as(motherC))).status).toBe(200);
    const declined = await t.request("POST", `/v1/offers/${offerC}/decline`, as(motherC), {
      reason: "已在线下办理",
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toEqual({ offerId: offerC, state: "declined" });
    expect((await t.request("POST", `/v1/offers/${offerC}/decline`, as(motherC), {})).status).toBe(200);
    const late = await t.request("POST", `/v1/offers/${offerC}/accept`, as(motherC), {});
    expect(late.status).toBe(409);
    expect(late.body.error).toBe("offer_declined");
    const tooLong = await t.request("POST", `/v1/offers/${offerC}/decline`, as(motherC), {
      reason: "x".repeat(201),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.issues.map((i: { path: string }) => i.path)).toEqual(["reason"]);
    expect((await t.store.getOffer(offerC ?? ""))?.declineReason).toBe("已在线下办理");
  });

  it("past their time, the sweeper expires open offers and times out the wait", async () => {
    now = new Date("2026-10-01T10:00:00+08:00");
    const report = await t.sweep();
    expect(report.offersExpired).toBe(2);
    expect(report.waitsTimedOut).toBe(1);
    await t.drainOrchestrator();

    expect((await inbox(motherE)).map((o) => o.state)).toEqual(["expired"]);
    const [offerE] = (await inbox(motherE)).map((o) => o.offerId);
    const late = await t.request("POST", `/v1/offers/${offerE}/accept`, as(motherE), {});
    expect(late.body.error).toBe("offer_expired");
    const state = await caseOf(waitingCase);
    expect(state.items["await-birth"]).toMatchObject({ status: "skipped", skipReason: "wait_timed_out" });
    expect((await t.platform.timeline(waitingCase)).map((e) => e.kind)).toContain("item_wait_timed_out");
    expect((await t.sweep()).waitsTimedOut).toBe(0);
  });

  it("the overview's funnel counts made, delivered, opened, accepted, declined, expired and event→case", async () => {
    const r = await t.request("GET", "/v1/ops/summary", t.operator);
    expect(r.status).toBe(200);
    // Only open offers count as delivered or opened: the father's (read after it was superseded) and mother E's
    // (first listed after it expired) count neither.
    const funnel = { made: 5, delivered: 2, opened: 2, accepted: 1, declined: 1, expired: 2, superseded: 1 };
    expect(r.body.offers.total).toEqual(funnel);
    expect(r.body.offers.byBundle).toEqual([{ bundleId: "marriage-birth-household", ...funnel }]);
    expect(r.body.offers.byPlace.find((p: { place: string }) => p.place === "330000")).toMatchObject(funnel);
    expect(r.body.offers.eventToCase.count).toBe(1);
    expect(r.body.offers.eventToCase.p50Ms).toBeGreaterThan(0);
  });
});

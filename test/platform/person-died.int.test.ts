/**
 * A death stops every benefit, through the API, the events queue and the orchestrator on DynamoDB Local and the
 * SQS emulator: rosters grant, 卫健's death registry records the death, one benefit-stop case stops each benefit at
 * its department, the deceased's own open application is withdrawn, and the family's after-death application
 * finds the stops under way.
 */
import { residentIdCheckChar } from "@onething/domain";
import { samplesFor } from "@onething/seeds/samples";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../support/platform.ts";

const t = await testPlatform({ name: "person-died" });

const withCheck = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const sampleOf = (id: string) => {
  const found = [...samplesFor("after-death"), ...samplesFor("social-assistance")].find((s) => s.id === id);
  if (!found) throw new Error(`no sample ${id}`);
  return found;
};

const deceased = { idNumber: withCheck("33021219420317001"), name: "陈阿婆" };
const son = { name: "陈建华", idNumber: withCheck("33021219680402003") };
const daughter = { name: "陈建芬", idNumber: withCheck("33021219700815004") };
const occurredAt = "2026-03-02T09:30:00+08:00";

const granted = (sourceEventId: string, benefit: string, since: string) => ({
  type: "EntitlementGranted",
  schemaVersion: 1,
  sourceEventId,
  occurredAt,
  person: deceased,
  benefit,
  since,
});
const died = {
  type: "PersonDied",
  schemaVersion: 1,
  sourceEventId: "dmc-2026-000117",
  occurredAt,
  person: deceased,
  diedOn: "2026-03-01",
  deathCertificateNumber: "D330200202603010117",
};

/** The deceased's own 临时救助 application, filed before she died. */
const assistance = sampleOf("sa-migrant-family-emergency");
const afterDeath = sampleOf("after-death-hospital-pensioner");
const afterDeathBy = (applicant: { name: string; idNumber: string }) => ({
  bundleId: "after-death",
  ...afterDeath.application,
  applicant: { ...afterDeath.application.applicant, ...applicant },
  subject: { ...afterDeath.application.subject, ...deceased, dateOfDeath: "2026-03-01" },
  answers: { ...afterDeath.application.answers, receivesAssistance: true, receivesElderlyAllowance: true },
});

async function caseOf(caseId: string) {
  const stored = await t.store.getCase(caseId);
  if (!stored) throw new Error(`no case ${caseId}`);
  return stored.state;
}

// Shared by the steps below, which run in order on one person.
let stopCaseId = "";
let assistanceCaseId = "";
let stopTasks: Awaited<ReturnType<typeof t.takeTasks>> = [];

describe("a death stops every benefit: the death", () => {
  it("rosters grant 低保, 高龄津贴 and a pension; the person's own 临时救助 application is open", async () => {
    for (const [source, event] of [
      ["civil-affairs-roster", granted("ca-2019-8812", "dibao", "2019-05-01")],
      ["civil-affairs-roster", granted("ca-2022-0421", "elderly-allowance", "2022-03-17")],
      ["hrss-roster", granted("hrss-2002-0031", "pension", "2002-04-01")],
    ] as const) {
      const r = await t.sendEvent(source, event);
      expect(r.status, JSON.stringify(r.body)).toBe(202);
    }
    await t.drainEvents();
    const civil = await t.request("GET", "/v1/entitlements?status=active", t.department("civil-affairs"));
    expect(civil.status).toBe(200);
    expect(civil.body.entitlements.map((e: { benefit: string }) => e.benefit).sort()).toEqual([
      "dibao",
      "elderly-allowance",
    ]);
    // A department sees only its own roster.
    const hrss = await t.request("GET", "/v1/entitlements", t.department("human-resources-social-security"));
    expect(hrss.body.entitlements.map((e: { benefit: string }) => e.benefit)).toEqual(["pension"]);

    const r = await t.request(
      "POST",
      "/v1/applications",
      t.citizenFor(deceased.idNumber),
      {
        bundleId: "social-assistance",
        ...assistance.application,
        applicant: { ...assistance.application.applicant, ...deceased },
      },
      { "idempotency-key": "assistance-1" },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    assistanceCaseId = r.body.caseId;
    await t.takeDepartmentMessages();
  });

  it("refuses a malformed event naming the field, and a type the source may not send", async () => {
    const malformed = await t.sendEvent("health-death-registry", {
      ...died,
      person: { ...deceased, idNumber: "330212194203170010" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues.map((i: { path: string }) => i.path)).toContain("person.idNumber");
    const notAllowed = await t.sendEvent("civil-affairs-roster", { ...died, sourceEventId: "ca-forged-1" });
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.body.error).toBe("event_type_not_allowed");
  });

  it("PersonDied from 卫健 opens one benefit-stop case with a stop task per benefit, and withdraws her open application", async () => {
    const r = await t.sendEvent("health-death-registry", died);
    expect(r.status).toBe(202);
    expect(r.body.status).toBe("accepted");
    await t.drainEvents();
    await t.drainOrchestrator();

    const status = await t.request(
      "GET",
      `/v1/events/${died.sourceEventId}`,
      t.source("health-death-registry"),
    );
    expect(status.body.status).toBe("done");
    expect(status.body.outcome.startedCases).toHaveLength(1);
    stopCaseId = status.body.outcome.startedCases[0];
    const stop = await caseOf(stopCaseId);
    expect(stop.bundleId).toBe("benefit-stop");
    expect(stop.channel).toBe("proactive");
    expect(stop.filedBy).toEqual({ role: "system", id: "health-death-registry" });

    const civil = await t.takeTasks("civil-affairs", stopCaseId);
    const hrss = await t.takeTasks("human-resources-social-security", stopCaseId);
    expect(civil.map((task) => task.itemId).sort()).toEqual([
      "stop-benefit--dibao",
      "stop-benefit--elderly-allowance",
    ]);
    expect(hrss.map((task) => task.itemId)).toEqual(["stop-benefit--pension"]);
    stopTasks = [...civil, ...hrss];

    const withdrawn = await caseOf(assistanceCaseId);
    expect(withdrawn.status).toBe("withdrawn");
    expect("withdrawal" in withdrawn && withdrawn.withdrawal?.reason).toContain("PersonDied");
    const roster = await t.request("GET", "/v1/entitlements?status=stopping", t.department("civil-affairs"));
    expect(roster.body.entitlements.every((e: { stopCaseId: string }) => e.stopCaseId === stopCaseId)).toBe(
      true,
    );
    expect(roster.body.entitlements).toHaveLength(2);
  });
});

describe("a death stops every benefit: what follows", () => {
  it("the same event again changes nothing", async () => {
    const again = await t.sendEvent("health-death-registry", died);
    expect(again.status).toBe(202);
    expect(again.body.status).toBe("duplicate");
    // Even delivered on the queue again (a source sending there directly), it starts nothing.
    await t.enqueueEvent("health-death-registry", died);
    await t.drainEvents();
    await t.drainOrchestrator();
    expect(await t.takeTasks("civil-affairs")).toEqual([]);
    const reused = await t.sendEvent("health-death-registry", { ...died, diedOn: "2026-02-27" });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toBe("event_id_reused");
  });

  it("the son's after-death application finds the stops under way and does not dispatch them again; the daughter's is 409 naming his", async () => {
    const r = await t.request("POST", "/v1/applications", t.citizenFor(son.idNumber), afterDeathBy(son), {
      "idempotency-key": "son-1",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const items = Object.fromEntries(
      r.body.items.map((i: { itemId: string; status: string }) => [i.itemId, i.status]),
    );
    for (const id of ["stop-social-assistance", "stop-elderly-allowance", "stop-pension"])
      expect(items[id], id).toBe("skipped");
    const state = await caseOf(r.body.caseId);
    expect(state.items["stop-pension"]?.skipReason).toBe("registry_handles");

    const refused = await t.request(
      "POST",
      "/v1/applications",
      t.citizenFor(daughter.idNumber),
      afterDeathBy(daughter),
      { "idempotency-key": "daughter-1" },
    );
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: "open_case_exists", caseId: r.body.caseId });

    // 公安 cancels the registration: the family's open case is told (a rule's notify), once however often sent.
    const cancelled = {
      type: "HouseholdRegistrationCancelled",
      schemaVersion: 1,
      sourceEventId: "hr-2026-0301-17",
      occurredAt,
      person: deceased,
      cancelledOn: "2026-03-02",
      reason: "death",
    };
    for (let i = 0; i < 2; i++) expect((await t.sendEvent("household-register", cancelled)).status).toBe(202);
    await t.enqueueEvent("household-register", cancelled);
    await t.drainEvents();
    const noted = (await t.platform.timeline(r.body.caseId)).filter((e) => e.kind === "subject_event_noted");
    expect(noted).toHaveLength(1);
    expect(JSON.stringify(noted[0])).toContain("公安户籍系统已注销逝者户口");
  });

  it("each stop answered ends its entitlement once; the overview shows none still held by the dead", async () => {
    expect((await t.ops.summary()).benefitStops.entitlementsOfDead.total).toBe(3);
    for (const task of stopTasks) {
      const r = await t.request("POST", `/v1/tasks/${task.taskToken}/result`, t.department(task.department), {
        outcome: "completed",
        outputs: { stoppedFrom: "2026-03-02" },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
    }
    await t.drainOrchestrator();
    const stop = await caseOf(stopCaseId);
    expect(stop.status).toBe("completed");
    const ended = await t.request("GET", "/v1/entitlements?status=ended", t.department("civil-affairs"));
    expect(ended.body.entitlements.map((e: { endedBy: { caseId: string } }) => e.endedBy.caseId)).toEqual([
      stopCaseId,
      stopCaseId,
    ]);
    const figures = (await t.ops.summary()).benefitStops;
    expect(figures.entitlementsOfDead.total).toBe(0);
    expect(figures.deathToLastStopDays.count).toBe(1);
    expect(figures.deathToLastStopDays.p50).toBeGreaterThanOrEqual(0);
  });
});

describe("a death certificate issued in an after-death case records the death first", () => {
  const father = { idNumber: withCheck("33021219400101001"), name: "周德明" };
  const daughterOf = { name: "周美娟", idNumber: withCheck("33021219720606002") };

  it("starts the benefit-stop case from the completed certificate; 卫健's own record of the death later changes nothing", async () => {
    const grant = await t.sendEvent("hrss-roster", {
      ...granted("hrss-1999-0777", "pension", "1999-02-01"),
      person: father,
    });
    expect(grant.status).toBe(202);
    await t.drainEvents();

    const applied = await t.request(
      "POST",
      "/v1/applications",
      t.citizenFor(daughterOf.idNumber),
      {
        ...afterDeathBy(daughterOf),
        subject: { ...afterDeath.application.subject, ...father, dateOfDeath: "2026-03-01" },
      },
      { "idempotency-key": "zhou-1" },
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(202);
    const caseId: string = applied.body.caseId;
    expect((await caseOf(caseId)).items["stop-pension"]?.skipReason).toBe("registry_handles");

    // The hospital issues the death certificate (and the other departments answer): the platform records the death.
    await t.answerRound(caseId);
    await t.drainEvents();
    const [pension] = await t.store.entitlementsOf(father.idNumber);
    expect(pension?.status).toBe("stopping");
    const stopCaseId = pension?.stopCaseId ?? "";
    expect((await caseOf(stopCaseId)).filedBy).toEqual({ role: "system", id: "platform-cases" });
    expect((await t.store.deathOf(father.idNumber))?.recordedBy).toMatch(/^platform-cases:case:/);

    const hospital = { ...died, sourceEventId: "dmc-2026-000200", person: father };
    expect((await t.sendEvent("health-death-registry", hospital)).status).toBe(202);
    await t.answerRound(caseId);
    await t.drainEvents();
    const status = await t.request(
      "GET",
      `/v1/events/${hospital.sourceEventId}`,
      t.source("health-death-registry"),
    );
    expect(status.body.status).toBe("done");
    expect(status.body.outcome.summary).toContain("death already recorded");
    expect(status.body.outcome.startedCases).toEqual([]);
    const stopCases = (await t.store.listSubjectCases(father.idNumber)).filter(
      (c) => c.bundleId === "benefit-stop" && c.role === "subject",
    );
    expect(stopCases.map((c) => c.caseId)).toEqual([stopCaseId]);
  });
});

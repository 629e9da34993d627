import {
  type Application,
  type CaseEvent,
  type CaseState,
  createDecide,
  DataEventSchema,
  type Item,
  planRules,
  type RegistryEntitlement,
  validateApplication,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { loadSeedCalendar, loadSeedCatalogue } from "../src/index.ts";
import { samplesFor } from "../src/samples.ts";

const catalogue = loadSeedCatalogue();
const decide = createDecide({ catalogue, calendar: loadSeedCalendar() });
const NOW = new Date("2026-03-02T09:30:00+08:00");
const pensioner = samplesFor("after-death").find((s) => s.id === "after-death-hospital-pensioner");
const deceased = pensioner?.application.subject as { idNumber: string; name: string; dateOfDeath: string };

const BENEFITS = {
  dibao: "civil-affairs",
  tekun: "civil-affairs",
  dibian: "civil-affairs",
  "temporary-assistance": "civil-affairs",
  "elderly-allowance": "civil-affairs",
  "disability-subsidies": "civil-affairs",
  pension: "human-resources-social-security",
  "medical-insurance": "medical-insurance",
  "housing-fund": "housing-fund",
  "veteran-benefits": "veterans-affairs",
};

const died = DataEventSchema.parse({
  type: "PersonDied",
  schemaVersion: 1,
  sourceEventId: "dmc-330212-2026-000321",
  occurredAt: "2026-03-02T08:10:00+08:00",
  person: { idNumber: deceased.idNumber, name: deceased.name },
  diedOn: "2026-03-01",
});
const held = (benefit: keyof typeof BENEFITS, since = "2019-05-01"): RegistryEntitlement => ({
  benefit,
  department: BENEFITS[benefit],
  since,
  status: "active",
});

describe("the seed registries", () => {
  it("registers every benefit at one department, 残疾人两项补贴 at civil affairs with the reason", () => {
    expect(Object.fromEntries([...catalogue.benefits.values()].map((b) => [b.id, b.department]))).toEqual(
      BENEFITS,
    );
    expect(catalogue.benefits.get("medical-insurance")?.kind).toBe("enrolment");
    expect(catalogue.benefits.get("housing-fund")?.kind).toBe("account");
    expect(catalogue.benefits.get("disability-subsidies")?.basis?.note).toMatch(/approves and pays/);
  });

  it("trusts each source with its own types, and rosters only with their department's benefits", () => {
    const events = Object.fromEntries([...catalogue.sources.values()].map((s) => [s.id, s.events]));
    expect(events).toMatchObject({
      "health-death-registry": ["PersonDied"],
      "health-birth-registry": ["ChildBorn"],
      "household-register": ["HouseholdRegistrationCancelled", "PersonDied"],
      "platform-cases": ["PersonDied"],
    });
    expect(catalogue.sources.size).toBe(9);
    for (const source of catalogue.sources.values()) {
      for (const b of source.benefits ?? [])
        expect(catalogue.benefits.get(b)?.department).toBe(source.department);
    }
    const rostered = [...catalogue.sources.values()].flatMap((s) => s.benefits ?? []);
    expect(rostered.sort()).toEqual(Object.keys(BENEFITS).sort());
  });

  it("loads the six rules", () => {
    expect(catalogue.rules.map((r) => `${r.id}.v${r.version} on ${r.on}`)).toEqual([
      "person-died-stop-benefits.v1 on PersonDied",
      "person-died-withdraw-applications.v1 on PersonDied",
      "household-cancelled-note.v1 on HouseholdRegistrationCancelled",
      "child-born-note.v1 on ChildBorn",
      "child-born-offer.v1 on ChildBorn",
      "large-medical-expense-outreach.v1 on LargeMedicalExpense",
    ]);
  });
});

describe("a death with 低保, 高龄津贴 and a pension", () => {
  const registry = {
    entitlements: [held("dibao"), held("elderly-allowance", "2018-01-01"), held("pension")],
  };
  const planned = planRules(catalogue, died, registry);

  it("plans one benefit-stop case and the withdrawal of the deceased's assistance applications", () => {
    expect(planned.map((p) => p.kind)).toEqual(["startCase", "addEvent"]);
    expect(planned[1]).toMatchObject({
      idNumber: deceased.idNumber,
      role: "applicant",
      bundles: ["social-assistance"],
      reason: { zh: "申请人已死亡", en: "the applicant has died" },
    });
  });

  it("starts a valid case with three stop tasks at civil affairs and human resources and social security", () => {
    const start = planned[0];
    if (start?.kind !== "startCase") throw new Error("no startCase");
    const bundle = catalogue.bundle(start.bundleId);
    const valid = validateApplication(bundle, start.application);
    expect(valid.ok ? [] : valid.issues).toEqual([]);
    const d = decide(
      undefined,
      {
        type: "ApplicationSubmitted",
        eventId: "rule:dmc:0",
        caseId: "S1",
        bundleId: start.bundleId,
        application: start.application,
        channel: "proactive",
        filedBy: { role: "system", id: "health-death-registry" },
      },
      NOW,
    );
    const dispatched = d.commands.flatMap((c) => (c.type === "DispatchItem" ? [c] : []));
    expect(dispatched.map((c) => `${c.itemId}@${c.department}`)).toEqual([
      "stop-benefit--dibao@civil-affairs",
      "stop-benefit--elderly-allowance@civil-affairs",
      "stop-benefit--pension@human-resources-social-security",
    ]);
    expect(dispatched[1]?.inputs.fields).toEqual({
      "subject.idNumber": deceased.idNumber,
      "subject.name": deceased.name,
      "subject.dateOfDeath": "2026-03-01",
      "element.benefit": "elderly-allowance",
      "element.department": "civil-affairs",
      "element.since": "2018-01-01",
    });
  });

  it("starts no case when the registry holds nothing active, and still withdraws the deceased's applications", () => {
    for (const status of ["ended", "stopping"] as const)
      expect(
        planRules(catalogue, died, { entitlements: [{ ...held("dibao"), status }] }).map(
          (p) => `${p.kind} ${p.ruleId}`,
        ),
      ).toEqual(["addEvent person-died-withdraw-applications"]);
  });
});

describe("the after-death bundle and the registry", () => {
  const bundle = catalogue.bundle("after-death");
  const item = (id: string) => bundle.items.find((i) => i.id === id) as Item;

  it("declares what each stop item ends, and that a certificate or the cancellation records the death", () => {
    const ends = Object.fromEntries(
      bundle.items.flatMap((i) => (i.entitlements ? [[i.id, i.entitlements.ends]] : [])),
    );
    expect(ends).toEqual({
      "stop-pension": ["pension"],
      "close-medical-insurance": ["medical-insurance"],
      "housing-fund-withdrawal": ["housing-fund"],
      "stop-social-assistance": ["dibao", "tekun", "dibian", "temporary-assistance"],
      "stop-elderly-allowance": ["elderly-allowance"],
      "stop-disability-subsidies": ["disability-subsidies"],
      "veteran-benefits": ["veteran-benefits"],
    });
    const emitting = bundle.items.filter((i) => i.emits).map((i) => i.id);
    expect(emitting).toEqual([
      "death-certificate-hospital",
      "death-certificate-police",
      "household-cancellation",
    ]);
    expect(item("household-cancellation").emits?.[0]?.fields).toEqual({
      "person.idNumber": "subject.idNumber",
      "person.name": "subject.name",
      diedOn: "subject.dateOfDeath",
    });
  });

  it("skips the stops the registry already handles and keeps the others, after the certificate emits the death", () => {
    const submitted = decide(
      undefined,
      {
        type: "ApplicationSubmitted",
        eventId: "submit",
        caseId: "A1",
        bundleId: "after-death",
        application: pensioner?.application as Application,
        channel: "online",
        filedBy: { role: "citizen", id: "son" },
        registry: {
          entitlements: [
            { benefit: "pension", status: "stopping", stopCaseId: "S1" },
            { benefit: "elderly-allowance", status: "ended", stopCaseId: "S1" },
          ],
        },
      },
      NOW,
    ).state as CaseState;
    const cert = submitted.items["death-certificate-hospital"];
    const event: CaseEvent = {
      type: "ItemResultReceived",
      eventId: "cert",
      caseId: "A1",
      itemId: "death-certificate-hospital",
      department: "health",
      attempt: cert?.attempt ?? 0,
      result: { outcome: "completed", outputs: { certificateNumber: "DMC-1" } },
    };
    const d = decide(submitted, event, NOW);
    const state = d.state as CaseState;
    expect(state.items["stop-pension"]).toMatchObject({ status: "skipped", skipReason: "registry_handles" });
    expect(state.items["stop-elderly-allowance"]).toMatchObject({ skipReason: "registry_handles" });
    expect(state.items["close-medical-insurance"]?.status).toBe("dispatched");
    const emitted = d.commands.flatMap((c) => (c.type === "EmitDataEvent" ? [c.event] : []));
    expect(emitted).toEqual([
      expect.objectContaining({ type: "PersonDied", sourceEventId: "case:A1:death-certificate-hospital" }),
    ]);
  });

  it("grants 低保, 特困, 低保边缘 and 临时救助 from the social-assistance items of civil affairs", () => {
    const sa = catalogue.bundle("social-assistance");
    const grants = Object.fromEntries(
      sa.items.flatMap((i) => (i.entitlements ? [[i.id, i.entitlements.grants]] : [])),
    );
    expect(grants).toEqual({
      dibao: ["dibao"],
      "tekun-support": ["tekun"],
      dibian: ["dibian"],
      "temporary-assistance": ["temporary-assistance"],
    });
  });
});

describe("the benefit-stop bundle", () => {
  const bundle = catalogue.bundle("benefit-stop");
  const list = bundle.form.fields.find((f) => f.name === "entitlements");
  const options = (name: string) => list?.of?.find((e) => e.name === name)?.options?.map((o) => o.value);

  it("lists every benefit and every department holding one, and is started by the platform", () => {
    expect(options("benefit")).toEqual(Object.keys(BENEFITS));
    expect(options("department")).toEqual([...new Set(Object.values(BENEFITS))]);
    expect(bundle.description?.en).toMatch(/never applied for/);
    expect(bundle.caseSubject).toMatchObject({ field: "subject.idNumber", oneOpenCase: true });
    expect(bundle.items.map((i) => [i.id, i.timeLimitWorkingDays, i.rejectionFails])).toEqual([
      ["stop-benefit", 2, "item"],
    ]);
  });
});

describe("the note rules", () => {
  const envelope = { schemaVersion: 1, sourceEventId: "src-1", occurredAt: "2026-03-02T08:10:00+08:00" };
  const person = { idNumber: deceased.idNumber, name: deceased.name };

  it("notes a household cancellation on the after-death cases whose subject is the person", () => {
    const event = DataEventSchema.parse({
      ...envelope,
      type: "HouseholdRegistrationCancelled",
      person,
      cancelledOn: "2026-03-02",
      reason: "death",
    });
    expect(planRules(catalogue, event, { entitlements: [held("pension")] })).toEqual([
      expect.objectContaining({
        kind: "notify",
        idNumber: deceased.idNumber,
        role: "subject",
        bundles: ["after-death"],
      }),
    ]);
  });

  it("notes a birth on the parents' marriage-birth-household cases, whichever parent applied", () => {
    const mbh = samplesFor("marriage-birth-household")[0]?.application as Application;
    const mother = { idNumber: mbh.applicant.idNumber as string, name: mbh.applicant.name as string };
    const born = {
      ...envelope,
      type: "ChildBorn",
      child: { birthDate: "2026-03-01", birthCertificateNumber: "Q1" },
    };
    const motherOnly = planRules(catalogue, DataEventSchema.parse({ ...born, mother }), {
      entitlements: [],
    }).filter((p) => p.kind === "notify");
    expect(motherOnly).toEqual([
      expect.objectContaining({
        kind: "notify",
        idNumber: mother.idNumber,
        role: "applicant",
        bundles: ["marriage-birth-household"],
      }),
    ]);
    const both = planRules(catalogue, DataEventSchema.parse({ ...born, mother, father: person }), {
      entitlements: [],
    }).filter((p) => p.kind === "notify");
    expect(both.map((p) => p.kind === "notify" && p.idNumber)).toEqual([mother.idNumber, deceased.idNumber]);
  });
});

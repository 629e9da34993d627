import {
  type Application,
  type CaseState,
  type DispatchItem,
  type PlannedAction,
  planRules,
  validateApplication,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { catalogue, decide } from "../support/scenario.ts";
import { childBorn } from "./events.ts";

const NOW = new Date("2026-06-29T10:00:00+08:00");
const mother = { idNumber: "330212199604170486", name: "林晓雯" };
const father = { idNumber: "330212199408250577", name: "徐浩" };
const TOWN = "330212003";

type Offer = Extract<PlannedAction, { kind: "offer" }>;
const offers = (actions: PlannedAction[]) => actions.filter((a): a is Offer => a.kind === "offer");

describe("免申即享: a birth offers both parents the marriage-birth-household items", () => {
  const born = childBorn(mother, { father, householdPlace: TOWN });

  it("plans one offer to each parent, pre-filled from the birth record, in one group", () => {
    const [toMother, toFather, ...rest] = offers(planRules(catalogue, born, { entitlements: [] }));
    expect(rest).toEqual([]);
    const unlessOpen = {
      idNumbers: [mother.idNumber, father.idNumber],
      bundles: ["marriage-birth-household"],
    };
    expect(toMother).toMatchObject({
      ruleId: "child-born-offer",
      ruleVersion: 1,
      index: 0,
      bundleId: "marriage-birth-household",
      addressee: mother.idNumber,
      group: "parents",
      expiresAfterDays: 90,
      unlessOpen,
      place: TOWN,
      draft: {
        applicant: { ...mother, role: "mother", householdPlace: TOWN },
        subject: { name: "徐小满", dateOfBirth: "2026-06-27" },
        answers: {
          spouseName: father.name,
          spouseIdNumber: father.idNumber,
          babyBorn: true,
          birthCertificateNumber: "Q330212260627",
        },
      },
    });
    expect(toFather).toMatchObject({
      index: 1,
      addressee: father.idNumber,
      group: "parents",
      unlessOpen,
      draft: { applicant: { ...father, role: "father" }, answers: { spouseIdNumber: mother.idNumber } },
    });
  });

  it("a record without the father offers the mother alone; without a household, no place", () => {
    const planned = offers(planRules(catalogue, childBorn(mother), { entitlements: [] }));
    expect(planned.map((p) => p.addressee)).toEqual([mother.idNumber]);
    expect(planned[0]).not.toHaveProperty("place");
    expect(planned[0]?.unlessOpen?.idNumbers).toEqual([mother.idNumber]);
    expect(planned[0]?.draft.answers).not.toHaveProperty("spouseName");
  });

  it("accepted with what only the parent knows, it runs the birth items with the certificate from the record", () => {
    const [toMother] = offers(planRules(catalogue, born, { entitlements: [] }));
    const draft = toMother?.draft as Application;
    const application: Application = {
      applicant: { ...draft.applicant, phone: "15867431290" },
      subject: { ...draft.subject, gender: "female" },
      answers: {
        ...draft.answers,
        alreadyMarried: true,
        marriageCertificateNumber: "J330212-2025-000777",
        birthRegistrationDone: true,
        childOrder: 1,
        hukouFollows: "mother",
        residentialAddress: "宁波市鄞州区首南街道学士路555弄12号601室",
        motherHasMaternityInsurance: true,
      },
    };
    const form = catalogue.bundle("marriage-birth-household");
    const valid = validateApplication(form, application);
    expect(valid.ok ? [] : valid.issues).toEqual([]);
    const offer = {
      offerId: "OF-20260629-ABCDEFGHJK",
      madeAt: "2026-06-28T02:00:05.000Z",
      occurredAt: "2026-06-28T02:00:00.000Z",
      madeBy: "rule:child-born-offer.v1",
    };
    const d = decide(
      undefined,
      {
        type: "ApplicationSubmitted",
        eventId: "submit:OT-20260629-OFFERCASE1",
        caseId: "OT-20260629-OFFERCASE1",
        bundleId: "marriage-birth-household",
        application,
        channel: "proactive",
        filedBy: { role: "citizen", id: mother.idNumber },
        offer,
      },
      NOW,
    );
    expect(d.ignored).toBeUndefined();
    const state = d.state as CaseState;
    expect(state.offer).toEqual(offer);
    expect(state.channel).toBe("proactive");
    const timeline = d.commands.flatMap((c) => (c.type === "RecordTimeline" ? [c.entry] : []));
    expect(timeline.map((e) => e.kind).slice(0, 2)).toEqual(["case_submitted", "offer_accepted"]);
    expect(timeline[1]?.detail).toBe("OF-20260629-ABCDEFGHJK made by rule:child-born-offer.v1");
    const sent = d.commands.filter((c): c is DispatchItem => c.type === "DispatchItem");
    expect(sent.map((c) => c.itemId)).toEqual(
      expect.arrayContaining([
        "newborn-household-registration",
        "vaccination-certificate",
        "maternity-benefit",
      ]),
    );
    expect(state.items["birth-medical-certificate"]?.status).toBe("skipped");
    expect(state.items["await-birth"]?.status).toBe("skipped");
    const household = sent.find((c) => c.itemId === "newborn-household-registration");
    expect(household?.inputs.fields["answers.birthCertificateNumber"]).toBe("Q330212260627");
  });
});

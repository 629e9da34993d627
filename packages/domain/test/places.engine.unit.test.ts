import type { CaseState, OpenCase } from "@onething/domain";
import { describe, expect, it } from "vitest";
import {
  at,
  completion,
  dispatches,
  GULOU,
  JIANGSHAN,
  JINAN,
  placeDecide,
  submission,
  WUXIANG,
} from "./places-fixtures.ts";

const decide = placeDecide();
const T = at("2025-03-03");

/** Submits and completes the intake at the town, so the approval goes out; returns the state after. */
function throughIntake(householdPlace: string, now: Date) {
  const started = decide(undefined, submission(householdPlace), now);
  const state = started.state as CaseState;
  return decide(state, completion(state, "intake", "town-office"), now);
}

describe("case place and receiving office at submission", () => {
  it("takes the casePlace field, received where the applicant chose", () => {
    const d = decide(undefined, submission(JIANGSHAN, { receivingPlace: GULOU }), T);
    expect(d.ignored).toBeUndefined();
    expect(d.state?.place).toEqual({
      code: JIANGSHAN,
      path: "000000/330000/330200/330212/330212101",
      source: "field",
      field: "applicant.householdPlace",
    });
    expect(d.state?.receivingOffice).toEqual({
      jurisdiction: GULOU,
      path: "000000/330000/330200/330203/330203001",
      by: "applicant",
    });
  });

  it("falls back to the receiving place (a counter filing: by the clerk's office)", () => {
    const d = decide(undefined, submission(undefined, { receivingPlace: WUXIANG, channel: "counter" }), T);
    expect(d.state?.place).toMatchObject({ code: WUXIANG, source: "receiving" });
    expect(d.state?.place?.field).toBeUndefined();
    expect(d.state?.receivingOffice).toMatchObject({ jurisdiction: WUXIANG, by: "clerk" });
  });

  it("falls back to the tree's default place, received at the case place", () => {
    const d = decide(undefined, submission(undefined), T);
    expect(d.state?.place).toEqual({ code: "330200", path: "000000/330000/330200", source: "default" });
    expect(d.state?.receivingOffice).toEqual({
      jurisdiction: "330200",
      path: "000000/330000/330200",
      by: "case_place",
    });
  });

  it("ignores a place the tree does not have, naming the field", () => {
    const d = decide(undefined, submission("330212999"), T);
    expect(d.ignored).toMatchObject({ reason: "unknown_place" });
    expect(d.ignored?.detail).toContain("applicant.householdPlace 330212999");
    expect(d.state).toBeUndefined();
    const r = decide(undefined, submission(JIANGSHAN, { receivingPlace: "110000" }), T);
    expect(r.ignored?.detail).toContain("receivingPlace 110000");
    const p = decide(undefined, submission(JIANGSHAN, { answers: { propertyPlace: "330299" } }), T);
    expect(p.ignored?.detail).toContain("answers.propertyPlace 330299");
  });

  it("refuses a malformed code as an invalid application", () => {
    expect(decide(undefined, submission("3302"), T).ignored?.reason).toBe("invalid_application");
  });
});

describe("the place's profile", () => {
  it("runs a Yinzhou case on Ningbo's profile overridden by Yinzhou's: legal aid off", () => {
    const d = decide(undefined, submission(JIANGSHAN), T);
    expect(d.state?.profile).toEqual({
      layers: [
        { place: "330200", version: 1 },
        { place: "330212", version: 1 },
      ],
      disabled: ["legal-aid"],
      parameters: { dibao: { standard: 1200, currency: "CNY" } },
    });
    expect(d.state?.items["legal-aid"]).toMatchObject({
      status: "skipped",
      skipReason: "disabled_by_profile",
    });
  });

  it("runs a Haishu case on Ningbo's alone: legal aid on and dispatched", () => {
    const d = decide(undefined, submission(GULOU), T);
    expect(d.state?.profile?.layers).toEqual([{ place: "330200", version: 1 }]);
    expect(d.state?.items["legal-aid"]?.status).toBe("dispatched");
  });

  it("takes each layer's version in effect at submission, merging parameters one by one", () => {
    const summer = decide(undefined, submission(JIANGSHAN), at("2025-08-01"));
    expect(summer.state?.profile?.layers).toEqual([
      { place: "330200", version: 2 },
      { place: "330212", version: 1 },
    ]);
    // A place's newer version replaces its older one whole: Ningbo v2 names only the standard.
    expect(summer.state?.profile?.parameters.dibao).toEqual({ standard: 1290 });
    const nextYear = decide(undefined, submission(JIANGSHAN), at("2026-03-02"));
    expect(nextYear.state?.profile?.layers).toContainEqual({ place: "330212", version: 2 });
    expect(nextYear.state?.profile?.disabled).toEqual([]);
  });

  it("sends the profile's parameters with the item they belong to", () => {
    const state = throughIntake(GULOU, T).state as CaseState;
    const d = decide(state, completion(state, "approval", "civil-affairs"), T);
    const dibao = dispatches(d.commands).find((c) => c.itemId === "dibao");
    expect(dibao?.parameters).toEqual({ standard: 1200, currency: "CNY" });
    const intake = dispatches(decide(undefined, submission(GULOU), T).commands).find(
      (c) => c.itemId === "intake",
    );
    expect(intake?.parameters).toBeUndefined();
  });
});

describe("the competent office at first dispatch", () => {
  it("puts each item at its department's nearest office over the case place", () => {
    const d = decide(undefined, submission(GULOU, { answers: { propertyPlace: JIANGSHAN } }), T);
    const items = (d.state as CaseState).items;
    expect(items.intake?.office).toEqual({
      jurisdiction: GULOU,
      path: "000000/330000/330200/330203/330203001",
      rule: "case",
    });
    // Justice has offices down to districts: a street's case goes to its district's.
    expect(items["legal-aid"]?.office).toMatchObject({ jurisdiction: "330203", rule: "case" });
    const sent = dispatches(d.commands).find((c) => c.itemId === "legal-aid");
    expect(sent?.office).toEqual({ jurisdiction: "330203", path: "000000/330000/330200/330203" });
    expect(sent?.handoff).toBeUndefined();
  });

  it("puts an item with a competentPlace field where that field says", () => {
    const d = decide(undefined, submission(GULOU, { answers: { propertyPlace: "330212101001" } }), T);
    expect(d.state?.items.property?.office).toEqual({
      jurisdiction: "330212",
      path: "000000/330000/330200/330212",
      rule: "field",
      field: "answers.propertyPlace",
    });
    // Without the field, at the case place.
    const without = decide(undefined, submission(GULOU), T);
    expect(without.state?.items.property?.office).toMatchObject({ jurisdiction: "330203", rule: "case" });
  });

  it("puts each for-each instance at its own department's office", () => {
    const accounts = [
      { key: "icbc", department: "banks" },
      { key: "flat", department: "real-estate" },
    ];
    const d = decide(undefined, submission(JIANGSHAN, { answers: { accounts } }), T);
    expect(d.state?.items["accounts--icbc"]?.office).toMatchObject({ jurisdiction: "330200", rule: "case" });
    expect(d.state?.items["accounts--flat"]?.office).toMatchObject({ jurisdiction: "330212", rule: "case" });
  });

  it("keeps the place itself when it is above every office level of the department", () => {
    const d = decide(undefined, submission(undefined), T);
    // The default place is the city; the town office has offices only at towns.
    expect(d.state?.items.intake?.office).toMatchObject({ jurisdiction: "330200", rule: "case" });
  });
});

describe("delegated approval", () => {
  it("goes to a town holding the grant: the town office at the town", () => {
    const d = throughIntake(JIANGSHAN, T);
    expect(d.state?.items.approval).toMatchObject({
      department: "town-office",
      office: { jurisdiction: JIANGSHAN, path: "000000/330000/330200/330212/330212101", rule: "delegated" },
    });
    const sent = dispatches(d.commands).find((c) => c.itemId === "approval");
    expect(sent).toMatchObject({ department: "town-office", office: { jurisdiction: JIANGSHAN } });
  });

  it("lets only the town office answer it; the district's civil affairs is refused", () => {
    const state = throughIntake(JIANGSHAN, T).state as CaseState;
    expect(decide(state, completion(state, "approval", "civil-affairs"), T).ignored?.reason).toBe(
      "wrong_department",
    );
    const done = decide(state, completion(state, "approval", "town-office"), T);
    expect(done.ignored).toBeUndefined();
    expect(done.state?.items.approval?.status).toBe("completed");
  });

  it("goes to the district's civil affairs from a town without the grant", () => {
    const d = throughIntake(WUXIANG, T);
    expect(d.state?.items.approval).toMatchObject({
      department: "civil-affairs",
      office: { jurisdiction: "330212", path: "000000/330000/330200/330212", rule: "not_delegated" },
    });
  });

  it("follows the grant's dates: not before `from`, not from `until` on", () => {
    expect(throughIntake(JIANGSHAN, at("2024-12-31")).state?.items.approval?.office?.rule).toBe(
      "not_delegated",
    );
    expect(throughIntake(JIANGSHAN, at("2025-01-01")).state?.items.approval?.office?.rule).toBe("delegated");
    expect(throughIntake(JIANGSHAN, at("2025-12-31")).state?.items.approval?.office?.rule).toBe("delegated");
    expect(throughIntake(JIANGSHAN, at("2026-01-01")).state?.items.approval?.office?.rule).toBe(
      "not_delegated",
    );
  });

  it("keeps the office recorded at first dispatch when the item goes out again", () => {
    const state = throughIntake(JIANGSHAN, at("2025-12-30")).state as OpenCase;
    const asked = decide(
      state,
      {
        type: "ItemResultReceived",
        eventId: "ask",
        caseId: state.caseId,
        itemId: "approval",
        department: "town-office",
        attempt: 1,
        result: {
          outcome: "needs_supplement",
          reason: "income proof",
          requested: [{ field: "incomeProof", description: "收入证明" }],
        },
      },
      at("2025-12-30"),
    ).state as CaseState;
    // The grant has ended by the time the supplement comes: the item stays where it was.
    const again = decide(
      asked,
      {
        type: "SupplementProvided",
        eventId: "give",
        caseId: state.caseId,
        itemId: "approval",
        attempt: 1,
        answers: { incomeProof: "doc-1" },
      },
      at("2026-01-06"),
    );
    expect(again.ignored).toBeUndefined();
    expect(again.state?.items.approval).toMatchObject({
      attempt: 2,
      department: "town-office",
      office: { jurisdiction: JIANGSHAN, rule: "delegated" },
    });
    expect(dispatches(again.commands)[0]).toMatchObject({
      department: "town-office",
      office: { jurisdiction: JIANGSHAN },
    });
  });
});

describe("cross-province exchange", () => {
  const filed = () =>
    decide(
      undefined,
      submission(JINAN, {
        receivingPlace: JIANGSHAN,
        channel: "counter",
        answers: { propertyPlace: JIANGSHAN },
      }),
      T,
    );

  it("hands an item whose competent place is in another province to the exchange desk for that province", () => {
    const d = filed();
    expect(d.state?.items["legal-aid"]).toMatchObject({
      department: "cross-province-exchange",
      office: {
        jurisdiction: "340000",
        path: "000000/340000",
        rule: "exchange",
        handoff: { department: "justice", place: JINAN },
      },
    });
    const sent = dispatches(d.commands).find((c) => c.itemId === "legal-aid");
    expect(sent).toMatchObject({
      department: "cross-province-exchange",
      office: { jurisdiction: "340000", path: "000000/340000" },
      handoff: { department: "justice", place: JINAN },
    });
    const handedOff = d.commands.filter(
      (c) => c.type === "RecordTimeline" && c.entry.kind === "item_handed_off",
    );
    expect(handedOff.map((c) => c.type === "RecordTimeline" && c.entry.itemId).sort()).toEqual([
      "intake",
      "legal-aid",
    ]);
  });

  it("keeps an item whose competent place is in the receiving province at home", () => {
    expect(filed().state?.items.property?.office).toMatchObject({ jurisdiction: "330212", rule: "field" });
  });

  it("hands off a delegable approval too, before any delegation", () => {
    const state = filed().state as CaseState;
    const d = decide(state, completion(state, "intake", "cross-province-exchange"), T);
    expect(d.state?.items.approval).toMatchObject({
      department: "cross-province-exchange",
      office: { rule: "exchange", handoff: { department: "civil-affairs", place: JINAN } },
    });
  });

  it("does not hand off within a province", () => {
    const d = decide(undefined, submission(GULOU, { receivingPlace: JIANGSHAN, channel: "counter" }), T);
    expect(Object.values(d.state?.items ?? {}).map((i) => i.office?.rule ?? "none")).not.toContain(
      "exchange",
    );
  });
});

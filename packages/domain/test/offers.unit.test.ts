import {
  type CaseState,
  createDecide,
  DataEventSchema,
  loadCatalogue,
  type MakeOffer,
  offerIdOf,
  openFieldsOf,
  planRules,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { APPLICANT_ID, calendar } from "./fixtures.ts";
import { born, FATHER_ID, waitOfferData } from "./wait-offer-fixtures.ts";

const catalogue = loadCatalogue(waitOfferData());
const decide = createDecide({ catalogue, calendar });
const NOW = new Date("2026-03-02T10:00:00+08:00");
const LATER = new Date("2026-03-04T16:00:00+08:00");
const CASE = "OT-20260302-VISIT00001";

function visit(contact?: string): CaseState {
  const d = decide(
    undefined,
    {
      type: "ApplicationSubmitted",
      eventId: "submit",
      caseId: CASE,
      bundleId: "visit",
      application: {
        applicant: { name: "王芳", idNumber: APPLICANT_ID },
        answers: contact ? { contact } : {},
      },
      channel: "proactive",
      filedBy: { role: "system", id: "alerts" },
    },
    NOW,
  );
  expect(d.ignored).toBeUndefined();
  return d.state as CaseState;
}

const answer = (state: CaseState, outputs: Record<string, unknown>) =>
  decide(
    state,
    {
      type: "ItemResultReceived",
      eventId: "r1",
      caseId: CASE,
      itemId: "call",
      department: "health",
      attempt: 1,
      result: { outcome: "completed", outputs },
    },
    LATER,
  );

const made = (commands: readonly { type: string }[]) =>
  commands.filter((c): c is MakeOffer => c.type === "MakeOffer");

describe("offers an item makes when it completes", () => {
  it("makes each offer whose `when` holds, pre-filled from the case's fields and the item's outputs", () => {
    const d = answer(visit(), { outcome: "apply", phoneNote: "需要低保" });
    const [offer, ...more] = made(d.commands);
    expect(more).toEqual([]); // the second offer's addressee (answers.contact) is empty
    expect(offer).toEqual({
      type: "MakeOffer",
      caseId: CASE,
      itemId: "call",
      attempt: 1,
      offerKey: `case:${CASE}:call:1:0`,
      bundleId: "help",
      addressee: APPLICANT_ID,
      draft: { applicant: { name: "王芳", idNumber: APPLICANT_ID }, answers: { need: "需要低保" } },
      expiresAt: new Date(LATER.getTime() + 30 * 86_400_000).toISOString(),
      place: "000000",
      madeBy: { kind: "case", caseId: CASE, itemId: "call" },
      occurredAt: LATER.toISOString(),
    });
    const timeline = d.commands.flatMap((c) => (c.type === "RecordTimeline" ? [c.entry] : []));
    const offers = timeline.filter((e) => e.kind === "offer_made").map((e) => e.detail);
    expect(offers).toEqual([
      `help offer case:${CASE}:call:1:0`,
      `no help offer case:${CASE}:call:1:1: answers.contact is empty`,
    ]);
    expect(JSON.stringify(timeline)).not.toContain("需要低保");
  });

  it("makes none when `when` does not hold; an offer without `when` to a present addressee is always made", () => {
    expect(made(answer(visit(), { outcome: "none" }).commands)).toEqual([]);
    const offers = made(answer(visit(FATHER_ID), { outcome: "none" }).commands);
    expect(offers.map((o) => [o.offerKey, o.addressee, o.expiresAt])).toEqual([
      [`case:${CASE}:call:1:1`, FATHER_ID, new Date(LATER.getTime() + 7 * 86_400_000).toISOString()],
    ]);
    expect(offers[0]?.draft).toEqual({ applicant: { idNumber: FATHER_ID }, answers: {} });
  });

  it("an answer replayed after completion makes no second offer", () => {
    const first = answer(visit(), { outcome: "apply" });
    const again = answer(first.state as CaseState, { outcome: "apply" });
    expect(again.ignored).toBeDefined();
    expect(made(again.commands)).toEqual([]);
  });
});

describe("a case accepted from an offer", () => {
  it("keeps the offer and records offer_accepted", () => {
    const offer = {
      offerId: "OF-20260302-AAAAAAAAAA",
      madeAt: "2026-03-01T02:00:00.000Z",
      occurredAt: "2026-03-01T01:00:00.000Z",
      madeBy: `case:${CASE}`,
    };
    const d = decide(
      undefined,
      {
        type: "ApplicationSubmitted",
        eventId: "submit:OT-20260302-HELP000001",
        caseId: "OT-20260302-HELP000001",
        bundleId: "help",
        application: { applicant: { name: "王芳", idNumber: APPLICANT_ID }, answers: {} },
        channel: "proactive",
        filedBy: { role: "citizen", id: APPLICANT_ID },
        offer,
      },
      NOW,
    );
    expect(d.state?.offer).toEqual(offer);
    const timeline = d.commands.flatMap((c) => (c.type === "RecordTimeline" ? [c.entry] : []));
    expect(timeline.find((e) => e.kind === "offer_accepted")?.detail).toBe(
      `OF-20260302-AAAAAAAAAA made by case:${CASE}`,
    );
  });
});

describe("offers a rule plans", () => {
  const event = DataEventSchema.parse(born({ father: { idNumber: FATHER_ID, name: "李强" } }));

  it("fills literals and event paths, and names the persons of unlessOpen", () => {
    const planned = planRules(catalogue, event, { entitlements: [] }).filter((p) => p.kind === "offer");
    expect(planned).toEqual([
      {
        kind: "offer",
        ruleId: "born-offer",
        ruleVersion: 1,
        index: 0,
        bundleId: "help",
        addressee: APPLICANT_ID,
        draft: { applicant: { name: "王芳", idNumber: APPLICANT_ID }, answers: { urgent: true, need: "Q1" } },
        expiresAfterDays: 90,
        group: "parents",
        unlessOpen: { idNumbers: [APPLICANT_ID, FATHER_ID], bundles: ["family"] },
      },
      {
        kind: "offer",
        ruleId: "born-offer",
        ruleVersion: 1,
        index: 1,
        bundleId: "help",
        addressee: FATHER_ID,
        draft: { applicant: { idNumber: FATHER_ID }, answers: {} },
        expiresAfterDays: 90,
        group: "parents",
      },
    ]);
  });

  it("skips an offer whose addressee the event leaves out, and reads registry.active.<benefit>", () => {
    const motherOnly = DataEventSchema.parse(born());
    expect(
      planRules(catalogue, motherOnly, { entitlements: [] }).filter((p) => p.kind === "offer"),
    ).toHaveLength(1);
    const pension = { benefit: "pension", department: "hrss", since: "2020-01-01" };
    const active = planRules(catalogue, event, { entitlements: [{ ...pension, status: "active" }] });
    expect(active.filter((p) => p.kind === "offer")).toEqual([]);
    const ended = planRules(catalogue, event, { entitlements: [{ ...pension, status: "ended" }] });
    expect(ended.filter((p) => p.kind === "offer")).toHaveLength(2);
  });
});

describe("offerIdOf", () => {
  it("reads like a case id: OF-<Beijing date>-<10 characters of the bytes>", () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const id = offerIdOf(new Date("2026-03-01T17:00:00Z"), bytes);
    expect(id).toMatch(/^OF-20260302-[A-HJ-NP-Z2-9]{10}$/);
    expect(offerIdOf(new Date("2026-03-01T17:00:00Z"), bytes)).toBe(id);
    expect(offerIdOf(new Date("2026-03-01T15:59:59Z"), bytes).slice(0, 11)).toBe("OF-20260301");
    expect(() => offerIdOf(new Date(), new Uint8Array(9))).toThrow();
  });
});

describe("openFieldsOf", () => {
  it("names the required fields a draft leaves empty, and those its own answers make required", () => {
    const help = catalogue.bundle("help");
    expect(openFieldsOf(help, { applicant: { idNumber: FATHER_ID }, answers: {} })).toEqual([
      "applicant.name",
    ]);
    expect(openFieldsOf(help, { applicant: { idNumber: FATHER_ID, name: "" }, answers: {} })).toEqual([
      "applicant.name",
    ]);
    expect(openFieldsOf(help, { applicant: { idNumber: FATHER_ID, name: "李强" }, answers: {} })).toEqual([]);
  });
});

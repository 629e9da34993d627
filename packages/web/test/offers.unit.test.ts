import type { FormField } from "@onething/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError, describeApiError, describeIssue, type Translate } from "../src/errors.ts";
import {
  FUNNEL_STAGES,
  issueFieldKey,
  maskedValue,
  maskIdNumber,
  maskIdNumbersIn,
  missingOpen,
  offerEntry,
  offerMaker,
  offerReason,
  openAnswers,
  openFormFields,
  prefilledFacts,
  splitOffers,
} from "../src/offers.ts";
import { translators } from "./translators.ts";

const field = (f: Partial<FormField> & Pick<FormField, "section" | "name" | "type">): FormField => ({
  label: { zh: f.name, en: f.name },
  required: false,
  ...f,
});

const FORM: FormField[] = [
  field({ section: "applicant", name: "name", type: "text", required: true, pii: "name" }),
  field({ section: "applicant", name: "idNumber", type: "idNumber", required: true, pii: "idNumber" }),
  field({ section: "applicant", name: "phone", type: "phone", required: true, pii: "phone" }),
  field({ section: "subject", name: "householdSize", type: "integer", required: true }),
  field({ section: "subject", name: "otherMembers", type: "longText", pii: "idNumber" }),
  field({ section: "answers", name: "urgent", type: "boolean", required: true }),
];

const ID = "330212198503150021";

describe("ID numbers in an offer", () => {
  it("shows only the last four characters", () => {
    expect(maskIdNumber(ID)).toBe("**************0021");
    expect(maskIdNumber("33021219850315002X")).toBe("**************002X");
    expect(maskIdNumber("123")).toBe("***");
  });

  it("masks every ID number inside a text field that carries them, and nothing else", () => {
    const members = `王芳 ${ID} 配偶\n王小明 33021220150601001X 子女`;
    expect(maskIdNumbersIn(members)).toBe("王芳 **************0021 配偶\n王小明 **************001X 子女");
    const [, , , , others] = FORM as [FormField, FormField, FormField, FormField, FormField];
    expect(maskedValue(others, members)).not.toContain(ID);
    // A phone number is not an ID number: it stays (the person's own, shown to them).
    expect(maskedValue(FORM[2] as FormField, "13800138000")).toBe("13800138000");
    expect(maskedValue(FORM[1] as FormField, ID)).toBe("**************0021");
    expect(maskedValue(FORM[3] as FormField, 3)).toBe(3);
  });
});

describe("the draft's facts and the open fields", () => {
  const draft = {
    applicant: { name: "王芳", idNumber: ID, extra: "not a field" },
    subject: { householdSize: 3, otherMembers: "" },
    answers: { urgent: false },
  };

  it("lists the draft's values in the form's order, leaving out blanks and undeclared names", () => {
    const facts = prefilledFacts(FORM, draft);
    expect(facts.map((f) => f.key)).toEqual([
      "applicant.name",
      "applicant.idNumber",
      "subject.householdSize",
      "answers.urgent",
    ]);
    // `false` is a value the platform knows, not a blank.
    expect(facts.find((f) => f.key === "answers.urgent")?.value).toBe(false);
  });

  it("finds the open fields' declarations and sends typed answers keyed section.name", () => {
    const open = openFormFields(FORM, ["applicant.phone", "answers.urgent", "answers.unknown"]);
    expect(open.map((f) => f.name)).toEqual(["phone", "urgent"]);
    const values = { "applicant.phone": " 13800138000 ", "answers.urgent": "true" };
    expect(openAnswers(open, values)).toEqual({ "applicant.phone": "13800138000", "answers.urgent": true });
    expect(missingOpen(open, { "applicant.phone": "  " })).toEqual(["applicant.phone", "answers.urgent"]);
    expect(openAnswers([], {})).toEqual({});
  });

  it("opens a field the answers make required, unless the draft already holds it", () => {
    const form = [
      field({ section: "answers", name: "married", type: "boolean", required: true }),
      field({
        section: "answers",
        name: "certificate",
        type: "text",
        requiredWhen: { field: "answers.married", equals: true },
      }),
    ];
    const empty = { applicant: {}, answers: {} };
    const names = (values: Record<string, string>, d = empty) =>
      openFormFields(form, ["answers.married"], d, values).map((f) => f.name);
    expect(names({})).toEqual(["married"]);
    expect(names({ "answers.married": "false" })).toEqual(["married"]);
    expect(names({ "answers.married": "true" })).toEqual(["married", "certificate"]);
    expect(names({ "answers.married": "true" }, { applicant: {}, answers: { certificate: "J-1" } })).toEqual([
      "married",
    ]);
    // The offer lists the conditional field as open too: it is asked only while its condition holds.
    const listed = (values: Record<string, string>) =>
      openFormFields(form, ["answers.married", "answers.certificate"], empty, values).map((f) => f.name);
    expect(listed({})).toEqual(["married"]);
    expect(listed({ "answers.married": "false" })).toEqual(["married"]);
    expect(listed({ "answers.married": "true" })).toEqual(["married", "certificate"]);
  });

  it("reads an accept refusal's issue path as the field's key", () => {
    expect(issueFieldKey("answers.applicant.phone")).toBe("applicant.phone");
    expect(issueFieldKey("answers.answers.urgent")).toBe("answers.urgent");
    expect(issueFieldKey("answers")).toBe("answers");
    expect(issueFieldKey("reason")).toBe("reason");
  });
});

describe("the inbox", () => {
  const offer = (offerId: string, state: string, madeAt: string, expiresAt: string) => ({
    offerId,
    state: state as "open",
    madeAt,
    expiresAt,
  });

  it("puts open offers first, soonest expiry first, then the finished ones newest first", () => {
    const { open, finished } = splitOffers([
      offer("a", "accepted", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"),
      offer("b", "open", "2026-03-02T00:00:00Z", "2026-06-01T00:00:00Z"),
      offer("c", "open", "2026-03-03T00:00:00Z", "2026-04-02T00:00:00Z"),
      offer("d", "expired", "2026-03-04T00:00:00Z", "2026-03-05T00:00:00Z"),
    ]);
    expect(open.map((o) => o.offerId)).toEqual(["c", "b"]);
    expect(finished.map((o) => o.offerId)).toEqual(["d", "a"]);
  });

  it("says why: a visit for an offer a case made, else the event", () => {
    expect(offerReason({ madeBy: "case:OT-20260302-ABC", eventType: "LargeMedicalExpense" })).toBe("visit");
    expect(offerReason({ madeBy: "rule:child-born-offer.v1", eventType: "ChildBorn" })).toBe("event");
    expect(offerReason({ madeBy: "rule:x.v1" })).toBe("other");
  });

  it("shows the funnel's stages from made to accepted, then the ends", () => {
    expect(FUNNEL_STAGES.slice(0, 4)).toEqual(["made", "delivered", "opened", "accepted"]);
    expect(FUNNEL_STAGES).toHaveLength(7);
  });
});

describe("the engine's offer entries", () => {
  it("reads offer_made as its bundle, never more", () => {
    expect(
      offerEntry("offer_made", "social-assistance offer case:OT-20260302-ABCDEFGHJK:home-visit:1:0"),
    ).toEqual({
      made: { bundleId: "social-assistance" },
    });
    // An offer not made (no addressee) stays in the engine's words.
    expect(
      offerEntry(
        "offer_made",
        "no social-assistance offer case:OT-1:home-visit:1:0: applicant.idNumber is empty",
      ),
    ).toBe(undefined);
  });

  it("reads offer_accepted as the offer and what made it", () => {
    expect(
      offerEntry("offer_accepted", "OF-20260302-ABCDEFGHJK made by case:OT-20260302-ZZZZZZZZZZ"),
    ).toEqual({
      accepted: {
        offerId: "OF-20260302-ABCDEFGHJK",
        maker: { kind: "case", caseId: "OT-20260302-ZZZZZZZZZZ" },
      },
    });
    expect(offerMaker("rule:child-born-offer.v1")).toEqual({ kind: "rule", rule: "child-born-offer.v1" });
    expect(offerMaker("clerk")).toEqual({ kind: "other", text: "clerk" });
    expect(offerEntry("item_completed", "OF-1 made by case:x")).toBe(undefined);
    expect(offerEntry("offer_accepted", undefined)).toBe(undefined);
  });
});

describe("offers in words", () => {
  let tZh: Translate;
  let tEn: Translate;
  beforeAll(async () => {
    ({ tZh, tEn } = await translators({ fallbackLng: "zh" }));
  });

  it.each(["unknown_offer", "offer_expired", "offer_declined", "offer_superseded"])(
    "%s has its own sentence in each language",
    (code) => {
      const zh = describeApiError(tZh, new ApiError(409, code, "server words"));
      const en = describeApiError(tEn, new ApiError(409, code, "server words"));
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(en).not.toMatch(/[\u4e00-\u9fff]/);
      expect(`${zh}${en}`).not.toContain(code);
    },
  );

  it("field_not_open is said in words", () => {
    expect(describeIssue(tZh, { path: "applicant.name", code: "field_not_open" })).toBe(
      "此项已由平台预先填好，不能更改",
    );
    expect(describeIssue(tEn, { path: "applicant.name", code: "field_not_open" })).toMatch(/filled this in/);
  });

  it("names the events and states of the inbox in each language", () => {
    expect(tZh("offers.event.ChildBorn")).toBe("新生儿出生登记");
    expect(tZh("offers.reason.visit")).toBe("入户走访");
    expect(tZh("offers.channel.proactive")).toBe("免申即享（主动服务）");
    expect(tEn("offers.channel.counter")).toBe("At a counter");
    expect(tEn("offers.state.superseded")).toBe("Confirmed by a family member");
    expect(tZh("offers.funnel.p50p95", { p50: "2 分钟", p95: "5 分钟", count: 1 })).toBe(
      "中位 2 分钟 · P95 5 分钟（1 件）",
    );
  });
});

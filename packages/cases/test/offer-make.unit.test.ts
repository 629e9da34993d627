import { describe, expect, it } from "vitest";
import { offerCaseId, offerIdFor, offerOpenFields, offerPlaceOf } from "../src/index.ts";
import { catalogue } from "./world.ts";

const DAY = new Date("2026-06-28T02:00:00.000Z");
const birthDraft = {
  applicant: { name: "林晓雯", idNumber: "330212199604170486", role: "mother", householdPlace: "330212003" },
  subject: { name: "徐小满", dateOfBirth: "2026-06-27" },
  answers: { spouseName: "徐浩", spouseIdNumber: "330212199408250577", babyBorn: true },
};

describe("offer ids", () => {
  it("derive from the key and the day, in the case id's form: a replay derives the same id", () => {
    const key = "event:health-birth-registry:birth-1:child-born-offer:0";
    const id = offerIdFor(key, DAY);
    expect(id).toMatch(/^OF-20260628-[A-Z2-9]{10}$/);
    expect(offerIdFor(key, DAY)).toBe(id);
    expect(offerIdFor(key.replace(":0", ":1"), DAY)).not.toBe(id);
  });

  it("an offer's case id is one per offer, dated by its making", () => {
    const id = offerIdFor("case:OT-1:home-visit:1:0", DAY);
    expect(offerCaseId(id, DAY.toISOString())).toMatch(/^OT-20260628-[A-Z2-9]{10}$/);
    expect(offerCaseId(id, DAY.toISOString())).toBe(offerCaseId(id, DAY.toISOString()));
    expect(offerCaseId(`${id.slice(0, -1)}Z`, DAY.toISOString())).not.toBe(
      offerCaseId(id, DAY.toISOString()),
    );
  });
});

describe("open fields", () => {
  const bundle = catalogue.bundle("marriage-birth-household");

  it("are the required fields the draft leaves empty, pre-filled ones never", () => {
    const open = offerOpenFields(bundle, birthDraft);
    expect(open).toContain("applicant.phone");
    expect(open).toContain("answers.residentialAddress");
    for (const filled of ["applicant.idNumber", "answers.babyBorn", "subject.dateOfBirth"])
      expect(open).not.toContain(filled);
  });

  it("take in a conditionally required field whose condition reads an open one, not one the draft decides", () => {
    const open = offerOpenFields(bundle, birthDraft);
    // "Already married" is open, so are the certificate number and the appointment date it decides between.
    expect(open).toEqual(
      expect.arrayContaining([
        "answers.alreadyMarried",
        "answers.marriageCertificateNumber",
        "answers.marriageAppointmentDate",
      ]),
    );
    const married = {
      ...birthDraft,
      answers: { ...birthDraft.answers, alreadyMarried: true, marriageCertificateNumber: "J1" },
    };
    const decided = offerOpenFields(bundle, married);
    expect(decided).not.toContain("answers.marriageCertificateNumber");
    expect(decided).not.toContain("answers.marriageAppointmentDate");
  });

  it("where an offer counts: the draft's case place if the tree knows it, else the default place", () => {
    const outreach = catalogue.bundle("outreach-visit");
    const draft = { applicant: {}, subject: { householdPlace: "330212003" }, answers: {} };
    expect(offerPlaceOf(catalogue, outreach, draft)).toBe("330212003");
    const unknown = { ...draft, subject: { householdPlace: "999999" } };
    expect(offerPlaceOf(catalogue, outreach, unknown)).toBe(catalogue.places.defaultPlace);
  });
});

import type { FormField } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { missingRequired, toApplication, visibleFields } from "../src/form/values.ts";

const field = (f: Partial<FormField> & Pick<FormField, "section" | "name" | "type">): FormField => ({
  label: { zh: f.name, en: f.name },
  required: false,
  ...f,
});

const FORM: FormField[] = [
  field({ section: "applicant", name: "idNumber", type: "idNumber", required: true }),
  field({ section: "subject", name: "age", type: "integer", required: true }),
  field({ section: "answers", name: "deathPlace", type: "enum", required: true }),
  field({
    section: "answers",
    name: "hospitalName",
    type: "text",
    requiredWhen: { field: "answers.deathPlace", equals: "hospital" },
  }),
  field({ section: "answers", name: "isLocal", type: "boolean", required: true }),
  field({ section: "answers", name: "note", type: "longText" }),
];

describe("the generated form's values", () => {
  it("shows a conditional field only while its condition holds, and then requires it", () => {
    const home = { "answers.deathPlace": "elsewhere" };
    expect(visibleFields(FORM, home).map((f) => f.name)).not.toContain("hospitalName");
    const hospital = { "answers.deathPlace": "hospital" };
    expect(visibleFields(FORM, hospital).map((f) => f.name)).toContain("hospitalName");
    expect(missingRequired(FORM, hospital)).toContain("answers.hospitalName");
    expect(missingRequired(FORM, home)).not.toContain("answers.hospitalName");
  });

  it("evaluates numeric conditions as the API does, on typed values (gt on an integer field)", () => {
    const form: FormField[] = [
      field({ section: "subject", name: "householdSize", type: "integer", required: true }),
      field({
        section: "subject",
        name: "otherMembers",
        type: "longText",
        requiredWhen: { field: "subject.householdSize", gt: 1 },
      }),
    ];
    const alone = { "subject.householdSize": "1" };
    const family = { "subject.householdSize": "3", "subject.otherMembers": "" };
    expect(visibleFields(form, alone).map((f) => f.name)).not.toContain("otherMembers");
    expect(visibleFields(form, family).map((f) => f.name)).toContain("otherMembers");
    expect(missingRequired(form, family)).toEqual(["subject.otherMembers"]);
    // "10" > 1 numerically although "10" < "2" as text: the value is typed before it is compared.
    expect(visibleFields(form, { "subject.householdSize": "10" }).map((f) => f.name)).toContain(
      "otherMembers",
    );
    expect(
      toApplication("b", form, { "subject.householdSize": "3", "subject.otherMembers": "妻 王某" }).subject,
    ).toEqual({ householdSize: 3, otherMembers: "妻 王某" });
  });

  it("builds the request by section with typed values, leaving out empty and hidden fields", () => {
    const body = toApplication("b", FORM, {
      "applicant.idNumber": " 330212196403210134 ",
      "subject.age": "87",
      "answers.deathPlace": "elsewhere",
      "answers.hospitalName": "stale text from before the change",
      "answers.isLocal": "false",
      "answers.note": "",
    });
    expect(body).toEqual({
      bundleId: "b",
      applicant: { idNumber: "330212196403210134" },
      subject: { age: 87 },
      answers: { deathPlace: "elsewhere", isLocal: false },
    });
  });

  it("sends the subject section of a form that has one even when none of its fields is filled", () => {
    const unborn = { "applicant.idNumber": "330212199604170486", "answers.deathPlace": "elsewhere" };
    expect(toApplication("b", FORM, unborn).subject).toEqual({});
    const noSubject = FORM.filter((f) => f.section !== "subject");
    expect(toApplication("b", noSubject, unborn)).not.toHaveProperty("subject");
  });
});

import {
  DATA_EVENT_PATHS,
  DATA_EVENT_TYPES,
  type DataEvent,
  DataEventSchema,
  eventPersons,
  readEventPath,
  toFieldIssues,
} from "@onething/domain";
import { describe, expect, it } from "vitest";
import { APPLICANT_ID, DECEASED_ID, residentId } from "./fixtures.ts";
import { personDied } from "./registry-fixtures.ts";

const FATHER_ID = residentId("33021219880101003");
const CHILD_ID = residentId("33021220250927004");

const envelope = (type: string) => ({
  type,
  schemaVersion: 1,
  sourceEventId: `src:${type}:1`,
  occurredAt: "2025-09-29T09:15:00+08:00",
});

/** A valid example of every type, with every optional path filled. */
const EXAMPLES: Record<(typeof DATA_EVENT_TYPES)[number], Record<string, unknown>> = {
  PersonDied: personDied({ deathCertificateNumber: "DMC-330212-0001" }),
  ChildBorn: {
    ...envelope("ChildBorn"),
    child: {
      name: "王小宝",
      birthDate: "2025-09-27",
      birthCertificateNumber: "Q330212250",
      idNumber: CHILD_ID,
    },
    mother: { idNumber: APPLICANT_ID, name: "王芳" },
    father: { idNumber: FATHER_ID, name: "李强" },
    householdPlace: "330212001",
  },
  HouseholdRegistrationCancelled: {
    ...envelope("HouseholdRegistrationCancelled"),
    person: { idNumber: DECEASED_ID, name: "王建国" },
    cancelledOn: "2025-09-29",
    reason: "death",
  },
  EntitlementGranted: {
    ...envelope("EntitlementGranted"),
    person: { idNumber: DECEASED_ID, name: "王建国" },
    benefit: "dibao",
    since: "2021-03-01",
  },
  EntitlementEnded: {
    ...envelope("EntitlementEnded"),
    person: { idNumber: DECEASED_ID, name: "王建国" },
    benefit: "dibao",
    endedOn: "2025-09-29",
    reason: "收入超过低保标准",
  },
  LargeMedicalExpense: {
    ...envelope("LargeMedicalExpense"),
    person: { idNumber: DECEASED_ID, name: "王建国" },
    householdPlace: "330212001",
    amount: 86000,
    periodEnd: "2025-09-28",
    basis: "住院自付费用",
  },
};

const issuesOf = (raw: unknown) => {
  const parsed = DataEventSchema.safeParse(raw);
  return parsed.success ? [] : toFieldIssues(parsed.error);
};

describe("data events", () => {
  it.each(DATA_EVENT_TYPES.map((t) => [t]))("accepts a valid %s", (type) => {
    expect(issuesOf(EXAMPLES[type])).toEqual([]);
  });

  it.each(DATA_EVENT_TYPES.map((t) => [t]))("%s: every known path reads a value of the example", (type) => {
    const event = DataEventSchema.parse(EXAMPLES[type]);
    for (const p of DATA_EVENT_PATHS[type]) expect(readEventPath(event, p.path), p.path).toBeDefined();
  });

  it.each(DATA_EVENT_TYPES.map((t) => [t]))("%s: dropping a required path is refused naming it", (type) => {
    for (const p of DATA_EVENT_PATHS[type].filter((x) => x.required)) {
      const raw = structuredClone(EXAMPLES[type]);
      const parts = p.path.split(".");
      const parent = parts.slice(0, -1).reduce((o, k) => o[k] as Record<string, unknown>, raw);
      delete parent[parts[parts.length - 1] as string];
      expect(
        issuesOf(raw).map((i) => i.path),
        p.path,
      ).toContain(p.path);
    }
  });

  it("names the field of a bad resident ID with its identifier code", () => {
    const issues = issuesOf(personDied({ person: { idNumber: "330212194503020010", name: "王建国" } }));
    expect(issues).toEqual([
      expect.objectContaining({ path: "person.idNumber", code: "id_number_check_char" }),
    ]);
  });

  it("refuses a death after the day the event occurred, and unknown fields, envelope and version", () => {
    expect(issuesOf(personDied({ diedOn: "2025-09-30" }))).toEqual([
      expect.objectContaining({ path: "diedOn", code: "date_after_occurred" }),
    ]);
    // The day as the source writes it: 00:30 on the 30th in Beijing is still the 30th there.
    expect(issuesOf(personDied({ diedOn: "2025-09-30", occurredAt: "2025-09-30T00:30:00+08:00" }))).toEqual(
      [],
    );
    // The same instant in UTC (the platform's own events, a source writing Z) is the 30th in Beijing too.
    expect(issuesOf(personDied({ diedOn: "2025-09-30", occurredAt: "2025-09-29T16:30:00Z" }))).toEqual([]);
    expect(issuesOf(personDied({ diedOn: "2025-10-01", occurredAt: "2025-09-30T15:59:59Z" }))).toEqual([
      expect.objectContaining({ path: "diedOn", code: "date_after_occurred" }),
    ]);
    expect(issuesOf(personDied({ extra: 1 }))).toEqual([expect.objectContaining({ code: "not_a_field" })]);
    expect(issuesOf(personDied({ schemaVersion: 2 })).map((i) => i.path)).toEqual(["schemaVersion"]);
    expect(issuesOf(personDied({ sourceEventId: "-bad" })).map((i) => i.path)).toEqual(["sourceEventId"]);
    expect(issuesOf(personDied({ occurredAt: "2025-09-29T09:15:00" })).map((i) => i.path)).toEqual([
      "occurredAt",
    ]);
    expect(issuesOf(personDied({ type: "PersonVanished" })).map((i) => i.path)).toEqual(["type"]);
  });

  it("LargeMedicalExpense: a positive amount, a jurisdiction code, a period not after the event", () => {
    const alert = (extra: Record<string, unknown>) => ({ ...EXAMPLES.LargeMedicalExpense, ...extra });
    expect(issuesOf(alert({ amount: 0 })).map((i) => i.path)).toEqual(["amount"]);
    expect(issuesOf(alert({ amount: "86000" })).map((i) => i.path)).toEqual(["amount"]);
    expect(issuesOf(alert({ householdPlace: "33021200" })).map((i) => i.path)).toEqual(["householdPlace"]);
    expect(issuesOf(alert({ periodEnd: "2025-09-30" }))).toEqual([
      expect.objectContaining({ path: "periodEnd", code: "date_after_occurred" }),
    ]);
    const birth = { ...EXAMPLES.ChildBorn, householdPlace: "Yinzhou" };
    expect(issuesOf(birth).map((i) => i.path)).toEqual(["householdPlace"]);
  });

  it("refuses a birth after the event, at the child's birth date", () => {
    const raw = structuredClone(EXAMPLES.ChildBorn);
    (raw.child as Record<string, unknown>).birthDate = "2025-10-01";
    expect(issuesOf(raw).map((i) => i.path)).toEqual(["child.birthDate"]);
  });

  it("names the persons an event is about, by role", () => {
    const parse = (type: keyof typeof EXAMPLES) => DataEventSchema.parse(EXAMPLES[type]) as DataEvent;
    expect(eventPersons(parse("PersonDied"))).toEqual([
      { role: "person", idNumber: DECEASED_ID, name: "王建国" },
    ]);
    expect(eventPersons(parse("ChildBorn"))).toEqual([
      { role: "mother", idNumber: APPLICANT_ID, name: "王芳" },
      { role: "father", idNumber: FATHER_ID, name: "李强" },
      { role: "child", idNumber: CHILD_ID, name: "王小宝" },
    ]);
    const unnumbered = structuredClone(EXAMPLES.ChildBorn);
    delete (unnumbered.child as Record<string, unknown>).idNumber;
    delete unnumbered.father;
    expect(eventPersons(DataEventSchema.parse(unnumbered)).map((p) => p.role)).toEqual(["mother"]);
    expect(eventPersons(parse("EntitlementEnded")).map((p) => p.role)).toEqual(["person"]);
  });
});

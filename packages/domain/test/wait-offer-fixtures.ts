import type { BundleInput, CatalogueData, ItemInput } from "@onething/domain";
import { APPLICANT_ID, formField, residentId } from "./fixtures.ts";
import { benefits, registryData, sources } from "./registry-fixtures.ts";

const text = (zh: string, en: string) => ({ zh, en });
const output = (name: string, type: "text" | "date" | "enum", required: boolean, options?: string[]) => ({
  name,
  label: text(name, name),
  type,
  required,
  ...(options ? { options } : {}),
});

export const FATHER_ID = residentId("33021219880101003");

/**
 * An expecting family's bundle: `await` waits for ChildBorn (certificate and date required, the name too, so a
 * record without it does not complete the wait), `register` needs it (dependsOn), `notify-school` goes on without
 * it (after).
 */
export function familyBundle(): BundleInput {
  return {
    id: "family",
    version: 1,
    name: text("家庭", "Family"),
    applicantKind: "person",
    form: {
      fields: [
        formField("applicant", "name", ["姓名", "Name"], "text", { pii: "name" }),
        formField("applicant", "idNumber", ["身份证号", "ID number"], "idNumber", { pii: "idNumber" }),
        formField("answers", "dueDate", ["预产期", "Due date"], "date", { required: false }),
        formField("answers", "note", ["备注", "Note"], "text", { required: false }),
      ],
    },
    items: [
      {
        id: "await",
        name: text("等待出生", "Await the birth"),
        kind: "wait",
        department: "health",
        awaits: {
          event: "ChildBorn",
          outputs: {
            certificate: "event.child.birthCertificateNumber",
            born: "event.child.birthDate",
            childName: "event.child.name",
          },
          timeout: { days: 10, from: "answers.dueDate" },
        },
        outputs: [
          output("certificate", "text", true),
          output("born", "date", true),
          output("childName", "text", true),
        ],
        timeLimitWorkingDays: 1,
        rejectionFails: "item",
      },
      {
        id: "register",
        name: text("落户", "Register"),
        department: "public-security",
        dependsOn: ["await"],
        inputs: { fields: ["applicant.idNumber"], outputs: ["await.certificate"] },
        timeLimitWorkingDays: 1,
        rejectionFails: "item",
      },
      {
        id: "notify-school",
        name: text("告知", "Notify"),
        department: "hrss",
        after: ["await"],
        inputs: { fields: ["applicant.idNumber"], outputs: ["await.born"] },
        timeLimitWorkingDays: 1,
        rejectionFails: "item",
      },
    ],
  };
}

/** A visit whose `decide` task offers the `help` bundle when its outcome is `apply`. */
export function visitBundle(): BundleInput {
  return {
    id: "visit",
    version: 1,
    name: text("走访", "Visit"),
    applicantKind: "person",
    startedBy: "system",
    form: {
      fields: [
        formField("applicant", "name", ["姓名", "Name"], "text", { pii: "name" }),
        formField("applicant", "idNumber", ["身份证号", "ID number"], "idNumber", { pii: "idNumber" }),
        formField("answers", "contact", ["联系人证件", "Contact ID"], "idNumber", { required: false }),
      ],
    },
    items: [
      {
        id: "call",
        name: text("走访", "Visit"),
        department: "health",
        outputs: [output("outcome", "enum", true, ["none", "apply"]), output("phoneNote", "text", false)],
        offers: [
          {
            bundle: "help",
            when: { output: "call.outcome", equals: "apply" },
            addressee: "applicant.idNumber",
            form: {
              "applicant.name": "applicant.name",
              "applicant.idNumber": "applicant.idNumber",
              "answers.need": "call.phoneNote",
            },
            expiresAfterDays: 30,
          },
          {
            bundle: "help",
            addressee: "answers.contact",
            form: { "applicant.idNumber": "answers.contact" },
            expiresAfterDays: 7,
          },
        ],
        timeLimitWorkingDays: 3,
        rejectionFails: "item",
      },
    ],
  };
}

/** The bundle a visit offers: applied for by the person. */
export function helpBundle(): BundleInput {
  return {
    id: "help",
    version: 1,
    name: text("救助", "Help"),
    applicantKind: "person",
    form: {
      fields: [
        formField("applicant", "name", ["姓名", "Name"], "text", { pii: "name" }),
        formField("applicant", "idNumber", ["身份证号", "ID number"], "idNumber", { pii: "idNumber" }),
        formField("answers", "need", ["需求", "Need"], "text", { required: false }),
        formField("answers", "urgent", ["紧急", "Urgent"], "boolean", { required: false }),
      ],
    },
    items: [
      {
        id: "assess",
        name: text("审核", "Assess"),
        department: "hrss",
        inputs: { fields: ["applicant.idNumber"] },
        timeLimitWorkingDays: 5,
        rejectionFails: "case",
      },
    ],
  };
}

/** A rule offering `help` to a newborn's parents, pre-filled with literals and event paths. */
export const offerRule = () => ({
  id: "born-offer",
  version: 1,
  name: text("出生推送", "Birth offer"),
  on: "ChildBorn",
  when: { not: { field: "registry.active.pension", equals: true } },
  actions: [
    {
      kind: "offer",
      bundle: "help",
      addressee: "event.mother.idNumber",
      group: "parents",
      expiresAfterDays: 90,
      form: {
        "applicant.name": "event.mother.name",
        "applicant.idNumber": "event.mother.idNumber",
        "answers.urgent": { const: true },
        "answers.need": "event.child.birthCertificateNumber",
      },
      unlessOpen: { persons: ["event.mother.idNumber", "event.father.idNumber"], bundles: ["family"] },
    },
    {
      kind: "offer",
      bundle: "help",
      addressee: "event.father.idNumber",
      group: "parents",
      expiresAfterDays: 90,
      form: { "applicant.idNumber": "event.father.idNumber" },
    },
  ],
});

/** The registry fixtures with the family, visit and help bundles and the offer rule added. */
export function waitOfferData(
  change: (data: Required<CatalogueData> & { rules: unknown[]; bundles: unknown[] }) => void = () => {},
): CatalogueData {
  return registryData((d) => {
    d.bundles.push(familyBundle(), visitBundle(), helpBundle());
    d.rules.push(offerRule());
    d.benefits = benefits;
    d.sources = sources;
    change(d);
  });
}

export const itemIn = (data: { bundles: unknown[] }, bundleId: string, itemId: string) =>
  ((data.bundles as BundleInput[]).find((b) => b.id === bundleId) as BundleInput).items.find(
    (i) => i.id === itemId,
  ) as ItemInput;

export const familyApplication = (dueDate?: string) => ({
  applicant: { name: "王芳", idNumber: APPLICANT_ID },
  answers: dueDate ? { dueDate } : {},
});

export const born = (extra: Record<string, unknown> = {}) => ({
  type: "ChildBorn" as const,
  schemaVersion: 1 as const,
  sourceEventId: "birth-1",
  occurredAt: "2026-03-10T09:00:00+08:00",
  child: { name: "王小宝", birthDate: "2026-03-09", birthCertificateNumber: "Q1" },
  mother: { idNumber: APPLICANT_ID, name: "王芳" },
  ...extra,
});

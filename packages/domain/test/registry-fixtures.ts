import {
  type BundleInput,
  type CatalogueData,
  type CatalogueIssue,
  CatalogueValidationError,
  createDecide,
  loadCatalogue,
} from "@onething/domain";
import { APPLICANT_ID, calendar, DECEASED_ID, departments, formField } from "./fixtures.ts";

const text = (zh: string, en: string) => ({ zh, en });
const option = (value: string, zh: string, en: string) => ({ value, label: text(zh, en) });

export const benefits = {
  benefits: [
    { id: "pension", department: "hrss", name: text("养老金", "Pension"), kind: "benefit" },
    { id: "health-card", department: "health", name: text("健康卡", "Health card"), kind: "enrolment" },
  ],
};

export const sources = {
  sources: [
    {
      id: "death-registry",
      name: text("死亡证明", "Death registry"),
      department: "health",
      events: ["PersonDied"],
    },
    {
      id: "hrss-roster",
      name: text("人社名册", "HRSS roster"),
      department: "hrss",
      events: ["EntitlementGranted", "EntitlementEnded"],
      benefits: ["pension"],
    },
    { id: "platform-cases", name: text("平台", "Platform"), department: "platform", events: ["PersonDied"] },
  ],
};

const person = () => [
  formField("applicant", "name", ["姓名", "Name"], "text", { pii: "name" }),
  formField("applicant", "idNumber", ["身份证号", "ID number"], "idNumber", { pii: "idNumber" }),
  formField("subject", "idNumber", ["逝者身份证号", "Deceased ID"], "idNumber", { pii: "idNumber" }),
  formField("subject", "name", ["逝者姓名", "Deceased"], "text", { pii: "name" }),
  formField("subject", "dateOfDeath", ["死亡日期", "Date of death"], "date"),
];

/** A benefit-stop-like bundle: one stop per entitlement of the list, at the element's department. */
export function stopsBundle(): BundleInput {
  return {
    id: "stops",
    version: 1,
    name: text("停发", "Stops"),
    applicantKind: "person",
    form: {
      fields: [
        ...person(),
        formField("answers", "entitlements", ["待遇", "Entitlements"], "list", {
          of: [
            {
              name: "benefit",
              label: text("待遇", "Benefit"),
              type: "enum",
              required: true,
              options: [
                option("pension", "养老金", "Pension"),
                option("health-card", "健康卡", "Health card"),
              ],
            },
            {
              name: "department",
              label: text("部门", "Department"),
              type: "enum",
              required: true,
              options: [option("hrss", "人社", "HRSS"), option("health", "卫健", "Health")],
            },
            { name: "since", label: text("起始", "Since"), type: "date", required: true },
          ],
        }),
      ],
    },
    items: [
      {
        id: "stop",
        name: text("停发", "Stop"),
        department: "hrss",
        forEach: { field: "answers.entitlements", key: "benefit", department: "department" },
        entitlements: { endsElement: "benefit" },
        inputs: { fields: ["subject.idNumber", "answers.entitlements"] },
        outputs: [
          { name: "stoppedFrom", label: text("停发日期", "Stopped from"), type: "date", required: true },
        ],
        timeLimitWorkingDays: 2,
        rejectionFails: "item",
      },
    ],
    caseSubject: { field: "subject.idNumber", oneOpenCase: true },
  };
}

/** An after-death-like bundle: a certificate that records the death, and a pension stop the registry may handle. */
export function deathBundle(): BundleInput {
  return {
    id: "death",
    version: 1,
    name: text("身后", "Death"),
    applicantKind: "person",
    form: { fields: [...person(), formField("answers", "isPensioner", ["养老金", "Pensioner"], "boolean")] },
    items: [
      {
        id: "certificate",
        name: text("死亡证明", "Certificate"),
        department: "health",
        inputs: { fields: ["subject.idNumber"] },
        outputs: [{ name: "certificateNumber", label: text("编号", "No."), type: "text", required: true }],
        emits: [
          {
            type: "PersonDied",
            fields: {
              "person.idNumber": "subject.idNumber",
              "person.name": "subject.name",
              diedOn: "subject.dateOfDeath",
              deathCertificateNumber: "certificate.certificateNumber",
            },
          },
        ],
        timeLimitWorkingDays: 1,
        rejectionFails: "case",
      },
      {
        id: "stop-pension",
        name: text("停发养老金", "Stop pension"),
        department: "hrss",
        dependsOn: ["certificate"],
        condition: { field: "answers.isPensioner", equals: true },
        entitlements: { ends: ["pension"] },
        inputs: { fields: ["subject.idNumber"] },
        timeLimitWorkingDays: 5,
        rejectionFails: "item",
      },
    ],
    caseSubject: { field: "subject.idNumber", oneOpenCase: true },
  };
}

/** An application that, once approved, grants the applicant a pension. */
export function grantBundle(): BundleInput {
  return {
    id: "grant",
    version: 1,
    name: text("申领", "Grant"),
    applicantKind: "person",
    form: { fields: person().slice(0, 2) },
    items: [
      {
        id: "approve",
        name: text("审批", "Approve"),
        department: "hrss",
        entitlements: { grants: ["pension"] },
        inputs: { fields: ["applicant.idNumber"] },
        timeLimitWorkingDays: 5,
        rejectionFails: "case",
      },
    ],
    caseSubject: { field: "applicant.idNumber", oneOpenCase: true },
  };
}

export function stopRule(version = 1) {
  return {
    id: "died-stop",
    version,
    name: text("停发", "Stop"),
    on: "PersonDied",
    when: { field: "registry.activeEntitlementCount", gt: 0 },
    actions: [
      {
        kind: "startCase",
        bundle: "stops",
        form: {
          "applicant.idNumber": "event.person.idNumber",
          "applicant.name": "event.person.name",
          "subject.idNumber": "event.person.idNumber",
          "subject.name": "event.person.name",
          "subject.dateOfDeath": "event.diedOn",
          "answers.entitlements": "registry.activeEntitlements",
        },
        unlessEmpty: "answers.entitlements",
      },
      {
        kind: "addEvent",
        event: "CaseWithdrawn",
        cases: { person: "event.person.idNumber", role: "applicant", bundles: ["grant"] },
        reason: text("申请人已死亡", "the applicant has died"),
      },
    ],
  };
}

export const birthRule = () => ({
  id: "born-note",
  version: 1,
  name: text("出生", "Birth"),
  on: "ChildBorn",
  actions: [
    {
      kind: "notify",
      cases: { person: "event.father.idNumber", role: "applicant", bundles: ["grant"] },
      note: text("已出生", "born"),
    },
  ],
});

export function registryData(
  change: (data: Required<CatalogueData> & { rules: unknown[]; bundles: unknown[] }) => void = () => {},
): CatalogueData {
  const data = {
    bundles: [stopsBundle(), deathBundle(), grantBundle()] as unknown[],
    departments,
    jurisdictions: undefined,
    profiles: [] as unknown[],
    delegations: undefined,
    benefits,
    sources,
    rules: [stopRule(), birthRule()] as unknown[],
  };
  change(data);
  return data;
}

export const registryCatalogue = (data: CatalogueData = registryData()) => loadCatalogue(data);
export const registryDecide = () => createDecide({ catalogue: registryCatalogue(), calendar });

/** The issues loading the data raises (none: an empty list). */
export function registryIssues(data: CatalogueData): CatalogueIssue[] {
  try {
    loadCatalogue(data);
  } catch (e) {
    if (e instanceof CatalogueValidationError) return [...e.issues];
    throw e;
  }
  return [];
}

export const deathApplication = (isPensioner = true, dateOfDeath = "2025-09-28") => ({
  applicant: { name: "王芳", idNumber: APPLICANT_ID },
  subject: { idNumber: DECEASED_ID, name: "王建国", dateOfDeath },
  answers: { isPensioner },
});

export const personDied = (extra: Record<string, unknown> = {}) => ({
  type: "PersonDied",
  schemaVersion: 1,
  sourceEventId: "dmc-2025-000123",
  occurredAt: "2025-09-29T09:15:00+08:00",
  person: { idNumber: DECEASED_ID, name: "王建国" },
  diedOn: "2025-09-28",
  ...extra,
});

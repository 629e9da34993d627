import {
  type BundleInput,
  type CaseEvent,
  type CaseState,
  type Command,
  createDecide,
  type Decide,
  type DispatchItem,
  type ItemResult,
  loadCatalogue,
  residentIdCheckChar,
  WorkingCalendar,
} from "@onething/domain";

/** Test calendar: two real holidays of the State Council schedules (the full seeds are tested in seeds/). */
export const calendar = WorkingCalendar.fromData([
  {
    year: 2025,
    source: "test fixture",
    holidays: [
      {
        name: { zh: "国庆节、中秋节", en: "National Day and Mid-Autumn Festival" },
        from: "2025-10-01",
        to: "2025-10-08",
        makeUpWorkdays: ["2025-09-28", "2025-10-11"],
      },
    ],
  },
  {
    year: 2026,
    source: "test fixture",
    holidays: [
      {
        name: { zh: "春节", en: "Spring Festival" },
        from: "2026-02-15",
        to: "2026-02-23",
        makeUpWorkdays: ["2026-02-14", "2026-02-28"],
      },
    ],
  },
]);

export const departments = {
  departments: [
    { id: "health", name: { zh: "卫健", en: "Health" }, kind: "government" },
    { id: "public-security", name: { zh: "公安", en: "Public security" }, kind: "government" },
    { id: "hrss", name: { zh: "人社", en: "Human resources and social security" }, kind: "government" },
    { id: "funeral-home", name: { zh: "殡仪馆", en: "Funeral home" }, kind: "government" },
    { id: "banks", name: { zh: "银行", en: "Banks" }, kind: "company" },
  ],
};

/** Builds a valid resident ID number from a 17-digit prefix. */
export const residentId = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;

export const DECEASED_ID = residentId("33021219450302001");
export const APPLICANT_ID = residentId("33021219700815002");

/** A small after-death-like bundle exercising alternatives, conditions, gates, a report and a fatal item. */
export function miniBundle(): BundleInput {
  return {
    id: "mini",
    version: 1,
    name: { zh: "迷你", en: "Mini" },
    applicantKind: "person",
    form: {
      fields: [
        {
          section: "applicant",
          name: "name",
          label: { zh: "姓名", en: "Name" },
          type: "text",
          required: true,
          pii: "name",
        },
        {
          section: "applicant",
          name: "idNumber",
          label: { zh: "身份证号", en: "ID number" },
          type: "idNumber",
          required: true,
          pii: "idNumber",
        },
        {
          section: "applicant",
          name: "phone",
          label: { zh: "手机", en: "Phone" },
          type: "phone",
          required: true,
          pii: "phone",
        },
        {
          section: "subject",
          name: "idNumber",
          label: { zh: "逝者身份证号", en: "Deceased ID" },
          type: "idNumber",
          required: true,
        },
        {
          section: "answers",
          name: "deathPlace",
          label: { zh: "死亡地点", en: "Place of death" },
          type: "enum",
          required: true,
          options: [
            { value: "hospital", label: { zh: "医院", en: "Hospital" } },
            { value: "elsewhere", label: { zh: "其他", en: "Elsewhere" } },
          ],
        },
        {
          section: "answers",
          name: "hospitalName",
          label: { zh: "医院", en: "Hospital" },
          type: "text",
          required: false,
          requiredWhen: { field: "answers.deathPlace", equals: "hospital" },
        },
        {
          section: "answers",
          name: "isPensioner",
          label: { zh: "领取养老金", en: "Pensioner" },
          type: "boolean",
          required: true,
        },
        {
          section: "answers",
          name: "dateOfDeath",
          label: { zh: "死亡日期", en: "Date of death" },
          type: "date",
          required: true,
        },
      ],
    },
    items: [
      {
        id: "cert-hospital",
        name: { zh: "死亡医学证明（医院）", en: "Death certificate (hospital)" },
        department: "health",
        condition: { field: "answers.deathPlace", equals: "hospital" },
        inputs: { fields: ["subject.idNumber", "answers.hospitalName", "answers.dateOfDeath"] },
        outputs: [
          {
            name: "certificateNumber",
            label: { zh: "证明编号", en: "Certificate no." },
            type: "text",
            required: true,
          },
        ],
        timeLimitWorkingDays: 1,
        rejectionFails: "case",
      },
      {
        id: "cert-police",
        name: { zh: "死亡证明（公安）", en: "Death certificate (police)" },
        department: "public-security",
        condition: { field: "answers.deathPlace", equals: "elsewhere" },
        inputs: { fields: ["subject.idNumber", "answers.dateOfDeath"] },
        outputs: [
          {
            name: "certificateNumber",
            label: { zh: "证明编号", en: "Certificate no." },
            type: "text",
            required: true,
          },
        ],
        timeLimitWorkingDays: 1,
        rejectionFails: "case",
      },
      {
        id: "household",
        name: { zh: "户口注销", en: "Household cancellation" },
        department: "public-security",
        dependsOn: ["cert-hospital", "cert-police"],
        inputs: {
          fields: ["subject.idNumber"],
          outputs: ["cert-hospital.certificateNumber", "cert-police.certificateNumber"],
        },
        timeLimitWorkingDays: 2,
        rejectionFails: "item",
      },
      {
        id: "pension",
        name: { zh: "养老金停发", en: "Stop pension" },
        department: "hrss",
        condition: { field: "answers.isPensioner", equals: true },
        dependsOn: ["cert-hospital", "cert-police"],
        inputs: { fields: ["subject.idNumber", "answers.dateOfDeath"] },
        outputs: [
          {
            name: "grantAmount",
            label: { zh: "丧葬补助金", en: "Funeral grant" },
            type: "number",
            required: false,
          },
        ],
        timeLimitWorkingDays: 5,
        rejectionFails: "item",
        switchable: true,
      },
      {
        id: "cremation",
        name: { zh: "火化", en: "Cremation" },
        department: "funeral-home",
        inputs: { fields: ["applicant.name", "applicant.phone"] },
        timeLimitWorkingDays: 1,
        rejectionFails: "item",
      },
      {
        id: "bank-inquiry",
        name: { zh: "银行查询", en: "Bank inquiry" },
        department: "banks",
        dependsOn: ["household"],
        inputs: { fields: ["subject.idNumber"] },
        outputs: [
          { name: "holdings", label: { zh: "资产", en: "Holdings" }, type: "records", required: true },
        ],
        timeLimitWorkingDays: 10,
        rejectionFails: "item",
      },
      {
        id: "asset-report",
        name: { zh: "涉财报告", en: "Asset report" },
        kind: "report",
        department: "platform",
        dependsOn: ["bank-inquiry"],
        inputs: { outputs: ["bank-inquiry.holdings"] },
        outputs: [{ name: "report", label: { zh: "报告", en: "Report" }, type: "records", required: true }],
        timeLimitWorkingDays: 1,
        rejectionFails: "item",
      },
    ],
  };
}

export const miniCatalogue = () => loadCatalogue({ bundles: [miniBundle()], departments });
export const miniDecide = (): Decide => createDecide({ catalogue: miniCatalogue(), calendar });

export function miniApplication(overrides: Partial<Record<string, unknown>> = {}) {
  return {
    applicant: { name: "王芳", idNumber: APPLICANT_ID, phone: "13805741234" },
    subject: { idNumber: DECEASED_ID },
    answers: {
      deathPlace: "hospital",
      hospitalName: "宁波市第一医院",
      isPensioner: true,
      dateOfDeath: "2025-09-28",
      ...overrides,
    },
  };
}

export function submitted(caseId: string, application: unknown, eventId = `${caseId}-submit`): CaseEvent {
  return {
    type: "ApplicationSubmitted",
    eventId,
    caseId,
    bundleId: "mini",
    application: application as never,
    channel: "online",
    filedBy: { role: "citizen", id: APPLICANT_ID },
  };
}

let counter = 0;
const nextId = () => `e${++counter}`;

/** A department's answer for the item's current attempt. */
export function answer(state: CaseState, itemId: string, result: ItemResult): CaseEvent {
  const s = state.items[itemId];
  if (!s) throw new Error(`no item ${itemId}`);
  return {
    type: "ItemResultReceived",
    eventId: nextId(),
    caseId: state.caseId,
    itemId,
    department: s.department,
    attempt: s.attempt,
    result,
  };
}

export const completed = (state: CaseState, itemId: string, outputs: Record<string, unknown> = {}) =>
  answer(state, itemId, { outcome: "completed", outputs });

export const rejected = (state: CaseState, itemId: string, reason = "材料不符") =>
  answer(state, itemId, { outcome: "rejected", reason });

export const needsSupplement = (state: CaseState, itemId: string, field: string) =>
  answer(state, itemId, {
    outcome: "needs_supplement",
    reason: "请补充材料",
    requested: [{ field, description: "补充材料" }],
  });

export const dispatches = (commands: readonly Command[]): DispatchItem[] =>
  commands.filter((c): c is DispatchItem => c.type === "DispatchItem");
export const dispatchedIds = (commands: readonly Command[]) => dispatches(commands).map((c) => c.itemId);
export const commandTypes = (commands: readonly Command[]) => commands.map((c) => c.type);

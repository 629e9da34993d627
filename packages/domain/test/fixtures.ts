import {
  type BundleInput,
  type CalendarYear,
  type CaseEvent,
  type CaseState,
  type Command,
  createDecide,
  type Decide,
  type DispatchItem,
  type Filer,
  type ItemInput,
  type ItemResult,
  type ItemResultReceived,
  type ItemState,
  loadCatalogue,
  residentIdCheckChar,
  WorkingCalendar,
} from "@onething/domain";

/** One year's holiday notice with a single holiday (its name in both languages) and its make-up workdays. */
export const noticeOf = (
  year: number,
  name: [zh: string, en: string],
  days: { from: string; to: string; makeUpWorkdays: string[] },
  source = "test fixture",
): CalendarYear => ({ year, source, holidays: [{ name: { zh: name[0], en: name[1] }, ...days }] });

/** Test calendar: two real holidays of the State Council schedules (the full seeds are tested in seeds/). */
export const calendar = WorkingCalendar.fromData([
  noticeOf(2025, ["国庆节、中秋节", "National Day and Mid-Autumn Festival"], {
    from: "2025-10-01",
    to: "2025-10-08",
    makeUpWorkdays: ["2025-09-28", "2025-10-11"],
  }),
  noticeOf(2026, ["春节", "Spring Festival"], {
    from: "2026-02-15",
    to: "2026-02-23",
    makeUpWorkdays: ["2026-02-14", "2026-02-28"],
  }),
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

type FieldInput = BundleInput["form"]["fields"][number];

/** A form field of a test bundle, labelled in both languages; required unless `extra` says otherwise. */
export const formField = (
  section: FieldInput["section"],
  name: string,
  label: [zh: string, en: string],
  type: FieldInput["type"],
  extra: Partial<FieldInput> = {},
): FieldInput => ({ section, name, label: { zh: label[0], en: label[1] }, type, required: true, ...extra });

/** A small after-death-like bundle exercising alternatives, conditions, gates, a report and a fatal item. */
export function miniBundle(): BundleInput {
  return {
    id: "mini",
    version: 1,
    name: { zh: "迷你", en: "Mini" },
    applicantKind: "person",
    form: { fields: miniFormFields() },
    items: miniItems(),
  };
}

function miniFormFields(): FieldInput[] {
  return [
    formField("applicant", "name", ["姓名", "Name"], "text", { pii: "name" }),
    formField("applicant", "idNumber", ["身份证号", "ID number"], "idNumber", { pii: "idNumber" }),
    formField("applicant", "phone", ["手机", "Phone"], "phone", { pii: "phone" }),
    formField("subject", "idNumber", ["逝者身份证号", "Deceased ID"], "idNumber"),
    formField("answers", "deathPlace", ["死亡地点", "Place of death"], "enum", {
      options: [
        { value: "hospital", label: { zh: "医院", en: "Hospital" } },
        { value: "elsewhere", label: { zh: "其他", en: "Elsewhere" } },
      ],
    }),
    formField("answers", "hospitalName", ["医院", "Hospital"], "text", {
      required: false,
      requiredWhen: { field: "answers.deathPlace", equals: "hospital" },
    }),
    formField("answers", "isPensioner", ["领取养老金", "Pensioner"], "boolean"),
    formField("answers", "dateOfDeath", ["死亡日期", "Date of death"], "date"),
  ];
}

/** The death certificate, from the hospital or from the police: the alternatives household and pension wait on. */
function certificate(
  id: string,
  name: [zh: string, en: string],
  department: string,
  deathPlace: string,
  fields: string[],
): ItemInput {
  return {
    id,
    name: { zh: name[0], en: name[1] },
    department,
    condition: { field: "answers.deathPlace", equals: deathPlace },
    inputs: { fields },
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
  };
}

function miniItems(): ItemInput[] {
  return [
    certificate(
      "cert-hospital",
      ["死亡医学证明（医院）", "Death certificate (hospital)"],
      "health",
      "hospital",
      ["subject.idNumber", "answers.hospitalName", "answers.dateOfDeath"],
    ),
    certificate(
      "cert-police",
      ["死亡证明（公安）", "Death certificate (police)"],
      "public-security",
      "elsewhere",
      ["subject.idNumber", "answers.dateOfDeath"],
    ),
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
      outputs: [{ name: "holdings", label: { zh: "资产", en: "Holdings" }, type: "records", required: true }],
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
  ];
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

/** A department's answer for one attempt of an item (its department and attempt as the item state says). */
export function answerTo(
  caseId: string,
  item: Pick<ItemState, "itemId" | "department" | "attempt">,
  result: ItemResult,
  eventId = nextId(),
): ItemResultReceived {
  return {
    type: "ItemResultReceived",
    eventId,
    caseId,
    itemId: item.itemId,
    department: item.department,
    attempt: item.attempt,
    result,
  };
}

/** A department's answer for the item's current attempt. */
export function answer(state: CaseState, itemId: string, result: ItemResult): CaseEvent {
  const s = state.items[itemId];
  if (!s) throw new Error(`no item ${itemId}`);
  return answerTo(state.caseId, s, result);
}

/** The applicant's supplement for one attempt of an item. */
export const supplementFor = (
  caseId: string,
  itemId: string,
  attempt: number,
  answers: Record<string, unknown>,
  eventId = nextId(),
): CaseEvent => ({ type: "SupplementProvided", eventId, caseId, itemId, attempt, answers });

/** The applicant withdraws the case. */
export const withdrawal = (
  caseId: string,
  reason: string,
  eventId = nextId(),
  by: Filer = { role: "citizen", id: APPLICANT_ID },
): CaseEvent => ({ type: "CaseWithdrawn", eventId, caseId, reason, by });

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

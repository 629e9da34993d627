import {
  type ApplicationSubmitted,
  type BundleInput,
  type CaseEvent,
  type CaseState,
  type CatalogueData,
  type Channel,
  type Command,
  createDecide,
  type DispatchItem,
  loadCatalogue,
} from "@onething/domain";
import { APPLICANT_ID, calendar, formField } from "./fixtures.ts";

const name = (zh: string, en: string) => ({ zh, en });

/** Zhejiang → Ningbo → Yinzhou (towns 鄞A delegated, 鄞B not) and Haishu; Anhui → Lu'an → Jin'an. */
export const tree = {
  version: 1,
  effectiveFrom: "2024-01-01",
  root: "000000",
  defaultPlace: "330200",
  nodes: [
    { code: "000000", level: "country", name: name("全国", "China") },
    { code: "330000", parent: "000000", level: "province", name: name("浙江省", "Zhejiang") },
    { code: "330200", parent: "330000", level: "city", name: name("宁波市", "Ningbo") },
    {
      code: "330212",
      parent: "330200",
      level: "district",
      kind: "district",
      name: name("鄞州区", "Yinzhou"),
    },
    { code: "330212101", parent: "330212", level: "town", kind: "town", name: name("姜山镇", "Jiangshan") },
    { code: "330212102", parent: "330212", level: "town", kind: "town", name: name("五乡镇", "Wuxiang") },
    { code: "330212101001", parent: "330212101", level: "community", name: name("走马塘村", "Zoumatang") },
    { code: "330203", parent: "330200", level: "district", kind: "district", name: name("海曙区", "Haishu") },
    { code: "330203001", parent: "330203", level: "town", kind: "street", name: name("鼓楼街道", "Gulou") },
    {
      code: "330291",
      parent: "330200",
      level: "district",
      kind: "zone",
      name: name("高新区", "Hi-tech Zone"),
      bureau: name("社会事务管理局", "Social Affairs Bureau"),
    },
    { code: "340000", parent: "000000", level: "province", name: name("安徽省", "Anhui") },
    { code: "341500", parent: "340000", level: "city", name: name("六安市", "Lu'an") },
    { code: "341502", parent: "341500", level: "district", kind: "district", name: name("金安区", "Jin'an") },
  ],
};

export const JIANGSHAN = "330212101";
export const WUXIANG = "330212102";
export const GULOU = "330203001";
export const JINAN = "341502";

export const dept = (id: string, offices: string[]) => ({
  id,
  name: name(id, id),
  kind: "government",
  offices,
});

export const placeDepartments = () => [
  dept("town-office", ["town"]),
  dept("civil-affairs", ["province", "city", "district"]),
  dept("justice", ["city", "district"]),
  dept("real-estate", ["city", "district"]),
  dept("banks", ["city"]),
  dept("cross-province-exchange", ["province"]),
];

/** Jiangshan holds approval from 2025-01-01 until 2026-01-01; Wuxiang never. */
export const delegations = {
  version: 1,
  grants: [{ town: JIANGSHAN, bundle: "assist", item: "approval", from: "2025-01-01", until: "2026-01-01" }],
};

const profile = (place: string, version: number, effectiveFrom: string, layer: object) => ({
  place,
  version,
  effectiveFrom,
  bundles: { assist: layer },
});

/** Ningbo: both on, a 低保 standard raised in v2; Yinzhou: legal aid off, on again in v2. */
export const profiles = [
  profile("330200", 1, "2024-01-01", {
    items: { dibao: true, "legal-aid": true },
    parameters: { dibao: { standard: 1200, currency: "CNY" } },
  }),
  profile("330200", 2, "2025-07-01", {
    items: { "legal-aid": true },
    parameters: { dibao: { standard: 1290 } },
  }),
  profile("330212", 1, "2024-01-01", { items: { "legal-aid": false } }),
  profile("330212", 2, "2026-01-01", { items: { "legal-aid": true } }),
];

/** An assistance-like bundle: intake at the town, a delegable approval, items by case place, field and element. */
export function assistBundle(): BundleInput {
  return {
    id: "assist",
    version: 1,
    name: name("救助", "Assistance"),
    applicantKind: "person",
    casePlace: "applicant.householdPlace",
    form: {
      fields: [
        formField("applicant", "name", ["姓名", "Name"], "text", { pii: "name" }),
        formField("applicant", "idNumber", ["身份证号", "ID number"], "idNumber", { pii: "idNumber" }),
        formField("applicant", "householdPlace", ["户籍地", "Household place"], "place", { required: false }),
        formField("answers", "propertyPlace", ["不动产所在地", "Property place"], "place", {
          required: false,
        }),
        formField("answers", "accounts", ["账户", "Accounts"], "list", {
          required: false,
          of: [
            { name: "key", label: name("编号", "Key"), type: "text", required: true },
            {
              name: "department",
              label: name("机构", "Holder"),
              type: "enum",
              required: true,
              options: [
                { value: "banks", label: name("银行", "Banks") },
                { value: "real-estate", label: name("不动产", "Real estate") },
              ],
            },
          ],
        }),
      ],
    },
    items: [
      {
        id: "intake",
        name: name("受理", "Intake"),
        kind: "gate",
        department: "town-office",
        timeLimitWorkingDays: 1,
        rejectionFails: "case",
      },
      {
        id: "approval",
        name: name("审批", "Approval"),
        kind: "gate",
        department: "civil-affairs",
        approval: "delegable",
        dependsOn: ["intake"],
        timeLimitWorkingDays: 5,
        rejectionFails: "case",
      },
      {
        id: "dibao",
        name: name("低保", "Dibao"),
        department: "civil-affairs",
        dependsOn: ["approval"],
        switchable: true,
        timeLimitWorkingDays: 5,
        rejectionFails: "item",
      },
      {
        id: "legal-aid",
        name: name("法援", "Legal aid"),
        department: "justice",
        switchable: true,
        timeLimitWorkingDays: 5,
        rejectionFails: "item",
      },
      {
        id: "property",
        name: name("不动产", "Property"),
        department: "real-estate",
        competentPlace: "answers.propertyPlace",
        timeLimitWorkingDays: 5,
        rejectionFails: "item",
      },
      {
        id: "accounts",
        name: name("账户查询", "Account inquiry"),
        department: "banks",
        forEach: { field: "answers.accounts", key: "key", department: "department" },
        timeLimitWorkingDays: 5,
        rejectionFails: "item",
      },
    ],
  };
}

export function placeData(
  change: (data: CatalogueData & { bundles: unknown[] }) => void = () => {},
): CatalogueData {
  const data = {
    bundles: [assistBundle()] as unknown[],
    departments: { departments: placeDepartments() },
    jurisdictions: tree,
    profiles,
    delegations,
  };
  change(data);
  return data;
}

export const placeCatalogue = () => loadCatalogue(placeData());
export const placeDecide = () => createDecide({ catalogue: placeCatalogue(), calendar });

/** A submission: the household place (if any), optional answers, the receiving place and channel. */
export function submission(
  householdPlace: string | undefined,
  options: {
    answers?: Record<string, unknown>;
    receivingPlace?: string;
    channel?: Channel;
    caseId?: string;
  } = {},
): ApplicationSubmitted {
  const caseId = options.caseId ?? "P1";
  return {
    type: "ApplicationSubmitted",
    eventId: `submit:${caseId}`,
    caseId,
    bundleId: "assist",
    application: {
      applicant: { name: "王芳", idNumber: APPLICANT_ID, ...(householdPlace ? { householdPlace } : {}) },
      answers: options.answers ?? {},
    },
    channel: options.channel ?? "online",
    filedBy: { role: "citizen", id: APPLICANT_ID },
    ...(options.receivingPlace ? { receivingPlace: options.receivingPlace } : {}),
  };
}

export const dispatches = (commands: Command[]) =>
  commands.filter((c): c is DispatchItem => c.type === "DispatchItem");

export const at = (day: string) => new Date(`${day}T02:00:00Z`);

/** Completes an item's current attempt as `department`. */
export function completion(state: CaseState, itemId: string, department: string): CaseEvent {
  return {
    type: "ItemResultReceived",
    eventId: `done:${itemId}:${department}`,
    caseId: state.caseId,
    itemId,
    department,
    attempt: state.items[itemId]?.attempt ?? 0,
    result: { outcome: "completed", outputs: {} },
  };
}

import {
  type BundleInput,
  type CaseEvent,
  type CaseState,
  type Catalogue,
  createDecide,
  type Decide,
  type ItemInput,
  loadCatalogue,
} from "@onething/domain";
import { expect } from "vitest";
import { APPLICANT_ID, calendar, completed, DECEASED_ID, departments, formField } from "./fixtures.ts";
import { later, T0 } from "./mini-engine.ts";

/** One entitlement of the deceased that must be stopped, as the form's list holds it. */
export interface Entitlement {
  code: string;
  department: string;
  monthlyAmount?: number;
  payee?: string;
}

const option = (value: string, zh: string, en: string) => ({ value, label: { zh, en } });

/**
 * A test-only bundle with a for-each item: after the death certificate, one stop task per entitlement of the
 * deceased (each at its own department), and a closing letter that waits for every stop.
 */
export function forEachBundle(change: (stop: ItemInput) => void = () => {}): BundleInput {
  const stop: ItemInput = {
    id: "benefit-stop",
    name: { zh: "待遇停发", en: "Stop a benefit" },
    department: "hrss",
    dependsOn: ["certificate"],
    forEach: { field: "answers.entitlements", key: "code", department: "department" },
    inputs: {
      fields: ["subject.idNumber", "answers.entitlements", "answers.dateOfDeath"],
      outputs: ["certificate.certificateNumber"],
    },
    outputs: [
      { name: "stoppedOn", label: { zh: "停发日期", en: "Stopped on" }, type: "date", required: true },
      { name: "overpaid", label: { zh: "多发金额", en: "Overpaid" }, type: "number", required: false },
    ],
    timeLimitWorkingDays: 5,
    rejectionFails: "item",
  };
  change(stop);
  return {
    id: "benefits",
    version: 1,
    name: { zh: "待遇停发联办", en: "Benefits stop" },
    applicantKind: "person",
    form: {
      fields: [
        formField("applicant", "name", ["姓名", "Name"], "text", { pii: "name" }),
        formField("applicant", "idNumber", ["身份证号", "ID number"], "idNumber", { pii: "idNumber" }),
        formField("subject", "idNumber", ["逝者身份证号", "Deceased ID"], "idNumber", { pii: "idNumber" }),
        formField("answers", "dateOfDeath", ["死亡日期", "Date of death"], "date"),
        formField("answers", "entitlements", ["在领待遇", "Entitlements"], "list", {
          required: false,
          maxItems: 8,
          of: [
            { name: "code", label: { zh: "待遇代码", en: "Code" }, type: "text", required: true },
            {
              name: "department",
              label: { zh: "发放部门", en: "Paying department" },
              type: "enum",
              required: true,
              options: [option("hrss", "人社", "HRSS"), option("health", "卫健", "Health")],
            },
            { name: "monthlyAmount", label: { zh: "月额", en: "Monthly" }, type: "number", required: false },
            {
              name: "payee",
              label: { zh: "领取人", en: "Payee" },
              type: "text",
              required: false,
              pii: "name",
            },
          ],
        }),
      ],
    },
    items: [
      {
        id: "certificate",
        name: { zh: "死亡证明", en: "Death certificate" },
        department: "health",
        inputs: { fields: ["subject.idNumber"] },
        outputs: [
          { name: "certificateNumber", label: { zh: "编号", en: "No." }, type: "text", required: true },
        ],
        timeLimitWorkingDays: 1,
        rejectionFails: "case",
      },
      stop,
      {
        id: "closing-letter",
        name: { zh: "办结告知", en: "Closing letter" },
        department: "public-security",
        dependsOn: ["benefit-stop"],
        inputs: { fields: ["subject.idNumber"] },
        timeLimitWorkingDays: 2,
        rejectionFails: "item",
      },
    ],
  };
}

export const forEachCatalogue = (bundle: BundleInput = forEachBundle()): Catalogue =>
  loadCatalogue({ bundles: [bundle], departments });

export const forEachDecide = (bundle?: BundleInput): Decide =>
  createDecide({ catalogue: forEachCatalogue(bundle), calendar });

/** An entitlement keyed `code`, paid by `department`. */
export const entitlement = (code: string, department = "hrss", extra: Partial<Entitlement> = {}) => ({
  code,
  department,
  ...extra,
});

export function forEachApplication(entitlements: readonly Entitlement[] | undefined) {
  return {
    applicant: { name: "王芳", idNumber: APPLICANT_ID },
    subject: { idNumber: DECEASED_ID },
    answers: {
      dateOfDeath: "2025-09-28",
      ...(entitlements === undefined ? {} : { entitlements: [...entitlements] }),
    },
  };
}

export function submittedBenefits(application: unknown, caseId = "B1"): CaseEvent {
  return {
    type: "ApplicationSubmitted",
    eventId: `${caseId}-submit`,
    caseId,
    bundleId: "benefits",
    application: application as never,
    channel: "online",
    filedBy: { role: "citizen", id: APPLICANT_ID },
  };
}

/** The ids of the instances of `benefit-stop` in a state, in the list's order. */
export const instanceIds = (state: CaseState): string[] => state.items["benefit-stop"]?.instances ?? [];

/** The engine over the for-each bundle, with the steps its tests take. */
export function forEachEngine(decide: Decide = forEachDecide()) {
  /** Decides and asserts the event was applied. */
  function apply(state: CaseState | undefined, event: CaseEvent, now: Date) {
    const d = decide(state, event, now);
    expect(d.ignored, JSON.stringify(d.ignored)).toBeUndefined();
    return { state: d.state as CaseState, commands: d.commands };
  }

  /** Submits case B1 at T0 and completes its death certificate, so that `benefit-stop` is ready. */
  function started(entitlements: readonly Entitlement[] | undefined) {
    const { state } = apply(undefined, submittedBenefits(forEachApplication(entitlements)), T0);
    return apply(state, completed(state, "certificate", { certificateNumber: "DC-1" }), later(5));
  }

  return { decide, apply, started };
}

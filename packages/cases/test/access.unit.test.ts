import { OutOfScopeError, type Principal } from "@onething/auth";
import { type Bundle, type CaseState, Jurisdictions, RefusalError } from "@onething/domain";
import { describe, expect, it } from "vitest";
import {
  assertActsForApplicant,
  caseAccess,
  caseView,
  narrowScope,
  RequestRefusedError,
  scopeOf,
} from "../src/index.ts";

const name = (zh: string) => ({ zh, en: zh });
const places = new Jurisdictions({
  version: 1,
  effectiveFrom: "2024-01-01",
  root: "000000",
  defaultPlace: "330200",
  nodes: [
    { code: "000000", level: "country", name: name("全国") },
    { code: "330000", parent: "000000", level: "province", name: name("浙江") },
    { code: "330200", parent: "330000", level: "city", name: name("宁波") },
    { code: "330212", parent: "330200", level: "district", kind: "district", name: name("鄞州") },
    { code: "330212101", parent: "330212", level: "town", kind: "town", name: name("姜山") },
    { code: "330212003", parent: "330212", level: "town", kind: "street", name: name("首南") },
    { code: "330203", parent: "330200", level: "district", kind: "district", name: name("海曙") },
  ],
});
const bundle = { id: "b", applicantKind: "person", items: [] } as unknown as Bundle;
const path = (code: string) => places.pathOf(code);

/** Placed at Jiangshan, received at Shounan's counter; one item at Yinzhou's civil affairs, one at Jiangshan's office. */
const state = {
  caseId: "OT-1",
  bundleId: "b",
  bundleVersion: 1,
  status: "in_progress",
  channel: "counter",
  filedBy: { role: "clerk", id: "clerk-shounan-1" },
  application: { applicant: { idNumber: "11010519491231002X" }, answers: {} },
  items: {
    approval: {
      itemId: "approval",
      department: "civil-affairs",
      status: "dispatched",
      attempt: 1,
      escalations: 0,
      office: { jurisdiction: "330212", path: path("330212"), rule: "not_delegated" },
    },
    visit: {
      itemId: "visit",
      department: "town-office",
      status: "dispatched",
      attempt: 1,
      escalations: 0,
      office: { jurisdiction: "330212101", path: path("330212101"), rule: "case" },
    },
  },
  submittedAt: "2026-03-02T02:00:00.000Z",
  updatedAt: "2026-03-02T02:00:00.000Z",
  place: { code: "330212101", path: path("330212101"), source: "field" },
  receivingOffice: { jurisdiction: "330212003", path: path("330212003"), by: "clerk" },
} as unknown as CaseState;

const operator = (office: string): Principal => ({
  role: "operator",
  subject: "op",
  canReveal: false,
  canLoadCalendar: false,
  office,
});
const clerk = (office: string, subject = "clerk-x"): Principal => ({ role: "clerk", subject, office });
const department = (id: string, office: string): Principal => ({
  role: "department",
  subject: id,
  department: id,
  office,
});
const access = (p: Principal) => caseAccess(p, state, bundle, places);
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    if (error instanceof RequestRefusedError) return `${error.status} ${error.code}`;
    if (error instanceof OutOfScopeError) return `403 ${error.code}`;
    if (error instanceof RefusalError && error.kind === "invalid") return `400 ${error.code}`;
    return (error as Error).name;
  }
  return "allowed";
};

describe("caseAccess by place", () => {
  it("operators read the cases placed or received within their scope", () => {
    for (const office of ["000000", "330200", "330212", "330212101", "330212003"])
      expect(access(operator(office))).toEqual({ kind: "operator" });
    expect(refusal(() => access(operator("330203")))).toBe("404 unknown_case");
  });

  it("clerks of the receiving office read in full; of the case's place, masked; elsewhere, nothing", () => {
    expect(access(clerk("330212003", "clerk-shounan-2"))).toEqual({ kind: "full" });
    expect(access(clerk("330212"))).toEqual({ kind: "full" });
    expect(access(clerk("330212101"))).toEqual({ kind: "operator" });
    expect(refusal(() => access(clerk("330203")))).toBe("404 unknown_case");
  });

  it("a department office sees its department's items within its scope, and only those", () => {
    expect(access(department("civil-affairs", "330212"))).toEqual({
      kind: "department",
      department: "civil-affairs",
      officePath: path("330212"),
    });
    expect(access(department("civil-affairs", "000000"))).toEqual({
      kind: "department",
      department: "civil-affairs",
    });
    // Yinzhou's civil affairs holds an item; Jiangshan's civil affairs (an office below it) does not.
    expect(refusal(() => access(department("civil-affairs", "330212101")))).toBe("404 unknown_case");
    expect(refusal(() => access(department("civil-affairs", "330203")))).toBe("404 unknown_case");
    const view = caseView(state, bundle, [], access(department("town-office", "330212101")));
    expect(view.items.map((i) => i.itemId)).toEqual([]);
  });

  it("an office the tree does not know is refused, never widened", () => {
    expect(refusal(() => access(operator("330299")))).toBe("403 unknown_office");
    expect(refusal(() => scopeOf(clerk("330299"), places))).toBe("403 unknown_office");
    // A clerk of the whole platform would act for every applicant in full; an operator there is the platform's.
    expect(refusal(() => scopeOf(clerk("000000"), places))).toBe("403 unknown_office");
    expect(scopeOf(operator("000000"), places)).toEqual({ jurisdiction: "000000", path: "000000" });
  });
});

describe("acting for the applicant by place", () => {
  it("a clerk of the receiving office may; a clerk where the case is merely placed may not; elsewhere it is unknown", () => {
    expect(refusal(() => assertActsForApplicant(clerk("330212003"), state, bundle, places))).toBe("allowed");
    expect(refusal(() => assertActsForApplicant(clerk("330212101"), state, bundle, places))).toBe(
      "ForbiddenError",
    );
    expect(refusal(() => assertActsForApplicant(clerk("330203"), state, bundle, places))).toBe(
      "404 unknown_case",
    );
  });
});

describe("narrowScope", () => {
  it("takes a place within the scope, and refuses one beside or above it", () => {
    const yinzhou = { jurisdiction: "330212", path: path("330212") };
    expect(narrowScope(yinzhou, "330212101", places)).toEqual({
      jurisdiction: "330212101",
      path: path("330212101"),
    });
    expect(narrowScope(yinzhou, undefined, places)).toBe(yinzhou);
    expect(refusal(() => narrowScope(yinzhou, "330203", places))).toBe("403 outside_scope");
    expect(refusal(() => narrowScope(yinzhou, "330200", places))).toBe("403 outside_scope");
    // A code the tree does not know is a bad request, as on the summary, not a place beyond the scope.
    expect(refusal(() => narrowScope(yinzhou, "339999", places))).toBe("400 unknown_place");
  });
});

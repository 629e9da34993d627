// Places through the composed handlers on local services: competent offices by rule, delegated approval, the
// place's item set, the cross-province hand-off, and scoped staff refused every other place's data on every route.

import type { CaseView, TaskDispatchedMessage } from "@onething/contracts";
import { createMatcher, ROUTE_LIST, type RouteId } from "@onething/contracts";
import { describe, expect, it } from "vitest";
import {
  applicationAt,
  type Call,
  calls,
  citizenOf,
  clerkAt,
  DELEGATED_TOWN,
  departmentAt,
  HAISHU,
  HAISHU_TOWN,
  NINGBO,
  OTHER_YINZHOU_TOWN,
  operatorAt,
  PLACES_NOW,
  placesDriver,
  UNDELEGATED_TOWN,
  YINZHOU,
} from "../support/places.ts";
import { catalogue, testPlatform } from "../support/platform.ts";

const now = PLACES_NOW;
const t = await testPlatform({ name: "places", ops: "real", clock: () => now });
const places = catalogue.places;
const { submit, view, answer, workUntil, expectedOffice } = placesDriver(t);

describe("places: the jurisdiction tree, the seeds' towns", () => {
  it("has Yinzhou towns with and without delegated approval, and Haishu towns", () => {
    expect(
      [DELEGATED_TOWN, UNDELEGATED_TOWN, OTHER_YINZHOU_TOWN, HAISHU_TOWN].every((c) => places.has(c)),
    ).toBe(true);
  });

  it("GET /v1/jurisdictions gives the tree and the delegations, public", async () => {
    const r = await t.request("GET", "/v1/jurisdictions", undefined);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ root: "000000", defaultPlace: NINGBO });
    const codes = (r.body.nodes as { code: string }[]).map((n) => n.code);
    expect(codes).toEqual(
      expect.arrayContaining(["000000", "330000", NINGBO, YINZHOU, HAISHU, DELEGATED_TOWN]),
    );
    expect(r.body.delegations).toContainEqual(
      expect.objectContaining({ town: DELEGATED_TOWN, bundle: "social-assistance", item: "approval" }),
    );
  });
});

// A counter filing at a Yinzhou town with delegated approval; its approval is held for the tests below.
const delegatedApplication = applicationAt("sa-elderly-couple-dibao", DELEGATED_TOWN);
const delegatedCase = await submit(delegatedApplication, clerkAt(DELEGATED_TOWN, "clerk-jiangshan-1"));
const [delegatedApproval] = await workUntil(delegatedCase, "approval");

// The same at a town without: its approval goes to the district's civil affairs.
const undelegatedCase = await submit(
  applicationAt("sa-elderly-couple-dibao", UNDELEGATED_TOWN),
  clerkAt(UNDELEGATED_TOWN),
);
const [undelegatedApproval] = await workUntil(undelegatedCase, "approval");

describe("competent offices", () => {
  it("a counter filing at a Yinzhou town is placed and received there, and each item goes to its office by rule", async () => {
    const c = await view(delegatedCase);
    expect(c.place).toMatchObject({
      code: DELEGATED_TOWN,
      source: "field",
      field: "applicant.householdPlace",
    });
    expect(c.receivingOffice).toMatchObject({ jurisdiction: DELEGATED_TOWN, by: "clerk" });
    const sent = c.items.filter((i) => i.attempt > 0);
    expect(sent.length).toBeGreaterThan(3);
    for (const item of sent) {
      const expected =
        item.itemId === "approval" ? DELEGATED_TOWN : expectedOffice(item.department, DELEGATED_TOWN);
      expect(item.office, item.itemId).toMatchObject({
        jurisdiction: expected,
        path: places.pathOf(expected),
        rule: item.itemId === "approval" ? "delegated" : "case",
      });
    }
    // The intake is the town's; the economic check the office its department has above the town.
    expect(c.items.find((i) => i.itemId === "intake")?.office?.jurisdiction).toBe(DELEGATED_TOWN);
    expect(c.items.find((i) => i.itemId === "economic-verification")?.office?.jurisdiction).toBe(
      expectedOffice("economic-verification-center", DELEGATED_TOWN),
    );
    // The same, in the seeds' own terms rather than the rule's: Yinzhou's centre, the town's office.
    const officeOf = (itemId: string) => c.items.find((i) => i.itemId === itemId)?.office?.jurisdiction;
    expect([officeOf("intake"), officeOf("economic-verification"), officeOf("home-visit")]).toEqual([
      DELEGATED_TOWN,
      "330212",
      DELEGATED_TOWN,
    ]);
  });

  it("every task message names its office, and its token is bound to it", async () => {
    const c = await view(undelegatedCase);
    const approval = c.items.find((i) => i.itemId === "approval");
    expect(undelegatedApproval).toMatchObject({
      department: approval?.department,
      office: { jurisdiction: approval?.office?.jurisdiction, path: approval?.office?.path },
    });
    const [payload = ""] = (undelegatedApproval?.taskToken ?? "").split(".");
    expect(JSON.parse(Buffer.from(payload, "base64url").toString("utf8"))).toMatchObject({
      office: approval?.office?.path,
    });
  });
});

describe("delegated approval (审批权下放)", () => {
  it("a Yinzhou town holding the grant approves its own case: its town office answers", async () => {
    expect(delegatedApproval).toMatchObject({
      itemId: "approval",
      department: "town-office",
      office: { jurisdiction: DELEGATED_TOWN },
    });
    // Another town's office of the same department is not this one.
    const other = await answer(
      delegatedApproval as TaskDispatchedMessage,
      departmentAt("town-office", OTHER_YINZHOU_TOWN),
    );
    expect(other).toMatchObject({ status: 403, body: { error: "wrong_office" } });
    const own = await answer(
      delegatedApproval as TaskDispatchedMessage,
      departmentAt("town-office", DELEGATED_TOWN),
    );
    expect(own.status, JSON.stringify(own.body)).toBe(202);
    await t.drainOrchestrator();
    const c = await view(delegatedCase);
    expect(c.items.find((i) => i.itemId === "approval")).toMatchObject({
      status: "completed",
      department: "town-office",
      office: { rule: "delegated" },
    });
  });

  it("a town without it does not: its approval goes to Yinzhou's civil affairs, and the town's answer is refused", async () => {
    expect(undelegatedApproval).toMatchObject({
      itemId: "approval",
      department: "civil-affairs",
      office: { jurisdiction: YINZHOU },
    });
    const task = undelegatedApproval as TaskDispatchedMessage;
    expect((await answer(task, departmentAt("town-office", UNDELEGATED_TOWN))).status).toBe(403);
    expect(await answer(task, departmentAt("civil-affairs", HAISHU))).toMatchObject({
      status: 403,
      body: { error: "wrong_office" },
    });
    const district = await answer(task, departmentAt("civil-affairs", YINZHOU));
    expect(district.status, JSON.stringify(district.body)).toBe(202);
    await t.drainOrchestrator();
    expect((await view(undelegatedCase)).items.find((i) => i.itemId === "approval")).toMatchObject({
      status: "completed",
      office: { jurisdiction: YINZHOU, rule: "not_delegated" },
    });
  });

  it("a department office above the item's office answers for it (Ningbo's civil affairs for Yinzhou's)", async () => {
    const c = await submit(
      applicationAt("sa-elderly-couple-dibao", UNDELEGATED_TOWN),
      clerkAt(UNDELEGATED_TOWN),
    );
    const [approval] = await workUntil(c, "approval");
    const r = await answer(approval as TaskDispatchedMessage, departmentAt("civil-affairs", NINGBO));
    expect(r.status, JSON.stringify(r.body)).toBe(202);
  });
});

describe("the place's item set (profiles)", () => {
  it("the same social-assistance application runs Ningbo's items at Haishu and Yinzhou's own at Yinzhou", async () => {
    const atYinzhou = applicationAt("sa-elderly-couple-dibao", UNDELEGATED_TOWN);
    const atHaishu = applicationAt("sa-elderly-couple-dibao", HAISHU_TOWN);
    const yinzhou = await view(await submit(atYinzhou, citizenOf(atYinzhou)));
    const haishu = await view(await submit(atHaishu, citizenOf(atHaishu)));
    const off = (c: CaseView) =>
      c.items
        .filter((i) => i.skipReason === "disabled_by_profile")
        .map((i) => i.itemId)
        .sort();
    const bundle = catalogue.bundle("social-assistance");
    expect(off(yinzhou)).toEqual(
      [...catalogue.profiles.resolve(UNDELEGATED_TOWN, bundle.id, now.toISOString()).disabled].sort(),
    );
    // Yinzhou's own set (「最低生活保障等8项…残疾人…生活用电、有线电视费减免」): the other three are off.
    expect(off(yinzhou)).toEqual(["children-in-difficulty", "legal-aid", "temporary-assistance-advance"]);
    // Ningbo's profile switches on all 14 (「14个线上联办事项」); Haishu has none of its own.
    expect(off(haishu)).toEqual([]);
    expect(haishu.place).toMatchObject({ code: HAISHU_TOWN });
    // Online without a choice of office: received where the case belongs.
    expect(yinzhou.receivingOffice).toMatchObject({ jurisdiction: UNDELEGATED_TOWN, by: "case_place" });
  });

  it("a place or receiving office not in the tree is a 400 naming every such field", async () => {
    const unknownTown = applicationAt("sa-elderly-couple-dibao", "330212999");
    const chosen = { ...applicationAt("sa-elderly-couple-dibao", DELEGATED_TOWN), receivingPlace: "339999" };
    const refused = async (body: typeof unknownTown, key: string) => {
      const r = await t.request("POST", "/v1/applications", citizenOf(body), body, {
        "idempotency-key": key,
      });
      expect(r).toMatchObject({ status: 400, body: { error: "unknown_place" } });
      return r.body.issues.map((i: { path: string }) => i.path);
    };
    expect(await refused(unknownTown, "places-unknown-1")).toEqual(["applicant.householdPlace"]);
    expect(await refused(chosen, "places-unknown-2")).toEqual(["receivingPlace"]);
    const both = { ...unknownTown, receivingPlace: "339999" };
    expect(await refused(both, "places-unknown-3")).toEqual(["applicant.householdPlace", "receivingPlace"]);
  });
});

describe("跨省通办: cross-province items", () => {
  it("an item whose competent place is in another province is handed off to the exchange desk for it", async () => {
    // A Yinzhou man's flat lies in Anhui: the real-estate items' competent place (where the property lies).
    const ANHUI = "340000";
    const application = applicationAt("after-death-hospital-pensioner", DELEGATED_TOWN);
    application.answers = { ...application.answers, propertyPlace: ANHUI };
    const caseId = await submit(application, citizenOf(application));
    const seen = await workUntil(caseId);
    const c = await view(caseId);
    const handedOff = c.items.filter((i) => i.office?.rule === "exchange");
    expect(handedOff.map((i) => i.itemId)).toContain("asset-inquiry-real-estate");
    for (const item of handedOff) {
      expect(item).toMatchObject({
        department: "cross-province-exchange",
        office: { jurisdiction: ANHUI, handoff: { department: "real-estate-registration", place: ANHUI } },
      });
      expect(seen.find((task) => task.itemId === item.itemId)).toMatchObject({
        department: "cross-province-exchange",
        office: { jurisdiction: ANHUI },
        handoff: { department: "real-estate-registration", place: ANHUI },
      });
    }
    expect(
      c.timeline.some((e) => e.kind === "item_handed_off" && e.itemId === "asset-inquiry-real-estate"),
    ).toBe(true);
    // The rest stays in the province: at the offices of the case place.
    const household = c.items.find((i) => i.itemId === "household-cancellation");
    expect(household?.office).toMatchObject({ jurisdiction: YINZHOU, rule: "case" });
    expect(c.receivingOffice).toMatchObject({ jurisdiction: DELEGATED_TOWN, by: "case_place" });
  });
});

describe("scoped staff", () => {
  it("clerks of one office follow up each other's filings; a clerk of a town where a case is merely placed reads it masked", async () => {
    const colleague = clerkAt(DELEGATED_TOWN, "clerk-jiangshan-2");
    const full = await t.request("GET", `/v1/cases/${delegatedCase}`, colleague);
    expect(full).toMatchObject({ status: 200, body: { applicationMasked: false } });
    const list = await t.request("GET", "/v1/cases", colleague);
    expect(list.body.cases.map((c: { caseId: string }) => c.caseId)).toContain(delegatedCase);
    const followUp = await t.request("POST", `/v1/cases/${delegatedCase}/supplements`, colleague, {
      itemId: "intake",
      answers: { x: "y" },
    });
    expect(followUp).toMatchObject({ status: 409, body: { error: "nothing_requested" } });
  });

  it("a department office's roster holds the entitlements granted by cases of its scope", async () => {
    await workUntil(delegatedCase);
    const roster = async (claims: object) => {
      const r = await t.request("GET", "/v1/entitlements?limit=100", claims);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body.entitlements as { holder: { idNumber: string }; benefit: string }[]).filter(
        (e) => e.holder.idNumber === delegatedApplication.applicant.idNumber,
      );
    };
    const everywhere = await roster({
      role: "department",
      sub: "civil-affairs",
      department: "civil-affairs",
    });
    expect(everywhere.length).toBeGreaterThan(0);
    expect(await roster(departmentAt("civil-affairs", YINZHOU))).toEqual(everywhere);
    expect(await roster(departmentAt("civil-affairs", DELEGATED_TOWN))).toEqual(everywhere);
    expect(await roster(departmentAt("civil-affairs", HAISHU))).toEqual([]);
    expect(await roster(departmentAt("civil-affairs", UNDELEGATED_TOWN))).toEqual([]);
  });

  it("an operator sees its scope: Yinzhou's cases for Yinzhou, all of Ningbo for the city, a place within only", async () => {
    const ids = async (claims: object, query = "") =>
      (await t.request("GET", `/v1/ops/cases?limit=100${query}`, claims)).body.cases.map(
        (c: { caseId: string }) => c.caseId,
      );
    // Some of these cases are closed by now: a bundle names them all, as on the platform's list.
    const all = "&bundle=social-assistance";
    expect(await ids(operatorAt(YINZHOU), all)).toEqual(
      expect.arrayContaining([delegatedCase, undelegatedCase]),
    );
    expect(await ids(operatorAt(NINGBO), all)).toEqual(
      expect.arrayContaining([delegatedCase, undelegatedCase]),
    );
    expect(await ids(operatorAt(YINZHOU), `${all}&place=${DELEGATED_TOWN}`)).toContain(delegatedCase);
    expect(await ids(operatorAt(YINZHOU), `${all}&place=${DELEGATED_TOWN}`)).not.toContain(undelegatedCase);
    // Without a filter, the open cases only, as for the platform's operators.
    const unfiltered = (await t.request("GET", "/v1/ops/cases?limit=100", operatorAt(YINZHOU))).body.cases;
    expect(unfiltered.length).toBeGreaterThan(0);
    expect(
      unfiltered.filter((c: { status: string }) => !["in_progress", "awaiting_applicant"].includes(c.status)),
    ).toEqual([]);
    // A direct read by id answers within the scope only.
    expect(await ids(operatorAt(YINZHOU), `&caseId=${delegatedCase}`)).toEqual([delegatedCase]);
    expect(await ids(operatorAt(HAISHU), `&caseId=${delegatedCase}`)).toEqual([]);
    expect(await t.request("GET", `/v1/ops/cases?place=${HAISHU}`, operatorAt(YINZHOU))).toMatchObject({
      status: 403,
      body: { error: "outside_scope" },
    });
    const unknown = await t.request("GET", "/v1/ops/cases?place=339999", operatorAt(YINZHOU));
    expect([unknown.status, unknown.body.error]).toEqual([400, "unknown_place"]);
    // What moves every office's messages, or every deadline, is the platform's own operators'.
    expect(
      await t.request("POST", "/v1/ops/dead-letters/orchestrator/redrive", operatorAt(NINGBO)),
    ).toMatchObject({ status: 403, body: { error: "platform_only" } });
    expect(
      await t.request("PUT", "/v1/ops/calendar/2099", operatorAt(NINGBO), {
        year: 2099,
        source: "测试",
        holidays: [],
      }),
    ).toMatchObject({ status: 403, body: { error: "platform_only" } });
    expect(await t.request("GET", "/v1/ops/cases", operatorAt("330299"))).toMatchObject({
      status: 403,
      body: { error: "unknown_office" },
    });
  });
});

// ---- The matrix: Haishu's staff and every route ----

// A Yinzhou case of its own, its approval open at Yinzhou's civil affairs.
const matrixApplication = applicationAt("sa-elderly-couple-dibao", UNDELEGATED_TOWN);
const matrixCase = await submit(matrixApplication, clerkAt(UNDELEGATED_TOWN));
const [matrixTask] = await workUntil(matrixCase, "approval");
const haishuStaff = [
  operatorAt(HAISHU),
  operatorAt(HAISHU_TOWN),
  clerkAt(HAISHU),
  clerkAt(HAISHU_TOWN),
  departmentAt("town-office", HAISHU_TOWN),
  departmentAt("civil-affairs", HAISHU),
  departmentAt("economic-verification-center", HAISHU),
];

/** Answers that would change or reveal nothing of another place: refused, or about something else. */
const REFUSED = [400, 403, 404];

describe("matrix: Haishu's operator, clerk and department offices get nothing of a Yinzhou case on any route", () => {
  const yinzhouCase = matrixCase;
  const applicantId = String(matrixApplication.applicant.idNumber);
  const route = calls(yinzhouCase, matrixTask?.taskToken ?? "");

  it("covers every route of the route list", () => {
    const match = createMatcher(ROUTE_LIST);
    const covered = Object.values(route).flatMap((call) => {
      const found = match(call.method, call.path.split("?")[0] ?? "");
      return found.kind === "route" ? [found.route.id] : [];
    });
    expect(ROUTE_LIST.map((r) => r.id).filter((id) => !covered.includes(id))).toEqual([]);
  });

  it("the same requests by Yinzhou's staff do reach the case (the matrix can fail)", async () => {
    expect((await t.request("GET", `/v1/cases/${yinzhouCase}`, operatorAt(YINZHOU))).status).toBe(200);
    expect(
      (await t.request("GET", `/v1/ops/cases/${yinzhouCase}/timeline`, operatorAt(YINZHOU))).status,
    ).toBe(200);
    expect(
      JSON.stringify((await t.request("GET", "/v1/ops/cases?limit=100", operatorAt(YINZHOU))).body),
    ).toContain(yinzhouCase);
    expect((await t.request("GET", `/v1/cases/${yinzhouCase}`, clerkAt(UNDELEGATED_TOWN))).status).toBe(200);
    expect(
      (await t.request("GET", `/v1/cases/${yinzhouCase}`, departmentAt("civil-affairs", YINZHOU))).status,
    ).toBe(200);
  });

  for (const [id, call] of Object.entries(route) as [RouteId, Call][]) {
    it(`${id}: ${call.method} ${call.path.replace(yinzhouCase, "{yinzhou case}").replace(/tasks\/[^/]+/, "tasks/{yinzhou task}")}`, async () => {
      for (const who of haishuStaff) {
        const r = await t.request(call.method, call.path, who, call.body, call.headers);
        const text = JSON.stringify(r.body);
        const what = `${JSON.stringify(who)} → ${r.status} ${text.slice(0, 300)}`;
        // Whatever the answer, it names nobody in the case, nor its task.
        expect(text.includes(applicantId), what).toBe(false);
        expect(text.includes(matrixTask?.taskToken ?? "-"), what).toBe(false);
        if (call.path.includes(yinzhouCase) || call.path.includes("/tasks/")) {
          // What acts on or reads the case itself is refused outright, the refusal holding nothing but its words.
          expect(REFUSED, what).toContain(r.status);
          expect(Object.keys(r.body).sort(), what).toEqual(["error", "message"]);
        } else expect(text.includes(yinzhouCase), what).toBe(false);
      }
    });
  }

  it("left the Yinzhou case as it was (nothing withdrawn, revealed or answered)", async () => {
    const c = await view(yinzhouCase);
    expect(c.status).not.toBe("withdrawn");
    expect(c.timeline.some((e) => e.kind === "application_revealed")).toBe(false);
    expect(c.items.find((i) => i.itemId === "approval")?.status).toBe("dispatched");
  });
});

import { createMatcher, ROUTE_LIST } from "@onething/contracts";
import { describe, expect, it } from "vitest";
import { catalogue, testPlatform, withSubjectOfItsOwn } from "../support/platform.ts";
import { documentRows } from "./access-documents.ts";

const t = await testPlatform({ name: "access", ops: "real" });
const submitted = await t.submitSample("after-death-hospital-pensioner");
const caseId = submitted.body.caseId as string;
const byClerk = await t.submitSample("after-death-home-dibao-disabled");
const clerkCaseId = byClerk.body.caseId as string;

const applicant = submitted.claims;
const stranger = t.citizenFor("11010519491231002X");
const clerk = byClerk.claims;
const otherClerk = { role: "clerk", sub: "clerk-other", office: "510185001" }; // Jianyang (Sichuan): far from all
const health = t.department("health");
const education = t.department("education");
const operator = t.operator;
const deathRegistry = t.source("health-death-registry");
const roster = t.source("civil-affairs-roster");
const NONE = undefined;
const aDeath = {
  type: "PersonDied",
  schemaVersion: 1,
  sourceEventId: "access-death-1",
  occurredAt: "2026-03-02T09:00:00+08:00",
  person: { idNumber: "11010519491231002X", name: "张三" },
  diedOn: "2026-03-01",
};
await t.sendEvent("health-death-registry", { ...aDeath, sourceEventId: "access-death-0" }); // for the status route
await t.drainEvents();
type Who = object | undefined;
const cases: [string, string, unknown, [Who, number][]][] = [
  ["GET", "/v1/bundles", undefined, [[NONE, 200]]],
  ["GET", "/v1/bundles/after-death", undefined, [[NONE, 200]]],
  ["GET", "/v1/bundles/no-such", undefined, [[NONE, 404]]],
  ["GET", "/v1/openapi.json", undefined, [[NONE, 200]]],
  ["GET", "/v1/departments", undefined, [[NONE, 200]]],
  ["GET", "/v1/jurisdictions", undefined, [[NONE, 200]]],
  [
    "GET",
    "/v1/cases",
    undefined,
    [
      [NONE, 401],
      [applicant, 200],
      [clerk, 200],
      [health, 403],
      [operator, 403],
    ],
  ],
  [
    "GET",
    `/v1/cases/${caseId}`,
    undefined,
    [
      [NONE, 401],
      [applicant, 200],
      [stranger, 403],
      [health, 200],
      [education, 403],
      [operator, 200],
      // A clerk of another office: outside its scope the case does not exist for it.
      [otherClerk, 404],
    ],
  ],
  [
    "GET",
    `/v1/cases/${clerkCaseId}`,
    undefined,
    [
      [clerk, 200],
      [otherClerk, 404],
    ],
  ],
  ["GET", "/v1/cases/OT-NOPE", undefined, [[operator, 404]]],
  // Offers: citizens only, and only their own (an unknown one and another's are alike: 404).
  [
    "GET",
    "/v1/offers",
    undefined,
    [
      [NONE, 401],
      [applicant, 200],
      [clerk, 403],
      [health, 403],
      [operator, 403],
    ],
  ],
  [
    "GET",
    "/v1/offers/OF-20260302-AAAAAAAAAA",
    undefined,
    [
      [NONE, 401],
      [applicant, 404],
      [operator, 403],
    ],
  ],
  ["GET", "/v1/offers/not-an-offer", undefined, [[applicant, 404]]],
  [
    "POST",
    "/v1/offers/OF-20260302-AAAAAAAAAA/accept",
    {},
    [
      [applicant, 404],
      [clerk, 403],
    ],
  ],
  [
    "POST",
    "/v1/offers/OF-20260302-AAAAAAAAAA/decline",
    {},
    [
      [applicant, 404],
      [operator, 403],
    ],
  ],
  ["GET", "/v1/notices", undefined, [[operator, 403]]], // notices: the rest in notices.int.test.ts
  ["POST", "/v1/notices/ntc_AAAAAAAAAAAAAAAAAAAAAAAA/read", undefined, [[applicant, 404]]],
  // Acting for the applicant (supplement, withdraw): the applicant or the filing clerk; operators only read.
  [
    "POST",
    `/v1/cases/${caseId}/supplements`,
    { itemId: "household-cancellation", answers: { x: "y" } },
    [
      [NONE, 401],
      [stranger, 403],
      [health, 403],
      [operator, 403],
      [otherClerk, 404],
      [applicant, 409],
    ],
  ],
  [
    "POST",
    `/v1/cases/${clerkCaseId}/supplements`,
    { itemId: "household-cancellation", answers: { x: "y" } },
    [
      [operator, 403],
      [otherClerk, 404],
      [clerk, 409],
    ],
  ],
  [
    "POST",
    `/v1/cases/${caseId}/withdraw`,
    { reason: "test" },
    [
      [NONE, 401],
      [stranger, 403],
      [health, 403],
      [otherClerk, 404],
      [operator, 403],
    ],
  ],
  [
    "POST",
    `/v1/cases/${clerkCaseId}/withdraw`,
    { reason: "test" },
    [
      [operator, 403],
      [otherClerk, 404],
    ],
  ],
  [
    "POST",
    "/v1/tasks/abc.def/result",
    { outcome: "completed", outputs: {} },
    [
      [NONE, 401],
      [applicant, 403],
      [operator, 403],
      [health, 401],
    ],
  ],
  ...documentRows(caseId, { stranger, health, operator, otherClerk, applicant, deathRegistry }),
  // Source systems send data events, each only the types its configuration names; departments read their roster.
  [
    "POST",
    "/v1/events",
    aDeath,
    [
      [NONE, 401],
      [applicant, 403],
      [health, 403],
      [operator, 403],
      [roster, 403],
      [deathRegistry, 202],
    ],
  ],
  [
    "GET",
    "/v1/events/access-death-0",
    undefined,
    [
      [NONE, 401],
      [health, 403],
      [operator, 403],
      [roster, 404],
      [deathRegistry, 200],
    ],
  ],
  [
    "GET",
    "/v1/entitlements",
    undefined,
    [
      [NONE, 401],
      [applicant, 403],
      [deathRegistry, 403],
      [operator, 403],
      [health, 200],
    ],
  ],
  ...(
    ["/v1/ops/summary", "/v1/ops/cases", `/v1/ops/cases/${caseId}/timeline`, "/v1/ops/calendar"] as const
  ).map((path): [string, string, unknown, [Who, number][]] => [
    "GET",
    path,
    undefined,
    [
      [NONE, 401],
      [applicant, 403],
      [clerk, 403],
      [health, 403],
      [operator, 200],
    ],
  ]),
  [
    "POST",
    "/v1/ops/dead-letters/orchestrator/redrive",
    undefined,
    [
      [NONE, 401],
      [applicant, 403],
      [health, 403],
      [operator, 200],
    ],
  ],
  // Operator permissions beyond the role: revealing personal data, loading a holiday notice.
  [
    "POST",
    `/v1/ops/cases/${caseId}/reveal`,
    { reason: "核对身份" },
    [
      [NONE, 401],
      [applicant, 403],
      [health, 403],
      [operator, 403],
      [{ ...operator, permissions: "reveal" }, 200],
    ],
  ],
  [
    "PUT",
    "/v1/ops/calendar/2099",
    { year: 2099, source: "测试", holidays: [] },
    [
      [NONE, 401],
      [applicant, 403],
      [clerk, 403],
      [operator, 403],
      [{ ...operator, permissions: "calendar" }, 200],
    ],
  ],
];

describe("access control on every route", () => {
  for (const [method, path, body, expectations] of cases) {
    it(`${method} ${path.replace(caseId, "{case}").replace(clerkCaseId, "{clerk case}")}`, async () => {
      for (const [who, status] of expectations) {
        const r = await t.request(method, path, who, body);
        expect(r.status, `${JSON.stringify(who)} → ${JSON.stringify(r.body)}`).toBe(status);
        if (status >= 400) expect(typeof r.body.error).toBe("string");
      }
    });
  }

  it("walks every route of the route list (a new route must say who may call it here)", () => {
    const match = createMatcher(ROUTE_LIST);
    const covered = new Set(
      [
        ...cases.map(([method, path]) => [method, path] as const),
        ["POST", "/v1/applications"] as const,
      ].flatMap(([method, path]) => {
        const found = match(method, path);
        return found.kind === "route" ? [found.route.id] : [];
      }),
    );
    expect(ROUTE_LIST.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it("submitting: a citizen only as themself, a clerk for anyone (recorded as filer), nobody else", async () => {
    // About a deceased of its own: the sample's has an open case (one per deceased).
    const body = {
      bundleId: "after-death",
      ...withSubjectOfItsOwn(catalogue, submitted.sample, 50).application,
    };
    const key = { "idempotency-key": "access-1" };
    expect((await t.request("POST", "/v1/applications", NONE, body, key)).status).toBe(401);
    expect((await t.request("POST", "/v1/applications", stranger, body, key)).status).toBe(403);
    expect((await t.request("POST", "/v1/applications", health, body, key)).status).toBe(403);
    expect((await t.request("POST", "/v1/applications", operator, body, key)).status).toBe(403);
    const filed = await t.request("POST", "/v1/applications", otherClerk, body, key);
    expect(filed.status).toBe(202);
    const stored = await t.store.getCase(filed.body.caseId);
    expect(stored?.state).toMatchObject({
      channel: "counter",
      filedBy: { role: "clerk", id: "clerk-other" },
    });
  });

  it("the counter channel: only a clerk files there; a citizen saying so is a 400 naming channel", async () => {
    const body = {
      bundleId: "after-death",
      ...withSubjectOfItsOwn(catalogue, submitted.sample, 60).application,
    };

    const asCitizen = await t.request(
      "POST",
      "/v1/applications",
      applicant,
      { ...body, channel: "counter" },
      {
        "idempotency-key": "channel-1",
      },
    );

    expect(asCitizen.status).toBe(400);
    expect(asCitizen.body).toMatchObject({ error: "validation_failed" });
    expect(asCitizen.body.issues.map((i: { path: string }) => i.path)).toEqual(["channel"]);
    // Named with every other bad field, not instead of them.
    const both = await t.request(
      "POST",
      "/v1/applications",
      applicant,
      { ...body, channel: "counter", applicant: { ...body.applicant, idNumber: "330212194503020010" } },
      { "idempotency-key": "channel-2" },
    );
    expect(both.body.issues.map((i: { path: string }) => i.path)).toEqual(["applicant.idNumber", "channel"]);
    const online = await t.request(
      "POST",
      "/v1/applications",
      applicant,
      { ...body, channel: "online" },
      {
        "idempotency-key": "channel-3",
      },
    );
    expect(online.status).toBe(202);
    expect((await t.store.getCase(online.body.caseId))?.state.channel).toBe("online");
    const byClerk = await t.request(
      "POST",
      "/v1/applications",
      otherClerk,
      {
        bundleId: "after-death",
        ...withSubjectOfItsOwn(catalogue, submitted.sample, 61).application,
        channel: "online",
      },
      {
        "idempotency-key": "channel-4",
      },
    );
    expect(byClerk.status).toBe(202);
    expect((await t.store.getCase(byClerk.body.caseId))?.state.channel).toBe("counter");
  });

  it("the filing clerk may withdraw the case they filed", async () => {
    const filed = await t.submitSample("after-death-home-dibao-disabled", "access-withdraw-by-clerk");

    const withdrawn = await t.request("POST", `/v1/cases/${filed.body.caseId}/withdraw`, clerk, {
      reason: "申请人到窗口撤回",
    });

    expect(withdrawn).toMatchObject({ status: 202, body: { status: "withdrawn" } });
    expect((await t.store.getCase(filed.body.caseId))?.state).toMatchObject({
      withdrawal: { by: { role: "clerk", id: clerk.sub } },
    });
  });

  it("a department sees only its own items and their timeline entries", async () => {
    const r = await t.request("GET", `/v1/cases/${caseId}`, health);
    expect(new Set(r.body.items.map((i: { department: string }) => i.department))).toEqual(
      new Set(["health"]),
    );
    expect(r.body.timeline.every((e: { department?: string }) => e.department === "health")).toBe(true);
  });

  it("unknown routes are 404 and wrong methods 405, with a machine-readable body", async () => {
    expect(await t.request("GET", "/v1/nothing", operator)).toMatchObject({
      status: 404,
      body: { error: "not_found" },
    });
    expect(await t.request("DELETE", "/v1/bundles", operator)).toMatchObject({
      status: 405,
      body: { error: "method_not_allowed" },
    });
  });
});

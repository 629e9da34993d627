/** Places in tests: the seeds' towns, scoped callers, applications placed at a town, and departments at work. */
import type { CaseView, RouteId, TaskDispatchedMessage } from "@onething/contracts";
import { type Application, itemDefinition, residentIdCheckChar } from "@onething/domain";
import { samplesFor } from "@onething/seeds/samples";
import { expect } from "vitest";
import { autoOutputs } from "./outputs.ts";
import { catalogue, type testPlatform } from "./platform.ts";

const places = catalogue.places;
/** The day the tests' platform runs on (delegation grants are effective-dated). */
export const PLACES_NOW = new Date("2026-03-02T10:00:00+08:00");
const now = PLACES_NOW;

export const YINZHOU = "330212";
export const HAISHU = "330203";
export const NINGBO = "330200";
export const townsOf = (district: string) => places.children(district).filter((n) => n.level === "town");
export const holdsApproval = (town: string) =>
  catalogue.delegations.holds(town, "social-assistance", "approval", now.toISOString());
export const DELEGATED_TOWN = townsOf(YINZHOU).find((n) => holdsApproval(n.code))?.code ?? "";
export const UNDELEGATED_TOWN = townsOf(YINZHOU).find((n) => !holdsApproval(n.code))?.code ?? "";
export const OTHER_YINZHOU_TOWN =
  townsOf(YINZHOU).find((n) => n.code !== DELEGATED_TOWN && holdsApproval(n.code))?.code ?? "";
export const HAISHU_TOWN = townsOf(HAISHU)[0]?.code ?? "";

// ---- Who calls ----

export const clerkAt = (office: string, name = `clerk-${office}`) => ({ role: "clerk", sub: name, office });
export const operatorAt = (office: string) => ({
  role: "operator",
  sub: `op-${office}`,
  office,
  permissions: "reveal calendar",
});
export const departmentAt = (department: string, office: string) => ({
  role: "department",
  sub: `${department}-${office}`,
  department,
  office,
});
export const platformOperator = { role: "operator", sub: "op-platform" };

// ---- Applications ----

export const sampleOf = (id: string) => {
  const sample = catalogue.bundles.flatMap((b) => samplesFor(b.id)).find((s) => s.id === id);
  if (!sample) throw new Error(`no sample ${id}`);
  return sample;
};

let serial = 0;
/** A resident ID number of its own (the sample's, with another sequence), so open-case rules never meet. */
function idOfItsOwn(id: string): string {
  serial++;
  const first17 = `${id.slice(0, 14)}${String((Number(id.slice(14, 17)) + serial) % 1000).padStart(3, "0")}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

/** A sample's application with its case place set, its applicant's (and subject's) ID numbers its own. */
export function applicationAt(
  sampleId: string,
  place: string | undefined,
): Application & { bundleId: string } {
  const sample = sampleOf(sampleId);
  const bundle = catalogue.bundle(sample.bundleId);
  const application = structuredClone(sample.application) as Application;
  for (const section of [application.applicant, application.subject]) {
    if (section && typeof section.idNumber === "string") section.idNumber = idOfItsOwn(section.idNumber);
  }
  if (place !== undefined && bundle.casePlace) {
    const [section = "", field = ""] = bundle.casePlace.split(".");
    const values = (application as unknown as Record<string, Record<string, unknown>>)[section];
    if (values) values[field] = place;
  }
  return { bundleId: sample.bundleId, ...application };
}

export const citizenOf = (application: Application) => ({
  role: "citizen",
  sub: `citizen-${String(application.applicant.idNumber).slice(-6)}`,
  id_number: String(application.applicant.idNumber),
});

/** Submitting, reading and working cases on a test platform. */
export function placesDriver(t: Awaited<ReturnType<typeof testPlatform>>) {
  async function submit(body: object, claims: object) {
    const r = await t.request("POST", "/v1/applications", claims, body, {
      "idempotency-key": `places-${++serial}`,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    await t.drainOrchestrator();
    return r.body.caseId as string;
  }

  const view = async (caseId: string): Promise<CaseView> => {
    const r = await t.request("GET", `/v1/cases/${caseId}`, platformOperator);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as CaseView;
  };

  /** The tasks waiting for a case on every department's queue (taken off the queues). */
  // Tasks taken off the queues for other cases than the one worked on, kept for when theirs is.
  const waiting: TaskDispatchedMessage[] = [];
  async function tasksOf(caseId: string): Promise<TaskDispatchedMessage[]> {
    for (const department of catalogue.departments.keys()) waiting.push(...(await t.takeTasks(department)));
    const mine = waiting.filter((task) => task.caseId === caseId);
    waiting.splice(0, waiting.length, ...waiting.filter((task) => task.caseId !== caseId));
    return mine;
  }

  const answer = (task: TaskDispatchedMessage, claims: object) => {
    const item = itemDefinition(catalogue.bundle(task.bundleId), task.itemId);
    if (!item) throw new Error(`no item ${task.itemId}`);
    return t.request("POST", `/v1/tasks/${task.taskToken}/result`, claims, {
      outcome: "completed",
      outputs: autoOutputs(item),
    });
  };

  /**
   * Departments answer every task of the case at the office it was sent to (a department office of that
   * jurisdiction), until the case waits on nothing but `until` (which is returned, not answered).
   */
  async function workUntil(caseId: string, until?: string): Promise<TaskDispatchedMessage[]> {
    const seen: TaskDispatchedMessage[] = [];
    const held: TaskDispatchedMessage[] = [];
    for (let round = 0; round < 12; round++) {
      const tasks = await tasksOf(caseId);
      seen.push(...tasks);
      const toAnswer = tasks.filter((task) => task.itemId !== until);
      held.push(...tasks.filter((task) => task.itemId === until));
      if (toAnswer.length === 0) break;
      for (const task of toAnswer) {
        const r = await answer(task, departmentAt(task.department, task.office?.jurisdiction ?? ""));
        expect(r.status, `${task.itemId}: ${JSON.stringify(r.body)}`).toBe(202);
      }
      await t.drainOrchestrator();
    }
    return until === undefined ? seen : held;
  }

  /** Where an item of a department goes for a place: the lowest office level of the department at or above it. */
  function expectedOffice(department: string, place: string): string {
    const levels = catalogue.departments.get(department)?.offices ?? [];
    const ancestors = places.ancestors(place).reverse();
    return ancestors.find((n) => (levels as readonly string[]).includes(n.level))?.code ?? place;
  }

  return { submit, view, tasksOf, answer, workUntil, expectedOffice };
}

export interface Call {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}
/** One request per route, each about the Yinzhou case where the route names one. */
export const calls = (caseId: string, taskToken: string): Record<RouteId, Call> => ({
  listBundles: { method: "GET", path: "/v1/bundles" },
  getBundle: { method: "GET", path: "/v1/bundles/social-assistance" },
  listDepartments: { method: "GET", path: "/v1/departments" },
  listJurisdictions: { method: "GET", path: "/v1/jurisdictions" },
  getOpenApiDocument: { method: "GET", path: "/v1/openapi.json" },
  listOwnCases: { method: "GET", path: "/v1/cases?limit=100" },
  submitApplication: {
    method: "POST",
    path: "/v1/applications",
    body: applicationAt("sa-elderly-couple-dibao", HAISHU_TOWN),
    headers: { "idempotency-key": "matrix-submit" },
  },
  getCase: { method: "GET", path: `/v1/cases/${caseId}` },
  provideSupplement: {
    method: "POST",
    path: `/v1/cases/${caseId}/supplements`,
    body: { itemId: "intake", answers: { x: "y" } },
  },
  withdrawCase: { method: "POST", path: `/v1/cases/${caseId}/withdraw`, body: { reason: "matrix" } },
  submitTaskResult: {
    method: "POST",
    path: `/v1/tasks/${taskToken}/result`,
    body: { outcome: "rejected", reason: "matrix" },
  },
  listEntitlements: { method: "GET", path: "/v1/entitlements" },
  submitDataEvent: { method: "POST", path: "/v1/events", body: {} },
  getDataEvent: { method: "GET", path: "/v1/events/matrix-1" },
  listOffers: { method: "GET", path: "/v1/offers" },
  getOffer: { method: "GET", path: "/v1/offers/OF-20260302-AAAAAAAAAA" },
  acceptOffer: { method: "POST", path: "/v1/offers/OF-20260302-AAAAAAAAAA/accept", body: {} },
  declineOffer: { method: "POST", path: "/v1/offers/OF-20260302-AAAAAAAAAA/decline", body: {} },
  listNotices: { method: "GET", path: "/v1/notices" },
  readNotice: { method: "POST", path: "/v1/notices/ntc_AAAAAAAAAAAAAAAAAAAAAAAA/read" },
  getOpsSummary: { method: "GET", path: "/v1/ops/summary" },
  listOpsCases: { method: "GET", path: "/v1/ops/cases?limit=100" },
  getCaseTimeline: { method: "GET", path: `/v1/ops/cases/${caseId}/timeline` },
  revealApplication: { method: "POST", path: `/v1/ops/cases/${caseId}/reveal`, body: { reason: "matrix" } },
  redriveDeadLetters: { method: "POST", path: "/v1/ops/dead-letters/orchestrator/redrive" },
  listCalendarYears: { method: "GET", path: "/v1/ops/calendar" },
  loadCalendarNotice: {
    method: "PUT",
    path: "/v1/ops/calendar/2099",
    body: { year: 2099, source: "测试", holidays: [] },
  },
  createSupplementUpload: {
    method: "POST",
    path: `/v1/cases/${caseId}/documents`,
    body: { itemId: "intake", field: "x", contentType: "application/pdf", size: 10 },
  },
  createOutputUpload: {
    method: "POST",
    path: `/v1/tasks/${taskToken}/documents`,
    body: { output: "x", contentType: "application/pdf", size: 10 },
  },
  checkDocument: { method: "POST", path: `/v1/documents/${MATRIX_DOCUMENT}/check` },
  getTaskDocument: { method: "GET", path: `/v1/tasks/${taskToken}/documents/${MATRIX_DOCUMENT}` },
  getCaseDocument: { method: "GET", path: `/v1/cases/${caseId}/documents/${MATRIX_DOCUMENT}` },
  // Refused (not https): a matrix run must not leave a webhook behind.
  registerWebhook: { method: "PUT", path: "/v1/department/webhook", body: { url: "ftp://example.org/x" } },
  getWebhook: { method: "GET", path: "/v1/department/webhook" },
  removeWebhook: { method: "DELETE", path: "/v1/department/webhook" },
  listDeadLetters: { method: "GET", path: "/v1/ops/dead-letters/orchestrator/messages" },
  leaseDepartmentTasks: { method: "POST", path: "/v1/department/tasks:lease", body: { count: 10 } },
  extendDepartmentLease: {
    method: "POST",
    path: "/v1/department/tasks:extend",
    body: { leaseId: MATRIX_LEASE, leaseSeconds: 60 },
  },
  releaseDepartmentLease: {
    method: "POST",
    path: "/v1/department/tasks:release",
    body: { leaseId: MATRIX_LEASE },
  },
  ackDepartmentLease: { method: "POST", path: "/v1/department/tasks:ack", body: { leaseId: MATRIX_LEASE } },
});

/** A lease id of the right shape that this platform never sealed. */
const MATRIX_LEASE = "l1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** A document id of the right shape that names nothing. */
const MATRIX_DOCUMENT = "doc_AAAAAAAAAAAAAAAAAAAAAAAA";

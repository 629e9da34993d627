/**
 * The sweeper against DynamoDB Local and the SQS emulator: it heals a crash between commit and send, raises
 * overdue items that the orchestrator escalates once, and reports stuck cases.
 */
import type { CaseLogger, OutboxMessage, SendOutbox } from "@onething/cases";
import {
  type CaseView,
  type DepartmentMessage,
  DepartmentMessageSchema,
  type SubmitApplicationResponse,
} from "@onething/contracts";
import { createApiHandler, type HttpEvent } from "@onething/fn-api";
import { createOrchestratorHandler } from "@onething/fn-orchestrator";
import { createSweeperHandler, type SweepDeps, sweep } from "@onething/fn-sweeper";
import { createPlatform } from "@onething/platform";
import { loadSeedCalendar, loadSeedCatalogue, samplesFor } from "@onething/seeds";
import { createCaseStore, createDocumentClient } from "@onething/store";
import { receiveAsSqsEvent, settleLikeLambda, useLocalPlatform } from "@onething/test-harness";
import type { ScheduledEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";

const catalogue = loadSeedCatalogue();
const departmentIds = [...catalogue.departments.keys()];
const local = await useLocalPlatform({ name: "sweeper", departmentIds });

const lines: string[] = [];
const capture =
  (level: string) =>
  (message: string, fields: Record<string, unknown> = {}) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
const log: CaseLogger = { info: capture("info"), warn: capture("warn"), error: capture("error") };

/** The platform's clock; tests move it forward. */
let now = new Date("2026-03-02T10:00:00+08:00");
const minutesLater = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

const store = createCaseStore({
  client: createDocumentClient(local.clients.dynamo),
  tableName: local.tableName,
});
const platform = createPlatform({
  catalogue,
  calendar: loadSeedCalendar(),
  store,
  sqs: local.clients.sqs,
  queues: {
    orchestrator: local.queues.orchestrator.url,
    results: local.queues.results.url,
    departments: Object.fromEntries(Object.entries(local.queues.departments).map(([id, q]) => [id, q.url])),
  },
  taskTokenSecret: "sweeper-test-secret-sweeper-test-secret",
  clock: () => now,
  log,
});

/** The process "crashes" after the commit: the next send throws before reaching SQS. */
let crashNextSend = false;
const crashingSend: SendOutbox = async (messages: readonly OutboxMessage[]) => {
  if (crashNextSend) {
    crashNextSend = false;
    throw new Error("simulated crash between commit and send");
  }
  await platform.send(messages);
};
const unusedOps = {
  listCases: async () => ({ cases: [] }),
  summary: async () => ({}),
  redrive: async () => ({ moved: 0 }),
};
const api = createApiHandler({ ...platform, send: crashingSend, ops: unusedOps });
const orchestrator = createOrchestratorHandler(platform);
const sweepDeps: SweepDeps = { store, send: platform.send, departments: departmentIds, log };

const sample = samplesFor("after-death").find((s) => s.id === "after-death-hospital-pensioner");
const applicantId = String(sample?.application.applicant.idNumber);
const applicantName = String(sample?.application.applicant.name);
const citizen = { role: "citizen", sub: "citizen-sweeper", id_number: applicantId };

async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { method, path }, authorizer: { jwt: { claims: citizen } } },
  } as unknown as HttpEvent;
  const r = await api(event);
  return { status: r.statusCode, body: JSON.parse(r.body ?? "null") };
}

async function submit(key: string): Promise<SubmitApplicationResponse> {
  const r = await request(
    "POST",
    "/v1/applications",
    { bundleId: "after-death", ...sample?.application },
    { "idempotency-key": key },
  );
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return r.body as SubmitApplicationResponse;
}

const dispatchedItems = (submitted: SubmitApplicationResponse) =>
  submitted.items.filter((i) => i.status === "dispatched");

/** Everything waiting on every department queue, received and deleted as a department system would. */
async function takeDepartmentMessages(): Promise<DepartmentMessage[]> {
  const taken: DepartmentMessage[] = [];
  for (const queue of Object.values(local.queues.departments)) {
    for (;;) {
      const event = await receiveAsSqsEvent(local.clients.sqs, queue.url, { waitTimeSeconds: 0 });
      if (event.Records.length === 0) break;
      for (const record of event.Records) taken.push(DepartmentMessageSchema.parse(JSON.parse(record.body)));
      await settleLikeLambda(local.clients.sqs, queue.url, event, { batchItemFailures: [] });
    }
  }
  return taken;
}

/** Feeds the orchestrator queue to its handler, as the event source mapping would, until it is empty. */
async function drainOrchestrator(): Promise<number> {
  let handled = 0;
  for (;;) {
    const event = await receiveAsSqsEvent(local.clients.sqs, local.queues.orchestrator.url, {
      waitTimeSeconds: 0,
    });
    if (event.Records.length === 0) return handled;
    handled += event.Records.length;
    const response = await orchestrator(event);
    expect(response.batchItemFailures).toEqual([]);
    await settleLikeLambda(local.clients.sqs, local.queues.orchestrator.url, event, response);
  }
}

const FAR_FUTURE = new Date("2030-01-01T00:00:00Z");
const pendingOutboxOf = async (caseId: string) =>
  (await store.listPendingOutbox({ olderThan: FAR_FUTURE, limit: 100 })).filter((e) => e.caseId === caseId);

describe("sweeper", () => {
  let crashed: SubmitApplicationResponse;
  let overdue: SubmitApplicationResponse;

  it("resends the outbox of a submission that crashed between commit and send", async () => {
    crashNextSend = true;
    crashed = await submit("sweeper-crash");

    expect(crashNextSend).toBe(false);
    expect(dispatchedItems(crashed).length).toBeGreaterThan(0);
    expect((await store.getCase(crashed.caseId))?.state.status).toBe("in_progress");
    expect(await pendingOutboxOf(crashed.caseId)).toHaveLength(1);
    expect(await takeDepartmentMessages()).toEqual([]);

    // Within the grace period the committing process may still be sending: leave it alone.
    expect(await sweep(sweepDeps, minutesLater(0.5))).toMatchObject({ outboxResent: 0, overdueRaised: 0 });

    const report = await sweep(sweepDeps, minutesLater(2));
    expect(report).toEqual({ overdueRaised: 0, outboxResent: 1, stuckCases: [] });

    const tasks = await takeDepartmentMessages();
    expect(
      tasks
        .map((t) => [t.type, t.caseId, t.department, t.itemId])
        .sort((a, b) => a.join().localeCompare(b.join())),
    ).toEqual(
      dispatchedItems(crashed)
        .map((i) => ["TaskDispatched", crashed.caseId, i.department, i.itemId])
        .sort((a, b) => a.join().localeCompare(b.join())),
    );
    expect(await pendingOutboxOf(crashed.caseId)).toEqual([]);
    expect((await sweep(sweepDeps, minutesLater(3))).outboxResent).toBe(0);
  });

  it("raises overdue items once; the orchestrator escalates each to its department exactly once", async () => {
    overdue = await submit("sweeper-overdue");
    await takeDepartmentMessages();
    const open = [...dispatchedItems(crashed), ...dispatchedItems(overdue)];

    // Two ticks before the orchestrator catches up: the second sends the same event ids again.
    const later = new Date("2026-05-15T10:00:00+08:00");
    const first = await sweep(sweepDeps, later);
    const second = await sweep(sweepDeps, later);
    expect(first.overdueRaised).toBe(open.length);
    expect(second.overdueRaised).toBe(open.length);

    now = later;
    expect(await drainOrchestrator()).toBeGreaterThanOrEqual(open.length);

    const escalations = (await takeDepartmentMessages()).filter((m) => m.type === "TaskEscalated");
    expect(
      escalations
        .filter((m) => m.caseId === overdue.caseId)
        .map((m) => [m.department, m.itemId, m.attempt])
        .sort(),
    ).toEqual(
      dispatchedItems(overdue)
        .map((i) => [i.department, i.itemId, 1])
        .sort(),
    );
    expect(escalations).toHaveLength(open.length);

    const timeline = await platform.timeline(overdue.caseId);
    const overdueEntries = timeline.filter((e) => e.kind === "item_overdue");
    expect(overdueEntries.map((e) => e.itemId).sort()).toEqual(
      dispatchedItems(overdue)
        .map((i) => i.itemId)
        .sort(),
    );
    const stored = await store.getCase(overdue.caseId);
    for (const item of dispatchedItems(overdue)) expect(stored?.state.items[item.itemId]?.overdue).toBe(true);

    // Escalated items leave the sweeper's work list: the next tick raises nothing.
    expect((await sweep(sweepDeps, minutesLater(1))).overdueRaised).toBe(0);
    expect(await drainOrchestrator()).toBe(0);
  });

  it("reports open cases without progress for too long, not fresh ones, through the scheduled handler", async () => {
    now = new Date("2026-05-31T10:00:00+08:00");
    const fresh = await submit("sweeper-fresh");
    await takeDepartmentMessages();
    now = new Date("2026-06-01T10:00:00+08:00");
    const handler = createSweeperHandler({ ...sweepDeps, clock: () => now });

    const report = await handler({ "detail-type": "Scheduled Event" } as ScheduledEvent);

    expect(report.overdueRaised).toBe(0);
    expect(report.outboxResent).toBe(0);
    expect([...report.stuckCases].sort()).toEqual([crashed.caseId, overdue.caseId].sort());
    expect(report.stuckCases).not.toContain(fresh.caseId);
    const stuckLog = lines.map((l) => JSON.parse(l)).find((l) => l.message === "stuck cases");
    expect(stuckLog).toMatchObject({ level: "warn", count: 2 });
  });

  it("logs ids only, never the applicant's name or ID number", async () => {
    const view = await request("GET", `/v1/cases/${overdue.caseId}`);
    expect((view.body as CaseView).status).toBe("in_progress");
    const all = lines.join("\n");
    expect(all).toContain(overdue.caseId);
    expect(all).not.toContain(applicantId);
    expect(all).not.toContain(applicantName);
  });
});

import type { CaseLogger, SendOutbox } from "@onething/cases";
import { type TaskDispatchedMessage, TaskDispatchedMessageSchema } from "@onething/contracts";
import { createApiHandler, type HttpEvent, type OpsPort } from "@onething/fn-api";
import { createOrchestratorHandler, createResultsHandler } from "@onething/fn-orchestrator";
import { sendPoisonToDeadLetterQueue } from "@onething/messaging";
import { createPlatform } from "@onething/platform";
import { loadSeedCalendar, loadSeedCatalogue, samplesFor } from "@onething/seeds";
import { createCaseStore, createDocumentClient } from "@onething/store";
import {
  type LocalPlatform,
  receiveAsSqsEvent,
  settleLikeLambda,
  useLocalPlatform,
} from "@onething/test-harness";

export const catalogue = loadSeedCatalogue();
export const TASK_SECRET = "test-task-secret-test-task-secret-42";

/** Captures log lines so tests can assert what reached the logs (and what never may). */
export function capturingLogger(): CaseLogger & { lines: string[] } {
  const lines: string[] = [];
  const write =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      lines.push(JSON.stringify({ level, message, ...fields }));
    };
  return { lines, info: write("info"), warn: write("warn"), error: write("error") };
}

export interface TestPlatformOptions {
  name: string;
  clock?: () => Date;
  ops?: OpsPort;
  /** Wraps the real outbox sender, e.g. to inject a crash between commit and send. */
  wrapSend?: (send: SendOutbox) => SendOutbox;
}

const noOps: OpsPort = {
  listCases: async () => ({ cases: [] }),
  summary: async () => ({}),
  redrive: async () => ({ moved: 0 }),
};

/**
 * The platform's handlers wired onto this test file's own table and queues on the local services:
 * the API, the orchestrator and the results consumer, plus helpers to act as citizen, department and Lambda.
 */
export async function testPlatform(options: TestPlatformOptions) {
  const local: LocalPlatform = await useLocalPlatform({
    name: options.name,
    departmentIds: [...catalogue.departments.keys()],
  });
  const log = capturingLogger();
  const store = createCaseStore({
    client: createDocumentClient(local.clients.dynamo),
    tableName: local.tableName,
  });
  const base = createPlatform({
    catalogue,
    calendar: loadSeedCalendar(),
    store,
    sqs: local.clients.sqs,
    queues: {
      orchestrator: local.queues.orchestrator.url,
      results: local.queues.results.url,
      departments: Object.fromEntries(Object.entries(local.queues.departments).map(([id, q]) => [id, q.url])),
    },
    taskTokenSecret: TASK_SECRET,
    clock: options.clock ?? (() => new Date("2026-03-02T10:00:00+08:00")),
    log,
  });
  const platform = options.wrapSend ? { ...base, send: options.wrapSend(base.send) } : base;
  const api = createApiHandler({ ...platform, ops: options.ops ?? noOps });
  const orchestrator = createOrchestratorHandler({
    ...platform,
    onPoison: sendPoisonToDeadLetterQueue(local.clients.sqs, local.queues.orchestrator.deadLetterQueue.url),
  });
  const results = createResultsHandler({
    ...platform,
    onPoison: sendPoisonToDeadLetterQueue(local.clients.sqs, local.queues.results.deadLetterQueue.url),
  });

  async function request(
    method: string,
    path: string,
    claims: object | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const [rawPath = path, rawQueryString = ""] = path.split("?");
    const event = {
      version: "2.0",
      routeKey: "$default",
      rawPath,
      rawQueryString,
      queryStringParameters: rawQueryString
        ? Object.fromEntries(new URLSearchParams(rawQueryString))
        : undefined,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: {
        http: { method, path: rawPath },
        ...(claims ? { authorizer: { jwt: { claims } } } : {}),
      },
    } as unknown as HttpEvent;
    const r = await api(event);
    return { status: r.statusCode ?? 0, body: JSON.parse(r.body ?? "null") };
  }

  /** Receives what waits on a department's queue (deleting it, as a department system would), for one case if given. */
  async function takeTasks(department: string, caseId?: string): Promise<TaskDispatchedMessage[]> {
    const url = local.queues.departments[department]?.url ?? "";
    const tasks: TaskDispatchedMessage[] = [];
    for (;;) {
      const event = await receiveAsSqsEvent(local.clients.sqs, url, { waitTimeSeconds: 0 });
      if (event.Records.length === 0) return caseId ? tasks.filter((x) => x.caseId === caseId) : tasks;
      for (const r of event.Records) {
        const parsed = TaskDispatchedMessageSchema.safeParse(JSON.parse(r.body));
        if (parsed.success) tasks.push(parsed.data);
      }
      await settleLikeLambda(local.clients.sqs, url, event, { batchItemFailures: [] });
    }
  }

  /** Feeds the orchestrator queue to the orchestrator handler, as Lambda's event source mapping would, until empty. */
  async function drainOrchestrator(): Promise<number> {
    let n = 0;
    for (;;) {
      const event = await receiveAsSqsEvent(local.clients.sqs, local.queues.orchestrator.url, {
        waitTimeSeconds: 0,
      });
      if (event.Records.length === 0) return n;
      n += event.Records.length;
      await settleLikeLambda(
        local.clients.sqs,
        local.queues.orchestrator.url,
        event,
        await orchestrator(event),
      );
    }
  }

  const citizenFor = (idNumber: string) => ({
    role: "citizen",
    sub: `citizen-${idNumber.slice(-4)}`,
    id_number: idNumber,
  });
  const department = (id: string) => ({ role: "department", sub: `${id}-system`, department: id });
  const operator = { role: "operator", sub: "op-1" };

  async function submitSample(sampleId: string, key = `key-${sampleId}-${Math.random()}`) {
    const sample = [...catalogue.bundles].flatMap((b) => samplesFor(b.id)).find((s) => s.id === sampleId);
    if (!sample) throw new Error(`no sample ${sampleId}`);
    const applicant = sample.application.applicant as Record<string, string>;
    const claims =
      sample.channel === "counter"
        ? { role: "clerk", sub: "clerk-shounan", town: "首南街道" }
        : {
            ...citizenFor(String(applicant.idNumber ?? "")),
            ...(applicant.uscc ? { uscc: applicant.uscc } : {}),
          };
    const r = await request(
      "POST",
      "/v1/applications",
      claims,
      { bundleId: sample.bundleId, ...sample.application },
      { "idempotency-key": key },
    );
    return { ...r, claims, sample };
  }

  return {
    local,
    store,
    platform,
    api,
    orchestrator,
    results,
    log,
    request,
    takeTasks,
    drainOrchestrator,
    citizenFor,
    department,
    operator,
    submitSample,
  };
}

import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { OpsPort } from "@onething/api";
import type { CaseLogger, SendOutbox } from "@onething/cases";
import type { SubmitApplicationResponse } from "@onething/contracts";
import { localDocuments } from "@onething/documents";
import { itemDefinition, residentIdCheckChar } from "@onething/domain";
import { opsQueuesFrom } from "@onething/ops";
import { backendInputs, composePlatform, type PlatformInputs } from "@onething/platform";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { samplesFor } from "@onething/seeds/samples";
import { fullTimeline } from "@onething/store";
import { type LocalPlatform, useLocalPlatform } from "@onething/test-harness";
import { expect } from "vitest";
import { contractChecked } from "./contract.ts";
import { httpEvent } from "./http.ts";
import { noOps } from "./no-ops.ts";
import { autoOutputs } from "./outputs.ts";
import { queueDriver } from "./queue-driver.ts";
import { withSubjectOfItsOwn } from "./subjects.ts";

export { withSubjectOfItsOwn };

export const catalogue = loadSeedCatalogue();
export const departmentIds = [...catalogue.departments.keys()];
export const TASK_SECRET = "test-task-secret-test-task-secret-42";
/** The legal representative who signs in for a sample organisation. */
const REPRESENTATIVE_ID = `33020319800101001${residentIdCheckChar("33020319800101001")}`;

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
  /** Read on every use, so a test can move time: `let now = …; testPlatform({ clock: () => now })`. */
  clock?: () => Date;
  /**
   * What the API's operator routes call: by default a stub that finds nothing; `"real"` for the operator port on
   * this file's store and queues (returned as `ops` either way); or any port.
   */
  ops?: OpsPort | "real";
  /** Wraps the real outbox sender, e.g. to inject a crash between commit and send. */
  wrapSend?: (send: SendOutbox) => SendOutbox;
  /** The task-token keyring and how to re-read it (default: the one secret `TASK_SECRET`). */
  taskTokens?: Pick<PlatformInputs, "taskTokenSecret" | "reloadTaskTokenSecret" | "taskTokenReloadMs">;
}

/** Claims of the callers tests act as. */
export const citizenFor = (idNumber: string) => ({
  role: "citizen",
  sub: `citizen-${idNumber.slice(-4)}`,
  id_number: idNumber,
});
export const department = (id: string) => ({ role: "department", sub: `${id}-system`, department: id });
export const operator = { role: "operator", sub: "op-1" };
/** A source system's token claims (卫健's death registry, a department's roster …). */
export const sourceFor = (id: string) => ({ role: "source", sub: `source-${id}-test`, source: id });

/** fauxqs serves S3 beside SQS: the test file's own documents bucket. */
const documentsOf = (local: LocalPlatform) =>
  localDocuments({ endpoint: local.endpoints.sqsEndpoint, bucket: `${local.prefix}-docs` });

/**
 * The platform's handlers wired onto this test file's own table and queues on the local services:
 * the API, the orchestrator and the results consumer, plus helpers to act as citizen, department and Lambda.
 */
export async function testPlatform(options: TestPlatformOptions) {
  const local: LocalPlatform = await useLocalPlatform({ name: options.name, departmentIds });
  const log = capturingLogger();
  const clock = options.clock ?? (() => new Date("2026-03-02T10:00:00+08:00"));
  const inputs: PlatformInputs = {
    catalogue,
    calendar: loadSeedCalendar(),
    ...backendInputs({ ...local.clients, tableName: local.tableName, queues: local.queues }),
    ...(options.taskTokens ?? { taskTokenSecret: TASK_SECRET }),
    clock,
    logger: () => log,
    ...(options.wrapSend ? { wrapSend: options.wrapSend } : {}),
    documents: await documentsOf(local),
  };
  const composed = composePlatform(
    options.ops === "real" ? inputs : { ...inputs, ops: options.ops ?? noOps },
  );
  const store = composed.store;
  const platform = { ...composed.useCases, timeline: (caseId: string) => fullTimeline(store, caseId) };
  const opsQueues = opsQueuesFrom(local.queues);
  // The real operator port, whichever one the API was given.
  const ops = options.ops === "real" ? composed.ops : composePlatform(inputs).ops;
  // Every answer the tests receive is checked against the OpenAPI document (status and body).
  const api = contractChecked(composed.api);
  const { orchestrator, results } = composed;

  async function request(
    method: string,
    path: string,
    claims: object | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const r = await api(httpEvent(method, path, claims, body, headers));
    return { status: r.statusCode ?? 0, body: JSON.parse(r.body ?? "null") };
  }

  const { takeAll, takeTasks, takeDepartmentMessages, drainOrchestrator, drainEvents } = queueDriver(
    local,
    orchestrator,
    composed.events,
  );

  /** POST /v1/events as the source system `source`. */
  const sendEvent = (source: string, event: unknown) =>
    request("POST", "/v1/events", sourceFor(source), event);
  /** The event put on the events queue directly, as a source system with an IAM role sends it. */
  const enqueueEvent = (source: string, event: unknown) =>
    local.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: local.queues.events.url,
        MessageBody: JSON.stringify({ source, event, receivedAt: clock().toISOString() }),
      }),
    );

  /**
   * One round of departments at work: each answers every task waiting on its queue (for one case if given) over
   * HTTP, completed with plausible outputs; then the orchestrator drains its queue. Returns the answers given.
   */
  async function answerRound(caseId?: string): Promise<number> {
    let answered = 0;
    for (const id of catalogue.departments.keys()) {
      for (const task of await takeTasks(id, caseId)) {
        const item = itemDefinition(catalogue.bundle(task.bundleId), task.itemId);
        if (!item) throw new Error(`unknown item ${task.itemId}`);
        const r = await request("POST", `/v1/tasks/${task.taskToken}/result`, department(id), {
          outcome: "completed",
          outputs: autoOutputs(item),
        });
        expect(r.status, JSON.stringify(r.body)).toBe(202);
        answered++;
      }
    }
    await drainOrchestrator();
    return answered;
  }

  const submissions = new Map<string, number>();
  async function submitSample(sampleId: string, key = `key-${sampleId}-${Math.random()}`) {
    const seed = [...catalogue.bundles].flatMap((b) => samplesFor(b.id)).find((s) => s.id === sampleId);
    if (!seed) throw new Error(`no sample ${sampleId}`);
    const count = submissions.get(sampleId) ?? 0;
    submissions.set(sampleId, count + 1);
    const sample = withSubjectOfItsOwn(catalogue, seed, count);
    const applicant = sample.application.applicant as Record<string, string>;
    const claims =
      sample.channel === "counter"
        ? { role: "clerk", sub: "clerk-shounan", office: "330212003" }
        : {
            // An organisation's account is a person's (its representative's) who also names the organisation.
            ...citizenFor(applicant.idNumber ?? REPRESENTATIVE_ID),
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

  /** `submitSample`, expecting the 202 (the refusal's body in the failure message otherwise). */
  async function submitAccepted(sampleId: string, key?: string): Promise<SubmitApplicationResponse> {
    const r = await submitSample(sampleId, key);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    return r.body as SubmitApplicationResponse;
  }

  return {
    local,
    sweep: () => composed.sweeper(),
    store,
    platform,
    api,
    orchestrator,
    results,
    ops,
    opsQueues,
    log,
    request,
    takeAll,
    takeTasks,
    takeDepartmentMessages,
    drainOrchestrator,
    drainEvents,
    sendEvent,
    enqueueEvent,
    source: sourceFor,
    answerRound,
    citizenFor,
    department,
    operator,
    submitSample,
    submitAccepted,
  };
}

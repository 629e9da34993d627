/**
 * The use cases over the in-memory adapters and the real engine (seed catalogue and calendar): a department
 * system, an applicant and the orchestrator, acted by the tests. No mocks; faults are adapters passed in.
 */
import { createHash } from "node:crypto";
import { createTaskTokens, type Principal } from "@onething/auth";
import {
  createInMemoryCaseStore,
  createInMemoryIdempotency,
  createInMemoryQueues,
} from "@onething/cases/in-memory";
import {
  CaseEventMessageSchema,
  type SubmitApplicationResponse,
  type TaskDispatchedMessage,
  TaskDispatchedMessageSchema,
  toCaseEvent,
} from "@onething/contracts";
import { type CaseEvent, createDecide, validateApplication } from "@onething/domain";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { samplesFor } from "@onething/seeds/samples";
import {
  type ApplyOutcome,
  applyCaseEvent,
  type CaseLogger,
  type CaseRepository,
  canonicalJson,
  departmentQueue,
  ORCHESTRATOR_QUEUE,
  type ResultDeps,
  submitApplication,
} from "../src/index.ts";

export const catalogue = loadSeedCatalogue();
const decide = createDecide({ catalogue, calendar: loadSeedCalendar() });
/** A Monday morning in Beijing, inside the seeds' calendar. */
export const NOW = new Date("2026-03-02T10:00:00+08:00");
export const later = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

function afterDeathSample() {
  const found = samplesFor("after-death").find((s) => s.id === "after-death-hospital-pensioner");
  if (!found) throw new Error("no sample after-death-hospital-pensioner");
  return found;
}
const sample = afterDeathSample();
/** The after-death sample: its first task is the hospital's death certificate (health). */
export const application = { bundleId: sample.bundleId, ...sample.application };
export const applicant: Principal = {
  role: "citizen",
  subject: "citizen-0134",
  idNumber: String(sample.application.applicant.idNumber),
};
export const CERTIFICATE = "death-certificate-hospital";
export const completed = (certificateNumber = "DC-0001") => ({
  outcome: "completed",
  outputs: { certificateNumber },
});

export interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** A fresh platform in memory. `wrapCases` puts a fault (another writer, say) between the use cases and it. */
export function world(options: { wrapCases?: (cases: CaseRepository) => CaseRepository } = {}) {
  const cases = createInMemoryCaseStore();
  const queues = createInMemoryQueues();
  const idempotency = createInMemoryIdempotency();
  const lines: LogLine[] = [];
  const write =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      lines.push({ level, message, fields });
    };
  const log: CaseLogger = { info: write("info"), warn: write("warn"), error: write("error") };
  const deps: ResultDeps = {
    decide,
    catalogue,
    cases: options.wrapCases ? options.wrapCases(cases) : cases,
    send: queues.send,
    // The tokens count expiry on the test's clock (the deadlines are in March 2026).
    tokens: createTaskTokens("cases-unit-test-secret-0123456789abcdef", { clock: () => NOW }),
    log,
    idempotency,
    hash: (text) => createHash("sha256").update(text).digest("hex"),
  };
  let ids = 0;

  return {
    deps,
    cases,
    queues,
    logged: (message: string) => lines.filter((l) => l.message === message),

    /** The applicant submits the sample (under an idempotency key); the engine runs at once. */
    submit(key = "key-1", body: unknown = application, at = NOW, principal = applicant) {
      return submitApplication(
        deps,
        {
          body,
          idempotencyKey: key,
          bodyHash: deps.hash(canonicalJson(body)),
          principal,
          newCaseId: `OT-TEST-${++ids}`,
        },
        at,
      ) as Promise<SubmitApplicationResponse>;
    },

    /** The ApplicationSubmitted event of the sample for a case id, as the API would build it. */
    submission(caseId: string): CaseEvent {
      const bundle = catalogue.bundle(application.bundleId);
      const valid = validateApplication(bundle, sample.application);
      if (!valid.ok) throw new Error("the sample does not validate");
      return {
        type: "ApplicationSubmitted",
        eventId: `submit:${caseId}`,
        caseId,
        bundleId: bundle.id,
        application: valid.value,
        channel: "online",
        filedBy: { role: "citizen", id: applicant.subject },
      };
    },

    /** The tasks waiting on a department's queue, taken off it (other messages are dropped). */
    tasks(department: string): TaskDispatchedMessage[] {
      return queues.take(departmentQueue(department)).flatMap((m) => {
        const parsed = TaskDispatchedMessageSchema.safeParse(m.body);
        return parsed.success ? [parsed.data] : [];
      });
    },

    /** The orchestrator consumes its queue: each message through `applyCaseEvent`, in order. */
    async orchestrate(at = NOW): Promise<ApplyOutcome[]> {
      const outcomes: ApplyOutcome[] = [];
      for (const m of queues.take(ORCHESTRATOR_QUEUE)) {
        outcomes.push(await applyCaseEvent(deps, toCaseEvent(CaseEventMessageSchema.parse(m.body)), at));
      }
      return outcomes;
    },
  };
}

/** The one task of an item among a department's waiting tasks. */
export function taskFor(tasks: readonly TaskDispatchedMessage[], itemId: string): TaskDispatchedMessage {
  const task = tasks.find((t) => t.itemId === itemId);
  if (!task) throw new Error(`no task for ${itemId} among ${tasks.map((t) => t.itemId).join(", ")}`);
  return task;
}

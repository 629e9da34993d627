import type { SQSClient } from "@aws-sdk/client-sqs";
import type { DevIssuer } from "@onething/auth";
import { applicantIdentity, type CaseLogger } from "@onething/cases";
import { DepartmentMessageSchema, type TaskDispatchedMessage } from "@onething/contracts";
import type { CaseState, Catalogue } from "@onething/domain";
import type { CaseStore } from "@onething/store";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { simulatedAnswer } from "./outputs.ts";
import { createQueuePoller, type PollerStats, type QueuePoller } from "./poller.ts";
import { planAnswer, planApplicantDelay, type SimulationSettings } from "./simulation.ts";

export interface SimulatedDepartmentsDeps {
  readonly sqs: SQSClient;
  /** Department id → its queue URL; one consumer each. */
  readonly queues: Readonly<Record<string, string>>;
  /** Base URL of the local API: departments answer through the public route, like any department system. */
  readonly apiUrl: string;
  readonly issuer: DevIssuer;
  readonly catalogue: Catalogue;
  /** Case lists and reads, for the simulated applicants. */
  readonly store: Pick<CaseStore, "listCases" | "getCase">;
  readonly settings: SimulationSettings;
  readonly log: CaseLogger;
  readonly fetch?: typeof fetch;
  /** Long-poll wait of the department consumers; default 10 s. */
  readonly waitTimeSeconds?: number;
  /** How often simulated applicants look for supplement requests; default 500 ms. */
  readonly applicantScanMs?: number;
}

export interface SimulationStats {
  readonly answers: { completed: number; rejected: number; needs_supplement: number };
  /** Answers the platform refused as stale or finished (409): a re-sent task answered twice, a closed case. */
  readonly refused: number;
  /** Messages acknowledged without an answer: cancellations, escalations, unreadable messages. */
  readonly acknowledged: number;
  readonly supplementsProvided: number;
  readonly errors: number;
  readonly consumers: readonly PollerStats[];
}

export interface SimulatedDepartments {
  start(): void;
  /** Abandons pending answers (their messages stay on the queue), stops the consumers and the applicants. */
  stop(): Promise<void>;
  stats(): SimulationStats;
}

/** A department system's answer failed in a way worth retrying (network, 5xx): the message stays on its queue. */
class AnswerNotDeliveredError extends Error {
  override name = "AnswerNotDeliveredError";
}

const REQUEST_TIMEOUT_MS = 15_000;
/** Headroom above the longest delay before a department's batch counts as timed out. */
const CONSUMER_TIMEOUT_HEADROOM_MS = 30_000;

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Claims under which a simulated applicant acts on its own case: the citizen whose ID number (or organisation
 * code) the application names, or the clerk who filed it at the counter.
 */
export function applicantClaims(
  state: CaseState,
  catalogue: Catalogue,
): Record<string, unknown> & { sub: string; role: string } {
  if (state.filedBy.role === "clerk") return { role: "clerk", sub: state.filedBy.id, town: "simulated" };
  const bundle = catalogue.bundle(state.bundleId, state.bundleVersion);
  const identity = applicantIdentity(bundle, state.application);
  const idNumber = state.application.applicant.idNumber;
  return bundle.applicantKind === "person"
    ? { role: "citizen", sub: `applicant-${identity.slice(-6)}`, id_number: identity }
    : {
        role: "citizen",
        sub: `applicant-${identity.slice(-6)}`,
        id_number: typeof idNumber === "string" && idNumber !== "" ? idNumber : "simulated",
        uscc: identity,
      };
}

/** What a simulated applicant answers to a supplement request: the form's current value, or a document reference. */
export function applicantAnswers(
  state: CaseState,
  itemId: string,
  requested: readonly { field: string }[],
): Record<string, string | number | boolean> {
  const answers: Record<string, string | number | boolean> = {};
  for (const { field } of requested) {
    const [section, name] = field.split(".");
    const sectionValues = section
      ? (state.application as unknown as Record<string, unknown>)[section]
      : undefined;
    const current =
      name && typeof sectionValues === "object" && sectionValues !== null
        ? (sectionValues as Record<string, unknown>)[name]
        : undefined;
    answers[field] =
      typeof current === "string" || typeof current === "number" || typeof current === "boolean"
        ? current
        : `upload://simulated/${state.caseId}/${itemId}/${field}`;
  }
  return answers;
}

/**
 * Simulated departments: one consumer per simulated department queue (the same Lambda-like poller), answering each
 * `TaskDispatched` through the public `POST /v1/tasks/{token}/result` with the department's own JWT, after a
 * seeded random delay, completing, rejecting or asking for a supplement at the configured rates. Cancellations
 * and escalations are acknowledged (logged). And simulated applicants: supplement requests from simulated
 * departments are answered on `POST /v1/cases/{id}/supplements` under the applicant's identity, so cases finish.
 */
export function createSimulatedDepartments(deps: SimulatedDepartmentsDeps): SimulatedDepartments {
  const fetchFn = deps.fetch ?? globalThis.fetch;
  const abort = new AbortController();
  const simulated = new Set(Object.keys(deps.queues));
  const answers = { completed: 0, rejected: 0, needs_supplement: 0 };
  let refused = 0;
  let acknowledged = 0;
  let supplementsProvided = 0;
  let errors = 0;
  const replies = new Set<string>();
  const pendingReplies = new Set<Promise<void>>();
  let applicantLoop: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const post = async (
    path: string,
    claims: Record<string, unknown> & { sub: string; role: string },
    body: unknown,
  ) => {
    const token = await deps.issuer.sign(claims, 3600);
    return fetchFn(`${deps.apiUrl}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.any([abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
  };

  const answer = async (department: string, task: TaskDispatchedMessage): Promise<void> => {
    const plan = planAnswer(deps.settings, task);
    await abortableDelay(plan.delayMs, abort.signal);
    // The declaration of the bundle version the case runs on (the message names the bundle, not its version).
    const stored = await deps.store.getCase(task.caseId);
    const item = stored
      ? deps.catalogue
          .bundle(stored.state.bundleId, stored.state.bundleVersion)
          .items.find((i) => i.id === task.itemId)
      : undefined;
    // From the task alone (never the clock): a re-sent task must get the identical answer (idempotent 202).
    const body = simulatedAnswer(deps.settings, item, task);
    const response = await post(
      `/v1/tasks/${encodeURIComponent(task.taskToken)}/result`,
      { role: "department", sub: `${department}-simulator`, department },
      body,
    );
    const text = await response.text();
    const fields = { caseId: task.caseId, itemId: task.itemId, attempt: task.attempt, department };
    if (response.status === 202) {
      answers[plan.outcome]++;
      deps.log.info("simulated department answered", {
        ...fields,
        outcome: plan.outcome,
        delayMs: plan.delayMs,
      });
      return;
    }
    if (response.status === 409) {
      refused++;
      deps.log.info("simulated answer refused as stale", {
        ...fields,
        status: 409,
        detail: text.slice(0, 200),
      });
      return;
    }
    if (response.status >= 500 || response.status === 429) {
      throw new AnswerNotDeliveredError(`the API answered ${response.status}`);
    }
    // A 4xx other than 409 will not change on retry: a bug in the simulation. Drop the task, loudly.
    errors++;
    deps.log.error("simulated answer refused", {
      ...fields,
      status: response.status,
      detail: text.slice(0, 500),
    });
  };

  const handlerFor =
    (department: string) =>
    async (event: SQSEvent): Promise<SQSBatchResponse> => {
      const failures: { itemIdentifier: string }[] = [];
      await Promise.all(
        event.Records.map(async (record) => {
          try {
            let json: unknown;
            try {
              json = JSON.parse(record.body);
            } catch {
              json = undefined;
            }
            const parsed = DepartmentMessageSchema.safeParse(json);
            if (!parsed.success) {
              acknowledged++;
              deps.log.warn("unreadable department message dropped", {
                department,
                messageId: record.messageId,
              });
              return;
            }
            const message = parsed.data;
            if (message.type !== "TaskDispatched" || message.department !== department) {
              acknowledged++;
              deps.log.info("department message acknowledged", {
                department,
                type: message.type,
                caseId: message.caseId,
                itemId: message.itemId,
              });
              return;
            }
            await answer(department, message);
          } catch (error) {
            failures.push({ itemIdentifier: record.messageId });
            if (abort.signal.aborted) return;
            errors++;
            deps.log.warn("simulated answer not delivered; the task returns after the visibility timeout", {
              department,
              messageId: record.messageId,
              error: (error as Error).message,
            });
          }
        }),
      );
      return { batchItemFailures: failures };
    };

  const consumers: QueuePoller[] = Object.entries(deps.queues).map(([department, queueUrl]) =>
    createQueuePoller({
      name: `dept-${department}`,
      sqs: deps.sqs,
      queueUrl,
      handler: handlerFor(department),
      batchSize: 10,
      maxBatchingWindowMs: 0,
      maxConcurrency: 2,
      functionTimeoutMs: deps.settings.delayMs.max + CONSUMER_TIMEOUT_HEADROOM_MS,
      ...(deps.waitTimeSeconds === undefined ? {} : { waitTimeSeconds: deps.waitTimeSeconds }),
      log: deps.log,
    }),
  );

  const reply = async (caseId: string, itemId: string, attempt: number, key: string): Promise<void> => {
    try {
      await abortableDelay(planApplicantDelay(deps.settings, { caseId, itemId, attempt }), abort.signal);
      const stored = await deps.store.getCase(caseId);
      const itemState = stored?.state.items[itemId];
      if (!stored || itemState?.status !== "awaiting_supplement" || itemState.attempt !== attempt) return;
      const response = await post(
        `/v1/cases/${encodeURIComponent(caseId)}/supplements`,
        applicantClaims(stored.state, deps.catalogue),
        {
          itemId,
          answers: applicantAnswers(stored.state, itemId, itemState.requested ?? []),
        },
      );
      const text = await response.text();
      if (response.status === 202) {
        supplementsProvided++;
        deps.log.info("simulated applicant supplied", { caseId, itemId, attempt });
      } else if (response.status === 409) {
        deps.log.info("simulated supplement refused as stale", {
          caseId,
          itemId,
          detail: text.slice(0, 200),
        });
      } else if (response.status >= 500) {
        replies.delete(key);
      } else {
        errors++;
        deps.log.error("simulated supplement refused", {
          caseId,
          itemId,
          status: response.status,
          detail: text.slice(0, 500),
        });
      }
    } catch (error) {
      replies.delete(key);
      if (!abort.signal.aborted) {
        deps.log.warn("simulated supplement not delivered; retrying", {
          caseId,
          itemId,
          error: (error as Error).message,
        });
      }
    }
  };

  /** One scan of the cases awaiting their applicant; schedules a reply for each new request of a simulated department. */
  const scanApplicants = async (): Promise<void> => {
    let cursor: string | undefined;
    do {
      const page = await deps.store.listCases({
        status: "awaiting_applicant",
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      cursor = page.cursor;
      for (const summary of page.items) {
        const stored = await deps.store.getCase(summary.caseId);
        for (const item of Object.values(stored?.state.items ?? {})) {
          if (item.status !== "awaiting_supplement" || !simulated.has(item.department)) continue;
          const key = `${summary.caseId}:${item.itemId}:${item.attempt}`;
          if (replies.has(key)) continue;
          replies.add(key);
          const pending: Promise<void> = reply(summary.caseId, item.itemId, item.attempt, key).finally(() =>
            pendingReplies.delete(pending),
          );
          pendingReplies.add(pending);
        }
      }
    } while (cursor && !abort.signal.aborted);
  };

  const runApplicants = async (): Promise<void> => {
    const every = deps.applicantScanMs ?? 500;
    while (!abort.signal.aborted) {
      try {
        await scanApplicants();
      } catch (error) {
        if (!abort.signal.aborted)
          deps.log.warn("applicant scan failed", { error: (error as Error).message });
      }
      await abortableDelay(every, abort.signal).catch(() => undefined);
    }
  };

  return {
    start() {
      for (const consumer of consumers) consumer.start();
      if (deps.settings.applicantReplies && simulated.size > 0) applicantLoop ??= runApplicants();
    },
    stop() {
      stopping ??= (async () => {
        abort.abort(new Error("the local platform is stopping"));
        await Promise.all(consumers.map((consumer) => consumer.stop({ drainTimeoutMs: 5_000 })));
        await applicantLoop;
        await Promise.allSettled([...pendingReplies]);
      })();
      return stopping;
    },
    stats() {
      return {
        answers: { ...answers },
        refused,
        acknowledged,
        supplementsProvided,
        errors,
        consumers: consumers.map((consumer) => consumer.stats()),
      };
    },
  };
}

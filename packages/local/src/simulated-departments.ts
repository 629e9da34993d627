import type { SQSClient } from "@aws-sdk/client-sqs";
import { claimsFor } from "@onething/auth";
import type { CaseLogger } from "@onething/cases";
import {
  type DepartmentMessage,
  DepartmentMessageSchema,
  type TaskDispatchedMessage,
} from "@onething/contracts";
import { type Catalogue, itemDefinition } from "@onething/domain";
import type { CaseStore } from "@onething/store";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { simulatedAnswer } from "./outputs.ts";
import { createQueuePoller, type QueuePoller } from "./poller.ts";
import { withDocumentOutputs } from "./simulated-documents.ts";
import { abortableDelay, type PostAs, type SimulationCounters } from "./simulated-io.ts";
import { planAnswer, type SimulationSettings } from "./simulation.ts";

/** Headroom above the longest delay before a department's batch counts as timed out. */
const CONSUMER_TIMEOUT_HEADROOM_MS = 30_000;

/** A department system's answer failed in a way worth retrying (network, 5xx): the message stays on its queue. */
class AnswerNotDeliveredError extends Error {
  override name = "AnswerNotDeliveredError";
}

export interface DepartmentConsumersDeps {
  readonly sqs: SQSClient;
  /** Department id → its queue URL; one consumer each. */
  readonly queues: Readonly<Record<string, string>>;
  readonly catalogue: Catalogue;
  readonly store: Pick<CaseStore, "getCase">;
  readonly settings: SimulationSettings;
  readonly log: CaseLogger;
  readonly waitTimeSeconds?: number | undefined;
  readonly post: PostAs;
  readonly counters: SimulationCounters;
  readonly signal: AbortSignal;
}

/** A department message off the queue, or undefined for a body that is none. */
function parseMessage(record: SQSRecord): DepartmentMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    return undefined;
  }
  const parsed = DepartmentMessageSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * One consumer per simulated department queue (the Lambda-like poller), answering each `TaskDispatched` through
 * the public `POST /v1/tasks/{token}/result` with the department's own JWT, after the planned delay; anything else
 * on the queue (cancellations, escalations, unreadable bodies) is acknowledged.
 */
export function createDepartmentConsumers(deps: DepartmentConsumersDeps): QueuePoller[] {
  const { counters } = deps;

  const answer = async (department: string, task: TaskDispatchedMessage): Promise<void> => {
    const plan = planAnswer(deps.settings, task);
    await abortableDelay(plan.delayMs, deps.signal);
    // The declaration of the bundle version the case runs on (the message names the bundle, not its version).
    const stored = await deps.store.getCase(task.caseId);
    const item = stored
      ? itemDefinition(deps.catalogue.bundle(stored.state.bundleId, stored.state.bundleVersion), task.itemId)
      : undefined;
    // From the task alone (never the clock): a re-sent task must get the identical answer (idempotent 202).
    const claims = claimsFor({ role: "department", department }, "simulator");
    const planned = simulatedAnswer(deps.settings, item, task, deps.catalogue);
    const body = await withDocumentOutputs(deps.post, claims, task, item, planned);
    const response = await deps.post(`/v1/tasks/${encodeURIComponent(task.taskToken)}/result`, claims, body);
    const text = await response.text();
    const fields = { caseId: task.caseId, itemId: task.itemId, attempt: task.attempt, department };
    if (response.status === 202) {
      counters.answers[plan.outcome]++;
      deps.log.info("simulated department answered", {
        ...fields,
        outcome: plan.outcome,
        delayMs: plan.delayMs,
      });
      return;
    }
    if (response.status === 409) {
      counters.refused++;
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
    counters.errors++;
    deps.log.error("simulated answer refused", {
      ...fields,
      status: response.status,
      detail: text.slice(0, 500),
    });
  };

  const take = async (department: string, record: SQSRecord): Promise<void> => {
    const message = parseMessage(record);
    if (message === undefined) {
      counters.acknowledged++;
      deps.log.warn("unreadable department message dropped", { department, messageId: record.messageId });
      return;
    }
    if (message.type !== "TaskDispatched" || message.department !== department) {
      counters.acknowledged++;
      deps.log.info("department message acknowledged", {
        department,
        type: message.type,
        caseId: message.caseId,
        itemId: message.itemId,
      });
      return;
    }
    await answer(department, message);
  };

  const handlerFor =
    (department: string) =>
    async (event: SQSEvent): Promise<SQSBatchResponse> => {
      const failures: { itemIdentifier: string }[] = [];
      await Promise.all(
        event.Records.map(async (record) => {
          try {
            await take(department, record);
          } catch (error) {
            failures.push({ itemIdentifier: record.messageId });
            if (deps.signal.aborted) return;
            counters.errors++;
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

  return Object.entries(deps.queues).map(([department, queueUrl]) =>
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
}

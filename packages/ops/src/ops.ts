import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { CaseLogger } from "@onething/cases";
import { OpsSummarySchema } from "@onething/contracts";
import { CASE_STATUS_VALUES, type CaseStatus } from "@onething/domain";
import {
  type CaseListFilter,
  type CaseStore,
  InvalidCursorError,
  InvalidStoreRequestError,
  MAX_PAGE_SIZE,
} from "@onething/store";
import type { z } from "zod";
import { InvalidOpsQueryError, UnknownQueueError } from "./errors.ts";
import type { OpsQueue } from "./queues.ts";
import {
  type RecordRedrive,
  type RedriveOptions,
  type RedriveResult,
  redriveDeadLetters,
} from "./redrive.ts";

export type OpsSummary = z.infer<typeof OpsSummarySchema>;

export interface OpsCaseListQuery {
  status?: string;
  bundleId?: string;
  department?: string;
  limit: number;
  cursor?: string;
}

export interface OpsCaseList {
  cases: { caseId: string; bundleId: string; status: string; updatedAt: string }[];
  cursor?: string;
}

/** What the API's operator routes call (structurally the API's `OpsPort`). */
export interface Ops {
  summary(): Promise<OpsSummary>;
  listCases(query: OpsCaseListQuery): Promise<OpsCaseList>;
  redrive(queue: string): Promise<RedriveResult>;
}

export interface OpsDeps {
  store: Pick<CaseStore, "getCounters" | "listCases" | "appendOperatorTimeline">;
  sqs: SQSClient;
  /** Bundles (catalogue) and departments (registry) the summary reports: counters are read per id, never scanned. */
  bundleIds: readonly string[];
  departments: readonly string[];
  /** Every source queue with its DLQ (see `opsQueuesFrom`). */
  queues: readonly OpsQueue[];
  log: CaseLogger;
  redrive?: Omit<RedriveOptions, "recordInTimeline">;
  /** When a redrive is recorded in a case's timeline. Default: the system clock. */
  clock?: () => Date;
}

/** The list an operator sees when naming no filter: the cases still open and moving. */
export const DEFAULT_CASE_LIST_STATUS: CaseStatus = "in_progress";

const isCaseStatus = (s: string): s is CaseStatus => (CASE_STATUS_VALUES as readonly string[]).includes(s);

function toFilter(query: OpsCaseListQuery): CaseListFilter {
  const given = [query.status, query.bundleId, query.department].filter((f) => f !== undefined);
  if (given.length > 1) throw new InvalidOpsQueryError("filter by one of status, bundle or department");
  if (query.bundleId !== undefined) return { bundleId: query.bundleId };
  if (query.department !== undefined) return { department: query.department };
  const status = query.status ?? DEFAULT_CASE_LIST_STATUS;
  if (!isCaseStatus(status)) throw new InvalidOpsQueryError(`unknown status ${status}`);
  return { status };
}

/**
 * The operator port over the store (counters and GSIs, never a Scan) and SQS (DLQ depths and redrive).
 *
 * - `summary()`: cases per bundle and status (every status listed, 0 included), open and overdue items per
 *   department, and the depth (`ApproximateNumberOfMessages`) of every DLQ, named by its source queue's key.
 * - `listCases(query)`: one filter at most; **with none, the open `in_progress` cases**, newest change first.
 *   Case summaries only (no applicant ids). A foreign or broken cursor is an `InvalidOpsQueryError` (400).
 * - `redrive(queue)`: moves up to 1,000 dead letters of the named queue (`orchestrator`, `results`,
 *   `dept-<id>`) back to it, and records each moved message that names a case in that case's timeline
 *   (`dead_letter_redriven`, with the queue and the dead letter's message id); an unknown name is an
 *   `UnknownQueueError` (404).
 *
 * @example
 * const ops = createOps({ store, sqs, bundleIds, departments, queues: opsQueuesFrom(local.queues), log });
 * const api = createApiHandler({ ...platform, ops });
 */
export function createOps(deps: OpsDeps): Ops {
  const bundleIds = [...new Set(deps.bundleIds)];
  const departments = [...new Set(deps.departments)];
  const clock = deps.clock ?? (() => new Date());

  // Its own timeline row (not an engine event): the case's state, version and counters do not change.
  const recordInTimeline: RecordRedrive = async ({ caseId, queue, deadLetterMessageId }) => {
    const eventId = `redrive:${deadLetterMessageId}`;
    await deps.store.appendOperatorTimeline(caseId, {
      entryId: `${eventId}#0`,
      at: clock().toISOString(),
      kind: "dead_letter_redriven",
      eventId,
      queue,
      messageId: deadLetterMessageId,
    });
  };

  const deadLetterDepth = async (queue: OpsQueue) => {
    const { Attributes } = await deps.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.deadLetterUrl,
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
    );
    return { queue: queue.key, depth: Number(Attributes?.ApproximateNumberOfMessages ?? 0) };
  };

  return {
    async summary() {
      const [counters, deadLetters] = await Promise.all([
        deps.store.getCounters({ bundleIds, departments }),
        Promise.all(deps.queues.map(deadLetterDepth)),
      ]);
      const casesByBundleAndStatus: Record<string, Record<string, number>> = {};
      for (const bundleId of bundleIds) {
        casesByBundleAndStatus[bundleId] = Object.fromEntries(CASE_STATUS_VALUES.map((s) => [s, 0]));
      }
      for (const { bundleId, status, count } of counters.cases) {
        const row = casesByBundleAndStatus[bundleId] ?? {};
        row[status] = count;
        casesByBundleAndStatus[bundleId] = row;
      }
      // Parsed on the way out like every producer's message: the dashboard reads this shape.
      return OpsSummarySchema.parse({
        casesByBundleAndStatus,
        departments: counters.departments,
        deadLetters,
      });
    },

    async listCases(query) {
      if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE_SIZE)
        throw new InvalidOpsQueryError(`limit must be 1 to ${MAX_PAGE_SIZE}`);
      const filter = toFilter(query);
      try {
        const page = await deps.store.listCases({
          ...filter,
          limit: query.limit,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        return {
          cases: page.items.map(({ caseId, bundleId, status, updatedAt }) => ({
            caseId,
            bundleId,
            status,
            updatedAt,
          })),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        };
      } catch (error) {
        if (error instanceof InvalidCursorError || error instanceof InvalidStoreRequestError)
          throw new InvalidOpsQueryError(error.message);
        throw error;
      }
    },

    async redrive(queueKey) {
      const queue = deps.queues.find((q) => q.key === queueKey);
      if (!queue)
        throw new UnknownQueueError(
          queueKey,
          deps.queues.map((q) => q.key),
        );
      return redriveDeadLetters(deps.sqs, queue, deps.log, { ...deps.redrive, recordInTimeline });
    },
  };
}

import type { SQSClient } from "@aws-sdk/client-sqs";
import type { CaseLogger } from "@onething/cases";
import type { OpsCaseList, OpsSummary, RevealResponse } from "@onething/contracts";
import type { CaseStore } from "@onething/store";
import { listOpsCases, type OpsCaseListQuery } from "./case-list.ts";
import { UnknownQueueError } from "./errors.ts";
import type { PlaceCatalogue } from "./places.ts";
import type { OpsQueue } from "./queues.ts";
import {
  type RecordRedrive,
  type RedriveOptions,
  type RedriveResult,
  redriveDeadLetters,
} from "./redrive.ts";
import { type OperatorRef, revealApplication } from "./reveal.ts";
import { createSummary, type OpsCounts, type SummaryRequest } from "./summary.ts";

export type { OpsCaseListQuery } from "./case-list.ts";
export type { OpsScope, PlaceCatalogue, PlaceNode } from "./places.ts";
export type { OperatorRef } from "./reveal.ts";
export { type OpsCounts, type SummaryRequest, THROUGHPUT_MINUTES } from "./summary.ts";
export type { OpsCaseList, OpsSummary, RevealResponse };

/** What the API's operator routes call (structurally the API's `OpsPort`). */
export interface Ops {
  summary(request?: SummaryRequest): Promise<OpsSummary>;
  counts(): Promise<OpsCounts>;
  listCases(query: OpsCaseListQuery): Promise<OpsCaseList>;
  redrive(queue: string): Promise<RedriveResult>;
  reveal(caseId: string, reason: string, operator: OperatorRef): Promise<RevealResponse>;
}

export interface OpsDeps {
  store: Pick<
    CaseStore,
    | "getCounters"
    | "searchCases"
    | "getCaseSummary"
    | "getThroughput"
    | "listOpenItems"
    | "getCase"
    | "appendOperatorTimeline"
    | "getDurationHistogram"
    | "getOverdueByDepartment"
    | "countEntitlementsOfDead"
    | "getPlaceCounters"
    | "getOfferCounters"
    | "getNoticeCounters"
  >;
  sqs: SQSClient;
  /** The jurisdiction tree, place profiles, delegations and bundles (the catalogue); without it one place. */
  catalogue?: PlaceCatalogue;
  /** Bundles (catalogue) and departments (registry) the summary reports: counters are read per id, never scanned. */
  bundleIds: readonly string[];
  departments: readonly string[];
  /** Every source queue with its DLQ (see `opsQueuesFrom`). */
  queues: readonly OpsQueue[];
  log: CaseLogger;
  redrive?: Omit<RedriveOptions, "recordInTimeline">;
  /** The platform clock: throughput buckets, reveal and redrive entries. Default: the system clock. */
  clock?: () => Date;
}

/**
 * The operator port over the store (counters and GSIs, never a Scan) and SQS (queue depths and redrive).
 *
 * - `summary()`: `OpsSummarySchema` — cases per bundle and status (0 included), the last 60 one-minute throughput
 *   buckets of the platform clock, compliance per bundle and department, per department open / overdue / oldest
 *   held item (gsi3, one item) / answered / on time / average handling time / queue depth, and every DLQ's depth.
 * - `listCases(query)`: any combination of filters (`caseId` is a direct read; otherwise the store picks the most
 *   selective index). **No filter: the open cases.** A foreign or broken cursor is an `InvalidOpsQueryError` (400).
 * - `redrive(queue)`: moves up to 1,000 dead letters of the named queue back to it, recording each moved message
 *   that names a case in that case's timeline; an unknown name is an `UnknownQueueError` (404).
 * - `reveal(caseId, reason, operator)`: the unmasked application, after recording `application_revealed` (the
 *   operator's subject and reason, never the values) in the case's timeline. Without the permission:
 *   `RevealNotPermittedError` (403); unknown case: `CaseNotFoundError` (404).
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

  return {
    ...createSummary({ ...deps, bundleIds, departments, clock }),
    listCases: async (query) => ({
      ...(await listOpsCases(deps.store, bundleIds, query)),
      asOf: clock().toISOString(),
    }),
    async redrive(queueKey) {
      const queue = deps.queues.find((q) => q.key === queueKey);
      if (!queue)
        throw new UnknownQueueError(
          queueKey,
          deps.queues.map((q) => q.key),
        );
      return redriveDeadLetters(deps.sqs, queue, deps.log, { ...deps.redrive, recordInTimeline });
    },
    reveal: (caseId, reason, operator) => revealApplication({ ...deps, clock }, caseId, reason, operator),
  };
}

import { randomUUID } from "node:crypto";
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { CaseLogger } from "@onething/cases";
import {
  type ApplicationView,
  type CaseListEntry,
  type OpsCaseList,
  OpsCaseListSchema,
  type OpsSummary,
  OpsSummarySchema,
  type RevealResponse,
  RevealResponseSchema,
} from "@onething/contracts";
import { CASE_STATUS_VALUES, type CaseStatus } from "@onething/domain";
import {
  type CaseStore,
  type CaseSummary,
  counterMinute,
  InvalidCursorError,
  InvalidStoreRequestError,
  MAX_PAGE_SIZE,
} from "@onething/store";
import { departmentQueueKey } from "@onething/topology";
import {
  CaseNotFoundError,
  InvalidOpsQueryError,
  RevealNotPermittedError,
  UnknownQueueError,
} from "./errors.ts";
import type { OpsQueue } from "./queues.ts";
import {
  type RecordRedrive,
  type RedriveOptions,
  type RedriveResult,
  redriveDeadLetters,
} from "./redrive.ts";

export type { OpsCaseList, OpsSummary, RevealResponse };

/** A combined case search (the API's parsed `OpsCaseListQuerySchema`); every filter optional. */
export interface OpsCaseListQuery {
  caseId?: string;
  status?: string;
  bundleId?: string;
  department?: string;
  /** Beijing days (yyyy-mm-dd), inclusive, of the submission. */
  from?: string;
  to?: string;
  overdue?: boolean;
  limit: number;
  cursor?: string;
}

/** The operator asking: their subject is recorded with a reveal; `canReveal` is the `reveal` permission. */
export interface OperatorRef {
  subject: string;
  canReveal: boolean;
}

/** The cheap part of the summary: case and item counters and DLQ depths (what the local progress line shows). */
export type OpsCounts = Pick<OpsSummary, "casesByBundleAndStatus" | "deadLetters"> & {
  departments: { department: string; open: number; overdue: number }[];
};

/** What the API's operator routes call (structurally the API's `OpsPort`). */
export interface Ops {
  summary(): Promise<OpsSummary>;
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
  >;
  sqs: SQSClient;
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

/** Buckets of the throughput chart: the last hour of the platform clock, one per minute. */
export const THROUGHPUT_MINUTES = 60;

const isCaseStatus = (s: string): s is CaseStatus => (CASE_STATUS_VALUES as readonly string[]).includes(s);

/** A case list row: never the applicant's identity. */
export const toListEntry = (summary: CaseSummary): CaseListEntry => ({
  caseId: summary.caseId,
  bundleId: summary.bundleId,
  status: summary.status,
  submittedAt: summary.submittedAt,
  updatedAt: summary.updatedAt,
  ...(summary.closedAt ? { closedAt: summary.closedAt } : {}),
  overdue: summary.overdue ?? false,
});

const matchesCase = (
  summary: CaseSummary,
  query: OpsCaseListQuery,
  dayOf: (iso: string) => string,
): boolean =>
  (query.status === undefined || summary.status === query.status) &&
  (query.bundleId === undefined || summary.bundleId === query.bundleId) &&
  (query.overdue === undefined || (summary.overdue ?? false) === query.overdue) &&
  (query.from === undefined || dayOf(summary.submittedAt) >= query.from) &&
  (query.to === undefined || dayOf(summary.submittedAt) <= query.to);

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

  const queueAttributes = async (url: string) => {
    const { Attributes } = await deps.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    const count = (name: string) => {
      const value = Number(Attributes?.[name as keyof typeof Attributes] ?? 0);
      return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
    };
    return {
      visible: count("ApproximateNumberOfMessages"),
      inFlight: count("ApproximateNumberOfMessagesNotVisible"),
    };
  };

  const oldestHeld = async (department: string) => {
    const page = await deps.store.listOpenItems({ department, limit: 1 });
    const item = page.items[0];
    if (!item?.dueAt) return undefined;
    // Rows written before `dispatchedAt` was copied onto them: read it from the case.
    const dispatchedAt =
      item.dispatchedAt ?? (await deps.store.getCase(item.caseId))?.state.items[item.itemId]?.dispatchedAt;
    if (!dispatchedAt) return undefined;
    return {
      caseId: item.caseId,
      itemId: item.itemId,
      dispatchedAt,
      dueAt: item.dueAt,
      dueProvisional: item.dueProvisional === true,
    };
  };

  const throughput = async (now: Date) => {
    const end = Math.floor(now.getTime() / 60_000) * 60_000 + 60_000;
    const start = end - THROUGHPUT_MINUTES * 60_000;
    const rows = await deps.store.getThroughput(new Date(start), new Date(end));
    const buckets = Array.from({ length: THROUGHPUT_MINUTES }, (_, i) => ({
      start: new Date(start + i * 60_000).toISOString(),
      submitted: 0,
      completed: 0,
      completedWithExceptions: 0,
      rejected: 0,
      withdrawn: 0,
    }));
    const byMinute = new Map(buckets.map((b) => [counterMinute(new Date(b.start)), b]));
    for (const row of rows) {
      const bucket = byMinute.get(row.minute);
      if (!bucket) continue;
      const count = Math.max(0, row.count);
      if (row.transition === "submitted") bucket.submitted += count;
      else if (row.transition === "completed") bucket.completed += count;
      else if (row.transition === "completed_with_exceptions") bucket.completedWithExceptions += count;
      else if (row.transition === "rejected") bucket.rejected += count;
      else if (row.transition === "withdrawn") bucket.withdrawn += count;
    }
    return buckets;
  };

  const deadLetterDepths = () =>
    Promise.all(
      deps.queues.map(async (queue) => ({
        queue: queue.key,
        depth: (await queueAttributes(queue.deadLetterUrl)).visible,
      })),
    );

  const byBundleAndStatus = (cases: readonly { bundleId: string; status: CaseStatus; count: number }[]) => {
    const table: Record<string, Record<CaseStatus, number>> = {};
    const zeros = () =>
      Object.fromEntries(CASE_STATUS_VALUES.map((s) => [s, 0])) as Record<CaseStatus, number>;
    for (const bundleId of bundleIds) table[bundleId] = zeros();
    for (const { bundleId, status, count } of cases) {
      const row = table[bundleId] ?? zeros();
      row[status] = count;
      table[bundleId] = row;
    }
    return table;
  };

  const departmentQueueUrl = (department: string) =>
    deps.queues.find((q) => q.key === departmentQueueKey(department))?.url;

  const beijingDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

  return {
    async summary() {
      const now = clock();
      const [counters, buckets, oldest, depths, deadLetters] = await Promise.all([
        deps.store.getCounters({ bundleIds, departments }),
        throughput(now),
        Promise.all(departments.map(oldestHeld)),
        Promise.all(
          departments.map(async (department) => {
            const url = departmentQueueUrl(department);
            return url ? queueAttributes(url) : { visible: 0, inFlight: 0 };
          }),
        ),
        deadLetterDepths(),
      ]);
      const casesByBundleAndStatus = byBundleAndStatus(counters.cases);
      const activity = new Map(counters.activity.map((a) => [a.department, a]));
      // Parsed on the way out like every producer's message: the dashboard reads this shape.
      return OpsSummarySchema.parse({
        generatedAt: now.toISOString(),
        casesByBundleAndStatus,
        throughput: buckets,
        compliance: {
          byBundle: counters.compliance.map(({ bundleId, answered, onTime }) => ({
            bundleId,
            answered,
            onTime,
          })),
          byDepartment: counters.activity.map(({ department, answered, onTime }) => ({
            department,
            answered,
            onTime,
          })),
        },
        departments: counters.departments.map(({ department, open, overdue, noDeadline }, i) => {
          const a = activity.get(department);
          const answered = a?.answered ?? 0;
          const held = oldest[i];
          return {
            department,
            open,
            overdue,
            noDeadline,
            ...(held ? { oldest: held } : {}),
            ...(answered > 0 && a ? { averageHandlingSeconds: a.handlingMs / answered / 1000 } : {}),
            answered,
            onTime: a?.onTime ?? 0,
            queue: depths[i] ?? { visible: 0, inFlight: 0 },
          };
        }),
        deadLetters,
      });
    },

    async counts() {
      const [counters, deadLetters] = await Promise.all([
        deps.store.getCounters({ bundleIds, departments }),
        deadLetterDepths(),
      ]);
      return {
        casesByBundleAndStatus: byBundleAndStatus(counters.cases),
        departments: counters.departments,
        deadLetters,
      };
    },

    async listCases(query) {
      if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE_SIZE)
        throw new InvalidOpsQueryError(`limit must be 1 to ${MAX_PAGE_SIZE}`);
      if (query.status !== undefined && !isCaseStatus(query.status))
        throw new InvalidOpsQueryError(`unknown status ${query.status}`);
      if (query.caseId !== undefined) {
        // A direct read; the other filters must match too. One entry at most, so never a cursor.
        if (query.cursor !== undefined)
          throw new InvalidOpsQueryError("a case id search has no further pages");
        const summary = await deps.store.getCaseSummary(query.caseId);
        const department = query.department;
        let openAtDepartment = true;
        if (summary && department !== undefined) {
          const stored = await deps.store.getCase(summary.caseId);
          openAtDepartment = Object.values(stored?.state.items ?? {}).some(
            (item) => item.department === department && item.status === "dispatched",
          );
        }
        const hit = summary && openAtDepartment && matchesCase(summary, query, beijingDay);
        return OpsCaseListSchema.parse({ cases: hit ? [toListEntry(summary)] : [] });
      }
      try {
        const page = await deps.store.searchCases({
          limit: query.limit,
          bundleIds,
          ...(query.status ? { status: query.status as CaseStatus } : {}),
          ...(query.bundleId ? { bundleId: query.bundleId } : {}),
          ...(query.department ? { department: query.department } : {}),
          ...(query.from ? { fromDay: query.from } : {}),
          ...(query.to ? { toDay: query.to } : {}),
          ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        return OpsCaseListSchema.parse({
          cases: page.items.map(toListEntry),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        });
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

    async reveal(caseId, reason, operator) {
      if (!operator.canReveal) throw new RevealNotPermittedError();
      const stored = await deps.store.getCase(caseId);
      if (!stored) throw new CaseNotFoundError(caseId);
      const eventId = `reveal:${randomUUID()}`;
      const entryId = `${eventId}#0`;
      // Recorded before the values are returned: no reveal without its trace.
      await deps.store.appendOperatorTimeline(caseId, {
        entryId,
        at: clock().toISOString(),
        kind: "application_revealed",
        eventId,
        operator: operator.subject,
        reason,
      });
      deps.log.info("application revealed", { caseId, operator: operator.subject });
      const { applicant, subject, answers } = stored.state.application;
      const application: ApplicationView = { applicant, ...(subject ? { subject } : {}), answers };
      return RevealResponseSchema.parse({ caseId, application, entryId });
    },
  };
}

/** The operators' overview: counters, throughput, the oldest held item per department and every queue's depth. */
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { type OpsSummary, OpsSummarySchema, PLATFORM_WIDE_FIGURES } from "@onething/contracts";
import { CASE_STATUS_VALUES, type CaseStatus } from "@onething/domain";
import { type CaseStore, type Counters, counterMinute } from "@onething/store";
import { departmentQueueKey } from "@onething/topology";
import { benefitStopFigures } from "./benefit-stops.ts";
import { deliveryFigures } from "./delivery-figures.ts";
import { offerFigures } from "./offer-figures.ts";
import {
  casesFromRows,
  childFigures,
  delegationFigures,
  type OpsScope,
  type PlaceCatalogue,
  type PlaceNode,
  placeRows,
  placeTotal,
  selectPlace,
} from "./places.ts";
import type { OpsQueue } from "./queues.ts";

/** Buckets of the throughput chart: the last hour of the platform clock, one per minute. */
export const THROUGHPUT_MINUTES = 60;

/** The cheap part of the summary: case and item counters and DLQ depths (what the local progress line shows). */
export type OpsCounts = Pick<OpsSummary, "casesByBundleAndStatus" | "deadLetters"> & {
  departments: { department: string; open: number; overdue: number }[];
};

export interface SummaryDeps {
  store: Pick<
    CaseStore,
    | "getCounters"
    | "getThroughput"
    | "listOpenItems"
    | "getCase"
    | "getDurationHistogram"
    | "getOverdueByDepartment"
    | "countEntitlementsOfDead"
    | "getPlaceCounters"
    | "getOfferCounters"
    | "getNoticeCounters"
  >;
  sqs: SQSClient;
  /** The jurisdiction tree, profiles, delegations and bundles; without it the platform is one place. */
  catalogue?: PlaceCatalogue;
  bundleIds: readonly string[];
  departments: readonly string[];
  queues: readonly OpsQueue[];
  clock: () => Date;
}

/** What the summary is asked for: the caller's scope (default the whole platform) and a place within it. */
export interface SummaryRequest {
  scope?: OpsScope;
  place?: string;
}

/** The platform as one place: a catalogue without a jurisdiction tree. */
const ONE_PLACE: PlaceCatalogue = {
  places: {
    root: "000000",
    find: (code) => (code === "000000" ? ROOT_NODE : undefined),
    children: () => [],
    all: () => [ROOT_NODE],
  },
  profiles: { resolve: () => ({ disabled: [] }) },
  delegations: { rate: () => ({ towns: 0, delegated: 0 }) },
  bundles: [],
};
const ROOT_NODE: PlaceNode = {
  code: "000000",
  level: "country",
  name: { zh: "全国", en: "China" },
  path: "000000",
};

/** `summary()` and `counts()` of the operator port. */
export function createSummary(deps: SummaryDeps) {
  const { bundleIds, departments } = deps;
  const deadLetterDepths = () =>
    Promise.all(
      deps.queues.map(async (queue) => ({
        queue: queue.key,
        depth: (await queueDepth(deps.sqs, queue.deadLetterUrl)).visible,
      })),
    );
  const departmentQueueUrl = (department: string) =>
    deps.queues.find((q) => q.key === departmentQueueKey(department))?.url;

  return {
    async summary(request: SummaryRequest = {}): Promise<OpsSummary> {
      const now = deps.clock();
      const catalogue = deps.catalogue ?? ONE_PLACE;
      const rootNode = catalogue.places.find(catalogue.places.root) ?? ROOT_NODE;
      const scope = request.scope ?? { jurisdiction: rootNode.code, path: rootNode.path };
      const place = selectPlace(catalogue, scope, request.place);
      const atRoot = place.code === rootNode.code;
      // A scoped operator is not read the platform's figures at all: they hold every other place's too.
      const platformCaller = scope.path === rootNode.path;
      const [counters, rows, buckets, oldest, depths, deadLetters, benefitStops, offers, delivery] =
        await Promise.all([
          deps.store.getCounters({ bundleIds, departments }),
          placeRows(deps.store, catalogue, place),
          platformCaller ? throughput(deps.store, now) : [],
          platformCaller
            ? Promise.all(departments.map((department) => oldestHeld(deps.store, department)))
            : [],
          platformCaller
            ? Promise.all(
                departments.map(async (department) => {
                  const url = departmentQueueUrl(department);
                  return url ? queueDepth(deps.sqs, url) : { visible: 0, inFlight: 0 };
                }),
              )
            : [],
          platformCaller ? deadLetterDepths() : [],
          platformCaller ? benefitStopFigures(deps.store) : NO_BENEFIT_STOP_FIGURES,
          offerFigures(deps.store, catalogue, place),
          deliveryFigures(deps.store, catalogue, place),
        ]);
      // Parsed on the way out like every producer's message: the dashboard reads this shape.
      return OpsSummarySchema.parse({
        generatedAt: now.toISOString(),
        scope,
        place: { code: place.code, name: place.name, level: place.level, path: place.path },
        // At the root every case counts, those submitted before places too; below it, the per-place counters.
        casesByBundleAndStatus: atRoot
          ? byBundleAndStatus(bundleIds, counters.cases)
          : casesFromRows(bundleIds, rows),
        total: placeTotal(catalogue, place, rows, now.toISOString()),
        places: childFigures(catalogue, place, rows, now.toISOString()),
        delegation: delegationFigures(catalogue, place, now.toISOString()),
        platformWide: atRoot ? [] : [...PLATFORM_WIDE_FIGURES],
        withheld: platformCaller ? [] : [...PLATFORM_WIDE_FIGURES],
        throughput: buckets,
        compliance: platformCaller
          ? {
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
            }
          : { byBundle: [], byDepartment: [] },
        departments: platformCaller ? departmentRows(counters, oldest, depths) : [],
        deadLetters,
        benefitStops,
        offers,
        delivery,
      });
    },

    async counts(): Promise<OpsCounts> {
      const [counters, deadLetters] = await Promise.all([
        deps.store.getCounters({ bundleIds, departments }),
        deadLetterDepths(),
      ]);
      return {
        casesByBundleAndStatus: byBundleAndStatus(bundleIds, counters.cases),
        departments: counters.departments,
        deadLetters,
      };
    },
  };
}

type Oldest = Awaited<ReturnType<typeof oldestHeld>>;

/** The benefit-stop figures of a summary that withholds them. */
const NO_BENEFIT_STOP_FIGURES = {
  deathToLastStopDays: { count: 0 },
  entitlementsOfDead: { total: 0, byDepartment: {} },
  overdueStops: {},
};
type Depth = Awaited<ReturnType<typeof queueDepth>>;

function departmentRows(counters: Counters, oldest: readonly Oldest[], depths: readonly Depth[]) {
  const activity = new Map(counters.activity.map((a) => [a.department, a]));
  return counters.departments.map(({ department, open, overdue, noDeadline }, i) => {
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
  });
}

async function queueDepth(sqs: SQSClient, url: string) {
  const { Attributes } = await sqs.send(
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
}

/** The held item with the earliest deadline (one gsi3 item), if it has one. */
async function oldestHeld(store: SummaryDeps["store"], department: string) {
  const page = await store.listOpenItems({ department, limit: 1 });
  const item = page.items[0];
  if (!item?.dueAt) return undefined;
  // Rows written before `dispatchedAt` was copied onto them: read it from the case.
  const dispatchedAt =
    item.dispatchedAt ?? (await store.getCase(item.caseId))?.state.items[item.itemId]?.dispatchedAt;
  if (!dispatchedAt) return undefined;
  return {
    caseId: item.caseId,
    itemId: item.itemId,
    dispatchedAt,
    dueAt: item.dueAt,
    dueProvisional: item.dueProvisional === true,
  };
}

async function throughput(store: SummaryDeps["store"], now: Date) {
  const end = Math.floor(now.getTime() / 60_000) * 60_000 + 60_000;
  const start = end - THROUGHPUT_MINUTES * 60_000;
  const rows = await store.getThroughput(new Date(start), new Date(end));
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
}

function byBundleAndStatus(
  bundleIds: readonly string[],
  cases: readonly { bundleId: string; status: CaseStatus; count: number }[],
) {
  const table: Record<string, Record<CaseStatus, number>> = {};
  const zeros = () => Object.fromEntries(CASE_STATUS_VALUES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  for (const bundleId of bundleIds) table[bundleId] = zeros();
  for (const { bundleId, status, count } of cases) {
    const row = table[bundleId] ?? zeros();
    row[status] = count;
    table[bundleId] = row;
  }
  return table;
}

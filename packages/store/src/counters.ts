import { type CaseState, type CaseStatus, chinaDate, type ItemState } from "@onething/domain";
import {
  type AnswerMetric,
  answerCounterKey,
  caseCounterKey,
  DEPARTMENT_METRICS,
  type DepartmentMetric,
  dayCounterKey,
  departmentCounterKey,
  durationCounterKey,
  minuteCounterKey,
  overdueByBundleCounterKey,
  type PrimaryKey,
  placeCounterKey,
} from "./keys.ts";
import type { PlaceCounterDelta, PlaceFigure } from "./place-counters.ts";

/** What a throughput bucket counts: a case submitted, or a case moving into a status. */
export type Transition = "submitted" | CaseStatus;

/** One change to one dashboard counter. */
export type CounterDelta =
  | { kind: "cases"; bundleId: string; status: CaseStatus; delta: number }
  | { kind: "day"; day: string; bundleId: string; status: CaseStatus; delta: number }
  | { kind: "department"; department: string; metric: DepartmentMetric; delta: number }
  | { kind: "minute"; minute: string; bundleId: string; transition: Transition; delta: number }
  | { kind: "answers"; department: string; bundleId: string; metric: AnswerMetric; delta: number }
  | { kind: "duration"; bundleId: string; bucket: number; delta: number }
  | { kind: "overdueByBundle"; bundleId: string; department: string; delta: number }
  | PlaceCounterDelta;

/**
 * Time from submission to the end of a case, as a histogram of quarter-octave buckets (bucket *b* holds durations
 * of `2^(b/4) - 1` to `2^((b+1)/4) - 1` seconds: about 19% wide), so percentiles come from counters.
 */
export const durationBucket = (seconds: number): number =>
  Math.floor(4 * Math.log2(Math.max(0, seconds) + 1));
/** The longest duration in a bucket, in seconds (a percentile read from buckets is at most this much). */
export const durationBucketUpperSeconds = (bucket: number): number => 2 ** ((bucket + 1) / 4) - 1;

/** The closing commit of a case adds its duration to its bundle's histogram. */
export function durationDeltas(previous: CaseState | undefined, next: CaseState): CounterDelta[] {
  const closedAt = "closedAt" in next ? next.closedAt : undefined;
  if (!closedAt || (previous && "closedAt" in previous && previous.closedAt)) return [];
  const seconds = (Date.parse(closedAt) - Date.parse(next.submittedAt)) / 1000;
  return [{ kind: "duration", bundleId: next.bundleId, bucket: durationBucket(seconds), delta: 1 }];
}

/** Minute counters are read for the last hour only; they expire two days after their minute. */
export const MINUTE_COUNTER_TTL_SECONDS = 2 * 24 * 60 * 60;

/**
 * An item counts as open for its department while the department holds it (`dispatched`). An item awaiting
 * the applicant's supplement has its clock stopped and no deadline, so it is neither open nor overdue here
 * (the case's `awaiting_applicant` status counts it instead).
 */
export const isHeldByDepartment = (item: ItemState): boolean => item.status === "dispatched";
const isOverdue = (item: ItemState): boolean => isHeldByDepartment(item) && item.overdue === true;
/** Held without a deadline: no calendar could count its time limit (operators are shown these). */
const hasNoDeadline = (item: ItemState): boolean => isHeldByDepartment(item) && item.dueUnavailable === true;
/** Some item's current attempt is held by its department past its deadline (the engine's flag). */
export const isCaseOverdue = (state: CaseState): boolean => Object.values(state.items).some(isOverdue);
/** The items held past their deadline, with their department and deadline (the operators' overdue lists). */
export const overdueItemsOf = (state: CaseState): { itemId: string; department: string; dueAt: string }[] =>
  Object.values(state.items)
    .filter((item) => isOverdue(item) && item.dueAt !== undefined)
    .map((item) => ({ itemId: item.itemId, department: item.department, dueAt: item.dueAt ?? "" }));

/**
 * The counter changes a transition from `previous` to `next` makes (none for a change that moves nothing).
 * Pure, so it is tested without DynamoDB; the store turns each delta into an `ADD` in the commit.
 *
 * - cases by bundle and status: -1 on the old status, +1 on the new one (+1 only, for a new case);
 * - per day: +1 for a transition *into* a status (submissions count as transitions into their first status);
 * - per department: items held (`OPEN`), held past their deadline (`OVERDUE`) and held without one
 *   (`NO_DEADLINE`), moved item by item; and the overdue ones per bundle and department (the benefit stops').
 *
 * @example counterDeltas(undefined, submitted, "2025-03-03")
 * // [{ kind: "cases", bundleId: "birth", status: "in_progress", delta: 1 }, { kind: "day", … }, …]
 */
export function counterDeltas(previous: CaseState | undefined, next: CaseState, day: string): CounterDelta[] {
  const deltas: CounterDelta[] = [];
  if (previous?.status !== next.status) {
    if (previous)
      deltas.push({ kind: "cases", bundleId: previous.bundleId, status: previous.status, delta: -1 });
    deltas.push({ kind: "cases", bundleId: next.bundleId, status: next.status, delta: 1 });
    deltas.push({ kind: "day", day, bundleId: next.bundleId, status: next.status, delta: 1 });
  }

  const byDepartment = new Map<string, Record<DepartmentMetric, number>>();
  const add = (item: ItemState | undefined, sign: 1 | -1) => {
    if (!item) return;
    const entry = byDepartment.get(item.department) ?? { OPEN: 0, OVERDUE: 0, NO_DEADLINE: 0 };
    if (isHeldByDepartment(item)) entry.OPEN += sign;
    if (isOverdue(item)) entry.OVERDUE += sign;
    if (hasNoDeadline(item)) entry.NO_DEADLINE += sign;
    byDepartment.set(item.department, entry);
  };
  const itemIds = new Set([...Object.keys(previous?.items ?? {}), ...Object.keys(next.items)]);
  for (const itemId of itemIds) {
    add(previous?.items[itemId], -1);
    add(next.items[itemId], 1);
  }
  for (const department of [...byDepartment.keys()].sort()) {
    const entry = byDepartment.get(department);
    if (!entry) continue;
    for (const metric of DEPARTMENT_METRICS)
      if (entry[metric] !== 0) deltas.push({ kind: "department", department, metric, delta: entry[metric] });
  }
  const overdueByDepartment = new Map<string, number>();
  for (const itemId of itemIds) {
    for (const [item, sign] of [
      [previous?.items[itemId], -1],
      [next.items[itemId], 1],
    ] as const)
      if (item && isOverdue(item))
        overdueByDepartment.set(item.department, (overdueByDepartment.get(item.department) ?? 0) + sign);
  }
  for (const [department, delta] of [...overdueByDepartment].sort(([a], [b]) => a.localeCompare(b)))
    if (delta !== 0) deltas.push({ kind: "overdueByBundle", bundleId: next.bundleId, department, delta });
  return deltas;
}

/** The UTC minute of an instant, `yyyy-mm-ddTHH:MM` (Beijing is a whole number of hours ahead: same minutes). */
export const counterMinute = (at: Date): string => at.toISOString().slice(0, 16);

/** A department's answer to one attempt of an item: what the compliance and handling counters count. */
export interface AnsweredAttempt {
  department: string;
  /** Given before the attempt was flagged overdue and not after its deadline. */
  onTime: boolean;
  /** Answer time (the state's `updatedAt`) minus the attempt's `dispatchedAt`; 0 if either is missing. */
  handlingMs: number;
}

const ANSWER_STATUSES = new Set<ItemState["status"]>(["completed", "rejected", "awaiting_supplement"]);

/**
 * The department answers a transition records: an item that was `dispatched` (the department held it) and is now
 * completed, rejected or awaiting a supplement at the same attempt. A cancellation (withdrawal) or a skip is no
 * answer.
 */
export function answeredAttempts(previous: CaseState | undefined, next: CaseState): AnsweredAttempt[] {
  if (!previous) return [];
  const answers: AnsweredAttempt[] = [];
  for (const itemId of Object.keys(next.items).sort()) {
    const before = previous.items[itemId];
    const after = next.items[itemId];
    if (!before || !after || before.status !== "dispatched" || !ANSWER_STATUSES.has(after.status)) continue;
    if (after.attempt !== before.attempt) continue;
    const answeredAt = Date.parse(next.updatedAt);
    const dispatchedAt = before.dispatchedAt ? Date.parse(before.dispatchedAt) : Number.NaN;
    const due = before.dueAt ? Date.parse(before.dueAt) : Number.NaN;
    const handlingMs = Number.isFinite(answeredAt - dispatchedAt)
      ? Math.max(0, answeredAt - dispatchedAt)
      : 0;
    answers.push({
      department: before.department,
      onTime: before.overdue !== true && !(answeredAt > due),
      handlingMs,
    });
  }
  return answers;
}

/**
 * The activity a transition adds to the dashboard (pure, like `counterDeltas`):
 *
 * - throughput: +1 in the commit's minute (per bundle) for a new case (`submitted`) and for the status it moves into;
 * - per department answer (see `answeredAttempts`): `ANSWERED`, `ON_TIME` (if on time) and `HANDLING_MS` of the
 *   department for the case's bundle.
 *
 * @example activityDeltas(undefined, submitted, new Date("2025-03-03T02:15:30Z"))
 * // [{ kind: "minute", minute: "2025-03-03T02:15", bundleId, transition: "submitted", delta: 1 }, { …"in_progress"… }]
 */
export function activityDeltas(previous: CaseState | undefined, next: CaseState, at: Date): CounterDelta[] {
  const deltas: CounterDelta[] = [];
  const minute = counterMinute(at);
  const { bundleId } = next;
  if (!previous) deltas.push({ kind: "minute", minute, bundleId, transition: "submitted", delta: 1 });
  if (previous?.status !== next.status)
    deltas.push({ kind: "minute", minute, bundleId, transition: next.status, delta: 1 });

  const byDepartment = new Map<string, { answered: number; onTime: number; handlingMs: number }>();
  for (const answer of answeredAttempts(previous, next)) {
    const entry = byDepartment.get(answer.department) ?? { answered: 0, onTime: 0, handlingMs: 0 };
    entry.answered += 1;
    entry.onTime += answer.onTime ? 1 : 0;
    entry.handlingMs += answer.handlingMs;
    byDepartment.set(answer.department, entry);
  }
  for (const department of [...byDepartment.keys()].sort()) {
    const entry = byDepartment.get(department);
    if (!entry) continue;
    deltas.push({ kind: "answers", department, bundleId, metric: "ANSWERED", delta: entry.answered });
    if (entry.onTime > 0)
      deltas.push({ kind: "answers", department, bundleId, metric: "ON_TIME", delta: entry.onTime });
    deltas.push({ kind: "answers", department, bundleId, metric: "HANDLING_MS", delta: entry.handlingMs });
  }
  return deltas;
}

/** The sort key's figure part. */
export function placeFigureKey(figure: PlaceFigure): string {
  switch (figure.family) {
    case "cases":
      return `CASES#${figure.bundleId}#${figure.status}`;
    case "open":
      return "OPEN";
    case "overdue":
      return "OVERDUE";
    case "landed":
      return `LANDED#${figure.bundleId}#${figure.itemId}`;
    default: {
      const never: never = figure;
      throw new Error(`unhandled place figure ${JSON.stringify(never)}`);
    }
  }
}

const placeDeltaKey = (delta: PlaceCounterDelta): PrimaryKey =>
  placeCounterKey(delta.leaf.partition, delta.leaf.district, delta.leaf.town, placeFigureKey(delta.figure));

/** The row a counter delta lands on. */
export function counterKey(delta: CounterDelta): PrimaryKey {
  switch (delta.kind) {
    case "cases":
      return caseCounterKey(delta.bundleId, delta.status);
    case "day":
      return dayCounterKey(delta.day, delta.bundleId, delta.status);
    case "department":
      return departmentCounterKey(delta.department, delta.metric);
    case "minute":
      return minuteCounterKey(delta.minute, delta.bundleId, delta.transition);
    case "answers":
      return answerCounterKey(delta.department, delta.bundleId, delta.metric);
    case "duration":
      return durationCounterKey(delta.bundleId, delta.bucket);
    case "overdueByBundle":
      return overdueByBundleCounterKey(delta.bundleId, delta.department);
    case "place":
      return placeDeltaKey(delta);
    default: {
      const never: never = delta;
      throw new Error(`unhandled counter delta ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The dashboard day (yyyy-mm-dd) of an instant, in Beijing time — the domain's `chinaDate`, the day boundary the
 * working-day calendar uses: a transition at 23:30 UTC counts for the next Beijing day, as the offices that read
 * the dashboard see it.
 * @example counterDay(new Date("2025-03-02T16:30:00Z")) // "2025-03-03"
 */
export const counterDay = (at: Date): string => chinaDate(at);

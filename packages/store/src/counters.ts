import { type CaseState, type CaseStatus, chinaDate, type ItemState } from "@onething/domain";
import {
  caseCounterKey,
  type DepartmentMetric,
  dayCounterKey,
  departmentCounterKey,
  type PrimaryKey,
} from "./keys.ts";

/** One change to one dashboard counter. */
export type CounterDelta =
  | { kind: "cases"; bundleId: string; status: CaseStatus; delta: number }
  | { kind: "day"; day: string; bundleId: string; status: CaseStatus; delta: number }
  | { kind: "department"; department: string; metric: DepartmentMetric; delta: number };

/**
 * An item counts as open for its department while the department holds it (`dispatched`). An item awaiting
 * the applicant's supplement has its clock stopped and no deadline, so it is neither open nor overdue here
 * (the case's `awaiting_applicant` status counts it instead).
 */
export const isHeldByDepartment = (item: ItemState): boolean => item.status === "dispatched";
const isOverdue = (item: ItemState): boolean => isHeldByDepartment(item) && item.overdue === true;

/**
 * The counter changes a transition from `previous` to `next` makes (none for a change that moves nothing).
 * Pure, so it is tested without DynamoDB; the store turns each delta into an `ADD` in the commit.
 *
 * - cases by bundle and status: -1 on the old status, +1 on the new one (+1 only, for a new case);
 * - per day: +1 for a transition *into* a status (submissions count as transitions into their first status);
 * - per department: items held (`OPEN`) and held past their deadline (`OVERDUE`), moved item by item.
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

  const byDepartment = new Map<string, { OPEN: number; OVERDUE: number }>();
  const add = (item: ItemState | undefined, sign: 1 | -1) => {
    if (!item) return;
    const entry = byDepartment.get(item.department) ?? { OPEN: 0, OVERDUE: 0 };
    if (isHeldByDepartment(item)) entry.OPEN += sign;
    if (isOverdue(item)) entry.OVERDUE += sign;
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
    if (entry.OPEN !== 0) deltas.push({ kind: "department", department, metric: "OPEN", delta: entry.OPEN });
    if (entry.OVERDUE !== 0)
      deltas.push({ kind: "department", department, metric: "OVERDUE", delta: entry.OVERDUE });
  }
  return deltas;
}

/** The row a counter delta lands on. */
export function counterKey(delta: CounterDelta): PrimaryKey {
  switch (delta.kind) {
    case "cases":
      return caseCounterKey(delta.bundleId, delta.status);
    case "day":
      return dayCounterKey(delta.day, delta.bundleId, delta.status);
    case "department":
      return departmentCounterKey(delta.department, delta.metric);
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

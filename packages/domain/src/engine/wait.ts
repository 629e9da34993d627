import type { Item } from "../bundle/schema.ts";
import { chinaDate, DAY_MS, endOfChinaDay } from "../calendar/dates.ts";
import { setDeadline } from "./deadlines.ts";
import { caseScope } from "./inputs.ts";
import type { Run } from "./run.ts";
import type { ItemState, OpenCase } from "./types.ts";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * When a wait that starts now ends unanswered: 24:00 Beijing of the later of today and the `from` date, plus
 * `days` calendar days.
 * @example waitDueAt(item, state, new Date("2026-03-02T02:00:00Z")) // from 2026-05-10, 60 days: "2026-07-09T16:00:00.000Z"
 */
export function waitDueAt(item: Item, state: OpenCase, now: Date): string {
  const timeout = item.awaits?.timeout ?? { days: 1 };
  const today = chinaDate(now);
  const from = timeout.from ? caseScope(state).field(timeout.from) : undefined;
  const start = typeof from === "string" && ISO_DATE.test(from) && from > today ? from : today;
  return new Date(endOfChinaDay(start).getTime() + timeout.days * DAY_MS).toISOString();
}

/** A ready wait item starts waiting for its event: no department holds it, its clock is the timeout. */
export function startWait(run: Run, state: OpenCase, item: Item, itemState: ItemState): void {
  const dueAt = waitDueAt(item, state, run.now);
  itemState.status = "waiting";
  itemState.attempt += 1;
  itemState.dispatchedAt = run.at;
  setDeadline(itemState, { dueAt, provisional: false, provisionalYears: [] });
  itemState.overdue = false;
  delete itemState.escalateAgainAt;
  run.timeline("item_waiting", {
    itemId: itemState.itemId,
    department: itemState.department,
    attempt: itemState.attempt,
    detail: `waiting for ${item.awaits?.event} until ${dueAt}`,
    deadline: { dueAt, provisional: false },
    ...(item.awaits ? { wait: { event: item.awaits.event } } : {}),
  });
}

import { validateOutputs } from "../../bundle/application.ts";
import type { Item } from "../../bundle/schema.ts";
import { type DataEvent, readEventPath } from "../../events/data-events.ts";
import { finish } from "../close.ts";
import { setDeadline } from "../deadlines.ts";
import { describeIssues } from "../ignored.ts";
import { finishItem } from "../items.ts";
import { makeOffers } from "../offers.ts";
import type { Run } from "../run.ts";
import { advance } from "../scheduler.ts";
import type { ItemState, OpenCase } from "../types.ts";

/**
 * A data event about the case's person (`SubjectEventNoted.data`): every item waiting for its type completes with
 * the outputs it maps from the event, checked against its declaration (a missing required one leaves it waiting,
 * the timeline saying why); then the case goes on. Returns how many items completed.
 */
export function completeWaits(
  run: Run,
  state: OpenCase,
  data: DataEvent,
  from: { source: string; sourceEventId: string },
): number {
  let completed = 0;
  for (const item of run.bundle.items) {
    const itemState = state.items[item.id];
    if (!item.awaits || item.awaits.event !== data.type || itemState?.status !== "waiting") continue;
    const raw: Record<string, unknown> = {};
    for (const [name, path] of Object.entries(item.awaits.outputs)) {
      const value = readEventPath(data, path.slice("event.".length));
      if (value !== undefined) raw[name] = value;
    }
    const where = { itemId: itemState.itemId, department: itemState.department, attempt: itemState.attempt };
    const named = `${data.type} from ${from.source} (${from.sourceEventId})`;
    const wait = { event: data.type, source: from.source, sourceEventId: from.sourceEventId };
    const outputs = validateOutputs(item, raw);
    if (!outputs.ok) {
      run.timeline("item_waiting", {
        ...where,
        detail: `${named} does not complete it: ${describeIssues(outputs.issues)}`,
        wait,
        ...(itemState.dueAt ? { deadline: { dueAt: itemState.dueAt, provisional: false } } : {}),
      });
      continue;
    }
    finishItem(itemState, "completed", run.at, { outputs: outputs.value });
    run.timeline("item_completed", { ...where, detail: `by ${named}`, wait });
    makeOffers(run, state, item, itemState);
    run.notify("item_completed", { itemId: itemState.itemId });
    completed++;
  }
  if (completed > 0) finish(run, state, advance(run, state));
  return completed;
}

/** A wait past its timeout: skipped (`wait_timed_out`), the applicant told, and the case goes on without it. */
export function timeOutWait(run: Run, state: OpenCase, item: Item, itemState: ItemState): void {
  const dueAt = itemState.dueAt;
  itemState.status = "skipped";
  itemState.skipReason = "wait_timed_out";
  itemState.finishedAt = run.at;
  itemState.overdue = false;
  delete itemState.escalateAgainAt;
  setDeadline(itemState, undefined, false);
  run.timeline("item_wait_timed_out", {
    itemId: itemState.itemId,
    department: itemState.department,
    attempt: itemState.attempt,
    detail: `no ${item.awaits?.event} by ${dueAt}`,
    ...(item.awaits ? { wait: { event: item.awaits.event } } : {}),
    ...(dueAt ? { deadline: { dueAt, provisional: false } } : {}),
  });
  run.notify("wait_timed_out", { itemId: itemState.itemId, detail: `no ${item.awaits?.event} by ${dueAt}` });
  finish(run, state, advance(run, state));
}

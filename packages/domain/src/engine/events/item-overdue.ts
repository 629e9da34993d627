import { escalateAgain, raiseOverdue } from "../deadlines.ts";
import { type Ignored, ignore } from "../ignored.ts";
import { currentAttempt } from "../items.ts";
import type { Run } from "../run.ts";
import type { ItemOverdue, OpenCase } from "../types.ts";
import { timeOutWait } from "./wait-ended.ts";

/**
 * The sweeper saw an attempt past its deadline: escalated once, if its clock runs and it really is late; a second
 * time, further up, if still late at its `escalateAgainAt`. A wait
 * past its timeout is skipped (`wait_timed_out`) and the case goes on.
 */
export function escalateOverdue(run: Run, state: OpenCase, event: ItemOverdue): Ignored {
  const found = currentAttempt(run.bundle, state, event.itemId, event.attempt);
  if ("reason" in found) return found;
  const { item, itemState } = found;
  if (itemState.status === "waiting" && itemState.dueAt) {
    if (run.now.getTime() <= Date.parse(itemState.dueAt))
      return ignore("not_yet_due", `item ${itemState.itemId} waits until ${itemState.dueAt}`);
    timeOutWait(run, state, item, itemState);
    return undefined;
  }
  if (itemState.status !== "dispatched" || !itemState.dueAt) {
    return ignore(
      "item_not_open",
      `item ${itemState.itemId} is ${itemState.status}; its clock is not running`,
    );
  }
  if (run.now.getTime() <= Date.parse(itemState.dueAt)) {
    return ignore("not_yet_due", `item ${itemState.itemId} is due at ${itemState.dueAt}`);
  }
  if (itemState.overdue) {
    const againAt = itemState.escalateAgainAt;
    if (againAt !== undefined && run.now.getTime() <= Date.parse(againAt))
      return ignore("not_yet_due", `item ${itemState.itemId} is escalated again at ${againAt}`);
    if (againAt !== undefined && escalateAgain(run, state, itemState)) return undefined;
    return ignore("already_escalated", `item ${itemState.itemId} attempt ${itemState.attempt} was escalated`);
  }
  raiseOverdue(run, state, itemState);
  return undefined;
}

import type { Item } from "../bundle/schema.ts";
import { setDeadline } from "./deadlines.ts";
import { declaredInputs } from "./inputs.ts";
import type { Run } from "./run.ts";
import type { ItemState, OpenCase } from "./types.ts";

/**
 * Sends the item (its next attempt) to its department with only its declared inputs and a fresh deadline. For an
 * instance, `item` is its for-each item and the department is the instance's own.
 */
export function dispatch(run: Run, state: OpenCase, item: Item, itemState: ItemState): void {
  // Never throws: where no calendar can count the time limit, the item goes out without a deadline, flagged.
  const deadline = run.calendar.deadline(run.now, item.timeLimitWorkingDays);
  itemState.status = "dispatched";
  itemState.attempt += 1;
  itemState.dispatchedAt = run.at;
  setDeadline(itemState, deadline);
  itemState.overdue = false;
  delete itemState.requested;
  const where = { itemId: itemState.itemId, department: itemState.department, attempt: itemState.attempt };
  run.timeline("item_dispatched", where);
  if (!deadline)
    run.timeline("item_deadline_unavailable", {
      ...where,
      detail: `no working-day calendar covers ${item.timeLimitWorkingDays} working days from ${run.at}`,
      deadline: { provisional: false, workingDays: item.timeLimitWorkingDays },
    });
  run.emit({
    type: "DispatchItem",
    caseId: state.caseId,
    ...where,
    ...(deadline ? { dueAt: deadline.dueAt } : {}),
    dueProvisional: deadline?.provisional ?? false,
    inputs: declaredInputs(item, state, itemState),
    ...(itemState.supplement ? { supplement: itemState.supplement } : {}),
  });
}

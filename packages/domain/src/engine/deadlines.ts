import type { Deadline } from "../calendar/calendar.ts";
import type { Run } from "./run.ts";
import type { ItemState, OpenCase } from "./types.ts";

/**
 * Sets (or, with no deadline, clears) an item's due time and its provisional marks. `unavailable` says whether a
 * missing deadline is the calendar's fault (a dispatched item) or simply none running (paused, finished).
 */
export function setDeadline(
  itemState: ItemState,
  deadline: Deadline | undefined,
  unavailable = deadline === undefined,
): void {
  delete itemState.dueAt;
  delete itemState.dueProvisional;
  delete itemState.dueProvisionalYears;
  delete itemState.dueUnavailable;
  if (deadline) {
    itemState.dueAt = deadline.dueAt;
    if (deadline.provisional) {
      itemState.dueProvisional = true;
      itemState.dueProvisionalYears = deadline.provisionalYears;
    }
  } else if (unavailable) itemState.dueUnavailable = true;
}

/** Marks a dispatched item's attempt late: recorded, escalated to its department, the applicant told. */
export function raiseOverdue(run: Run, state: OpenCase, itemState: ItemState): void {
  const dueAt = itemState.dueAt as string;
  itemState.overdue = true;
  itemState.escalations += 1;
  run.timeline("item_overdue", {
    itemId: itemState.itemId,
    department: itemState.department,
    attempt: itemState.attempt,
    detail: `due ${dueAt}`,
    deadline: { dueAt, provisional: itemState.dueProvisional === true },
  });
  run.emit({
    type: "EscalateOverdueItem",
    caseId: state.caseId,
    itemId: itemState.itemId,
    department: itemState.department,
    attempt: itemState.attempt,
    dueAt,
  });
  run.notify("item_delayed", { itemId: itemState.itemId });
}

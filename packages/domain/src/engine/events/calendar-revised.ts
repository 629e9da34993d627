import type { Deadline } from "../../calendar/calendar.ts";
import { raiseOverdue, setDeadline } from "../deadlines.ts";
import { type Ignored, ignore } from "../ignored.ts";
import { statesWithDefinitions } from "../items.ts";
import type { Run } from "../run.ts";
import type { CalendarRevised, ItemState, OpenCase } from "../types.ts";

/**
 * Counts every running deadline again with the engine's calendar (a notice was loaded). A deadline that moved or
 * stopped being provisional is recorded (old and new) and its department told; an overdue flag is recomputed: an
 * item no longer late is cleared, one late now is escalated at once. Nothing changed: ignored, so a replay is inert.
 */
export function reviseDeadlines(run: Run, state: OpenCase, event: CalendarRevised): Ignored {
  let revised = 0;
  for (const { item, itemState } of statesWithDefinitions(run.bundle, state)) {
    if (itemState.status !== "dispatched" || !itemState.dispatchedAt) continue;
    const previous = { dueAt: itemState.dueAt, provisional: itemState.dueProvisional === true };
    const deadline = run.calendar.deadline(new Date(itemState.dispatchedAt), item.timeLimitWorkingDays);
    if (deadline?.dueAt === previous.dueAt && (deadline?.provisional ?? false) === previous.provisional)
      continue;
    revised++;
    setDeadline(itemState, deadline);
    record(run, state, event, itemState, previous, deadline);
    const late = deadline !== undefined && run.now.getTime() > Date.parse(deadline.dueAt);
    if (itemState.overdue && !late) {
      itemState.overdue = false;
      delete itemState.escalateAgainAt;
    } else if (!itemState.overdue && late) raiseOverdue(run, state, itemState);
  }
  if (revised === 0) return ignore("deadlines_unchanged", `no running deadline changes with ${event.year}`);
  return undefined;
}

/** The moved deadline in the timeline (old → new, as text and as data) and as a command to its department. */
function record(
  run: Run,
  state: OpenCase,
  event: CalendarRevised,
  itemState: ItemState,
  previous: { dueAt: string | undefined; provisional: boolean },
  deadline: Deadline | undefined,
): void {
  const where = { itemId: itemState.itemId, department: itemState.department, attempt: itemState.attempt };
  run.timeline("deadline_revised", {
    ...where,
    detail: `${event.year}: due ${previous.dueAt ?? "none"}${previous.provisional ? " (provisional)" : ""} → ${
      deadline ? `${deadline.dueAt}${deadline.provisional ? " (provisional)" : ""}` : "none"
    }`,
    deadline: {
      ...(deadline ? { dueAt: deadline.dueAt } : {}),
      provisional: deadline?.provisional ?? false,
      ...(previous.dueAt ? { previousDueAt: previous.dueAt } : {}),
      previousProvisional: previous.provisional,
      year: event.year,
    },
  });
  run.emit({
    type: "ReviseItemDeadline",
    caseId: state.caseId,
    ...where,
    ...(deadline ? { dueAt: deadline.dueAt } : {}),
    ...(previous.dueAt ? { previousDueAt: previous.dueAt } : {}),
    dueProvisional: deadline?.provisional ?? false,
  });
}

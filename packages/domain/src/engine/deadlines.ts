import type { Deadline } from "../calendar/calendar.ts";
import type { Run } from "./run.ts";
import { heldOffice, secondEscalationDays, supervisingOffice } from "./supervisor.ts";
import type { EscalateOverdueItem, ItemState, OpenCase } from "./types.ts";

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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Marks a dispatched item's attempt late: recorded, escalated to the supervising office (`supervisingOffice`; its
 * own office when there is none), the applicant told. Where a further office is above that one, the attempt is
 * escalated again after the department's configured working days (`escalateAgainAt`) if still late; where the
 * calendar does not cover those days, after as many calendar days (24 h each), and the timeline says so.
 */
export function raiseOverdue(run: Run, state: OpenCase, itemState: ItemState): void {
  const dueAt = itemState.dueAt as string;
  itemState.overdue = true;
  itemState.escalations += 1;
  const held = heldOffice(run.catalogue, state, itemState);
  const to = supervisingOffice(run.catalogue, itemState.department, held.jurisdiction) ?? {
    department: itemState.department,
    ...held,
    rule: "same" as const,
  };
  itemState.escalatedTo = { level: 1, ...to, at: run.at };
  const next =
    to.rule === "same" ? undefined : supervisingOffice(run.catalogue, to.department, to.jurisdiction);
  const again = next ? secondEscalationAt(run, itemState.department) : undefined;
  if (again) itemState.escalateAgainAt = again.at;
  else delete itemState.escalateAgainAt;
  run.timeline("item_overdue", {
    itemId: itemState.itemId,
    department: itemState.department,
    attempt: itemState.attempt,
    detail: `due ${dueAt}; escalated to ${to.department} at ${to.jurisdiction} (${to.rule})${again?.note ?? ""}`,
    deadline: { dueAt, provisional: itemState.dueProvisional === true },
    escalation: { level: 1, department: to.department, office: to.jurisdiction },
  });
  emitEscalation(run, state, itemState, 1, to, held);
  run.notify("item_delayed", { itemId: itemState.itemId });
}

/**
 * When a still-late attempt is escalated again: the department's working days from now, or, where the calendar does
 * not cover them (past its last year), as many calendar days, with a note for the timeline saying so.
 */
function secondEscalationAt(run: Run, department: string): { at: string; note?: string } {
  const days = secondEscalationDays(run.catalogue, department);
  const deadline = run.calendar.deadline(run.now, days);
  if (deadline) return { at: deadline.dueAt };
  const at = new Date(run.now.getTime() + days * DAY_MS).toISOString();
  return {
    at,
    note: `; again at ${at} if still late (${days} calendar days: no calendar covers the working days)`,
  };
}

/**
 * The second escalation of an attempt still late at `escalateAgainAt`: to the office supervising the first
 * escalation's, counted from the office that holds the task now (after a transfer, not the one first escalated
 * from). Returns false when there is none (the first went as high as the tree and the registry go).
 */
export function escalateAgain(run: Run, state: OpenCase, itemState: ItemState): boolean {
  const held = heldOffice(run.catalogue, state, itemState);
  const first = supervisingOffice(run.catalogue, itemState.department, held.jurisdiction);
  const to = first && supervisingOffice(run.catalogue, first.department, first.jurisdiction);
  delete itemState.escalateAgainAt;
  if (!to) return false;
  itemState.escalations += 1;
  itemState.escalatedTo = { level: 2, ...to, at: run.at };
  run.timeline("item_escalated", {
    itemId: itemState.itemId,
    department: itemState.department,
    attempt: itemState.attempt,
    detail: `still overdue; escalated to ${to.department} at ${to.jurisdiction} (${to.rule})`,
    escalation: { level: 2, department: to.department, office: to.jurisdiction },
  });
  emitEscalation(run, state, itemState, 2, to, held);
  return true;
}

function emitEscalation(
  run: Run,
  state: OpenCase,
  itemState: ItemState,
  level: 1 | 2,
  to: EscalateOverdueItem["to"],
  held: { jurisdiction: string; path: string },
): void {
  run.emit({
    type: "EscalateOverdueItem",
    caseId: state.caseId,
    itemId: itemState.itemId,
    department: itemState.department,
    attempt: itemState.attempt,
    dueAt: itemState.dueAt as string,
    level,
    to: { department: to.department, jurisdiction: to.jurisdiction, path: to.path, rule: to.rule },
    heldBy: held,
  });
}

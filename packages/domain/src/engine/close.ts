import { setDeadline } from "./deadlines.ts";
import { isOpen, isUnfinished } from "./items.ts";
import type { Run } from "./run.ts";
import type { ClosedCase, OpenCase } from "./types.ts";

/** After items moved: the case fails if a fatal item can no longer happen, else it closes once nothing is open. */
export function finish(run: Run, state: OpenCase, fatal: string | undefined): void {
  if (fatal) {
    closeAll(run, state, "rejected", "case_rejected", undefined, `${fatal} can no longer happen`);
    return;
  }
  refreshStatus(state);
  closeIfDone(run, state);
}

/** The case waits for the applicant while any item waits for a supplement. */
export function refreshStatus(state: OpenCase): void {
  state.status = Object.values(state.items).some((s) => s.status === "awaiting_supplement")
    ? "awaiting_applicant"
    : "in_progress";
}

function closeIfDone(run: Run, state: OpenCase): void {
  const items = Object.values(state.items);
  if (items.some(isUnfinished)) return;
  const exceptions = items.filter(
    (s) => s.status === "rejected" || s.skipReason === "dependency_not_completed",
  );
  close(run, state, exceptions.length > 0 ? "completed_with_exceptions" : "completed");
  run.timeline("case_closed", {
    detail:
      exceptions.length > 0 ? `exceptions: ${exceptions.map((s) => s.itemId).join(", ")}` : "all items done",
  });
  run.notify("case_closed");
}

/**
 * Ends the case at once (fatal rejection or withdrawal): unfinished items are cancelled, and the departments of
 * open ones told (a running for-each item is held by no department: its instances are told).
 */
export function closeAll(
  run: Run,
  state: OpenCase,
  status: "rejected" | "withdrawn",
  reason: "case_rejected" | "case_withdrawn",
  withdrawal?: ClosedCase["withdrawal"],
  detail = "a fatal item was rejected",
): void {
  for (const itemState of Object.values(state.items)) {
    if (isOpen(itemState)) {
      run.emit({
        type: "CancelItem",
        caseId: state.caseId,
        itemId: itemState.itemId,
        department: itemState.department,
        attempt: itemState.attempt,
        reason,
      });
      run.timeline("item_cancelled", {
        itemId: itemState.itemId,
        department: itemState.department,
        attempt: itemState.attempt,
        detail: reason,
      });
    }
    if (isUnfinished(itemState)) {
      itemState.status = "cancelled";
      itemState.finishedAt = run.at;
      itemState.overdue = false;
      delete itemState.escalateAgainAt;
      setDeadline(itemState, undefined, false);
    }
  }
  const closed = close(run, state, status);
  if (withdrawal) {
    closed.withdrawal = withdrawal;
    run.timeline("case_withdrawn", { detail: withdrawal.reason });
  } else {
    run.timeline("case_closed", { detail });
  }
  run.notify("case_closed");
}

function close(run: Run, state: OpenCase, status: ClosedCase["status"]): ClosedCase {
  const closed: ClosedCase = { ...state, status, closedAt: run.at };
  run.state = closed;
  return closed;
}

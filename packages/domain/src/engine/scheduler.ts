import { evaluatePredicate } from "../bundle/predicate.ts";
import type { Item } from "../bundle/schema.ts";
import { setDeadline } from "./deadlines.ts";
import { caseScope, declaredInputs } from "./inputs.ts";
import { blocks, finishItem, isOpen } from "./items.ts";
import { assembleReport } from "./report.ts";
import type { Run } from "./run.ts";
import type { ItemState, OpenCase } from "./types.ts";

/**
 * Dispatches, skips or assembles every item whose predecessors have all finished, until nothing changes.
 * Returns the id of a case-fatal item that can no longer happen (a dependency of it failed), if any.
 */
export function advance(run: Run, state: OpenCase): string | undefined {
  let changed = true;
  while (changed) {
    changed = false;
    for (const item of run.bundle.items) {
      const itemState = state.items[item.id];
      if (itemState?.status !== "pending") continue;
      const deps = item.dependsOn.map((d) => state.items[d] as ItemState);
      const waitingFor = [...deps, ...item.after.map((a) => state.items[a] as ItemState)];
      if (waitingFor.some((d) => d.status === "pending" || isOpen(d))) continue;
      changed = true;
      // A report still goes out when a source failed: it says which source failed and why.
      const blocker = item.kind === "report" ? undefined : deps.find(blocks);
      if (blocker) {
        skip(run, itemState, "dependency_not_completed", `${blocker.itemId} ${blocker.status}`);
        if (item.rejectionFails === "case") return item.id;
      } else if (item.condition && !evaluatePredicate(item.condition, caseScope(state))) {
        skip(run, itemState, "condition_false", "condition does not hold");
      } else if (item.kind === "report") {
        finishItem(itemState, "completed", run.at, { outputs: assembleReport(item, state) });
        run.timeline("item_completed", {
          itemId: item.id,
          department: item.department,
          detail: "assembled by the platform",
        });
        run.notify("item_completed", { itemId: item.id });
      } else {
        dispatch(run, state, item, itemState);
      }
    }
  }
  return undefined;
}

function skip(
  run: Run,
  itemState: ItemState,
  reason: NonNullable<ItemState["skipReason"]>,
  detail: string,
): void {
  itemState.status = "skipped";
  itemState.skipReason = reason;
  itemState.finishedAt = run.at;
  run.timeline("item_skipped", {
    itemId: itemState.itemId,
    department: itemState.department,
    detail: `${reason}: ${detail}`,
  });
}

/** Sends the item (its next attempt) to its department with only its declared inputs and a fresh deadline. */
export function dispatch(run: Run, state: OpenCase, item: Item, itemState: ItemState): void {
  // Never throws: where no calendar can count the time limit, the item goes out without a deadline, flagged.
  const deadline = run.calendar.deadline(run.now, item.timeLimitWorkingDays);
  itemState.status = "dispatched";
  itemState.attempt += 1;
  itemState.dispatchedAt = run.at;
  setDeadline(itemState, deadline);
  itemState.overdue = false;
  delete itemState.requested;
  const where = { itemId: item.id, department: item.department, attempt: itemState.attempt };
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
    itemId: item.id,
    department: item.department,
    attempt: itemState.attempt,
    ...(deadline ? { dueAt: deadline.dueAt } : {}),
    dueProvisional: deadline?.provisional ?? false,
    inputs: declaredInputs(item, state),
    ...(itemState.supplement ? { supplement: itemState.supplement } : {}),
  });
}

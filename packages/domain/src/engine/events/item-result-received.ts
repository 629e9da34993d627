import { checkAnswer } from "../answer.ts";
import { closeAll, finish, refreshStatus } from "../close.ts";
import { setDeadline } from "../deadlines.ts";
import { emitOnCompletion } from "../emit.ts";
import type { Ignored } from "../ignored.ts";
import { finishItem } from "../items.ts";
import { makeOffers } from "../offers.ts";
import type { Run } from "../run.ts";
import { advance } from "../scheduler.ts";
import type { ItemResult, ItemResultReceived, ItemState, OpenCase } from "../types.ts";

/** A department's answer: the item completes, is rejected (perhaps failing the case) or waits for the applicant. */
export function receiveResult(run: Run, state: OpenCase, event: ItemResultReceived): Ignored {
  const checked = checkAnswer(state, run.bundle, event);
  if (!checked.ok) return { reason: checked.problem.reason, detail: checked.problem.detail };
  const { item, itemState, result } = checked;
  const where = { itemId: itemState.itemId, department: itemState.department, attempt: itemState.attempt };
  switch (result.outcome) {
    case "completed": {
      finishItem(itemState, "completed", run.at, { outputs: result.outputs });
      const unsent = emitOnCompletion(run, state, item, itemState);
      run.timeline("item_completed", unsent ? { ...where, detail: unsent } : where);
      makeOffers(run, state, item, itemState);
      run.notify("item_completed", { itemId: itemState.itemId });
      break;
    }
    case "rejected": {
      finishItem(itemState, "rejected", run.at, { reason: result.reason });
      run.timeline("item_rejected", { ...where, detail: result.reason });
      run.notify("item_rejected", { itemId: itemState.itemId, detail: result.reason });
      if (item.rejectionFails === "case") {
        closeAll(run, state, "rejected", "case_rejected");
        return undefined;
      }
      break;
    }
    case "needs_supplement": {
      requestSupplement(run, state, itemState, result);
      return undefined;
    }
    default: {
      const never: never = result;
      throw new Error(`unhandled outcome ${(never as { outcome: string }).outcome}`);
    }
  }
  finish(run, state, advance(run, state));
  return undefined;
}

function requestSupplement(
  run: Run,
  state: OpenCase,
  itemState: ItemState,
  result: Extract<ItemResult, { outcome: "needs_supplement" }>,
): void {
  itemState.status = "awaiting_supplement";
  itemState.reason = result.reason;
  itemState.requested = result.requested;
  itemState.overdue = false;
  delete itemState.escalateAgainAt;
  // The committed time limit stops while the applicant owes material; it restarts on re-dispatch.
  setDeadline(itemState, undefined, false);
  run.timeline("supplement_requested", {
    itemId: itemState.itemId,
    department: itemState.department,
    attempt: itemState.attempt,
    detail: `${result.reason} (${result.requested.map((r) => r.field).join(", ")})`,
  });
  refreshStatus(state);
  run.notify("supplement_requested", { itemId: itemState.itemId, detail: result.reason });
}

import { evaluatePredicate } from "../bundle/predicate.ts";
import type { Item } from "../bundle/schema.ts";
import { dispatch } from "./dispatch.ts";
import { emitOnCompletion } from "./emit.ts";
import { expand, settle } from "./for-each.ts";
import { caseScope } from "./inputs.ts";
import { blocks, finishItem, isUnfinished } from "./items.ts";
import { makeOffers } from "./offers.ts";
import { assembleReport } from "./report.ts";
import type { Run } from "./run.ts";
import type { ItemState, OpenCase } from "./types.ts";
import { startWait } from "./wait.ts";

/**
 * Dispatches, skips, expands or assembles every item whose predecessors have all finished (and finishes every
 * for-each item whose instances have), until nothing changes.
 * Returns the id of a case-fatal item that can no longer happen (a dependency of it failed), if any.
 */
export function advance(run: Run, state: OpenCase): string | undefined {
  let changed = true;
  while (changed) {
    changed = false;
    for (const item of run.bundle.items) {
      const itemState = state.items[item.id];
      if (itemState?.status === "running") {
        if (settle(run, state, itemState)) changed = true;
        continue;
      }
      if (itemState?.status !== "pending") continue;
      // What the registry handles is settled at once: the family need not wait for the certificates to see it.
      const handled = registryHandles(state, item);
      if (handled) {
        changed = true;
        skip(run, itemState, "registry_handles", handled);
        continue;
      }
      const deps = item.dependsOn.map((d) => state.items[d] as ItemState);
      const waitingFor = [...deps, ...item.after.map((a) => state.items[a] as ItemState)];
      if (waitingFor.some(isUnfinished)) continue;
      changed = true;
      // A report still goes out when a source failed: it says which source failed and why.
      const blocker = item.kind === "report" ? undefined : deps.find(blocks);
      if (blocker) {
        skip(run, itemState, "dependency_not_completed", `${blocker.itemId} ${blocker.status}`, {
          itemId: blocker.itemId,
          itemStatus: blocker.status,
        });
        if (item.rejectionFails === "case") return item.id;
      } else if (item.condition && !evaluatePredicate(item.condition, caseScope(state))) {
        skip(run, itemState, "condition_false", "condition does not hold");
      } else if (item.kind === "report") {
        finishItem(itemState, "completed", run.at, { outputs: assembleReport(item, state) });
        const unsent = emitOnCompletion(run, state, item, itemState);
        run.timeline("item_completed", {
          itemId: item.id,
          department: item.department,
          detail: unsent ? `assembled by the platform; ${unsent}` : "assembled by the platform",
        });
        makeOffers(run, state, item, itemState);
        run.notify("item_completed", { itemId: item.id });
      } else if (item.kind === "wait") {
        startWait(run, state, item, itemState);
      } else if (item.forEach) {
        if (!expand(run, state, item, item.forEach, itemState)) {
          skip(run, itemState, "no_elements", `${item.forEach.field} has no element`);
        }
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
  blocker: { itemId: string; itemStatus: string } | undefined = undefined,
): void {
  itemState.status = "skipped";
  itemState.skipReason = reason;
  itemState.finishedAt = run.at;
  run.timeline("item_skipped", {
    itemId: itemState.itemId,
    department: itemState.department,
    detail: `${reason}: ${detail}`,
    skip: { reason, ...blocker },
  });
}

/**
 * A stop item (`entitlements.ends`) any of whose benefits the submission's registry snapshot lists is handled by
 * the registry (a benefit-stop case or the department's roster): the detail names them, and the stop case.
 */
function registryHandles(state: OpenCase, item: Item): string | undefined {
  const ends = item.entitlements?.ends ?? [];
  const listed = (state.registry?.entitlements ?? []).filter((e) => ends.includes(e.benefit));
  if (listed.length === 0) return undefined;
  return listed.map((e) => `${e.benefit} ${e.status}${e.stopCaseId ? ` in ${e.stopCaseId}` : ""}`).join(", ");
}

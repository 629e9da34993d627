import { itemDefinition } from "../bundle/for-each.ts";
import type { Bundle, Item } from "../bundle/schema.ts";
import { setDeadline } from "./deadlines.ts";
import { type CaseState, type ItemState, OPEN_ITEM_STATUSES } from "./types.ts";

/** A department holds the item, or the applicant owes it material. */
export function isOpen(s: ItemState): boolean {
  return OPEN_ITEM_STATUSES.includes(s.status);
}

/**
 * Not finished yet: waiting to start, held somewhere, (a for-each item) with instances under way, or (a wait)
 * waiting for its event.
 */
export function isUnfinished(s: ItemState): boolean {
  return s.status === "pending" || s.status === "running" || s.status === "waiting" || isOpen(s);
}

/**
 * A finished dependency that did not happen, so its dependents cannot either (a wait that timed out included:
 * items that go on without it name it in `after`).
 */
export function blocks(s: ItemState): boolean {
  return (
    s.status === "rejected" ||
    s.status === "cancelled" ||
    s.skipReason === "dependency_not_completed" ||
    s.skipReason === "wait_timed_out"
  );
}

/**
 * The item an event names, with its state, provided the event is about its current attempt: an answer, a
 * supplement or an overdue for an earlier attempt is stale (the item was re-dispatched since).
 */
export function currentAttempt(
  bundle: Bundle,
  state: CaseState,
  itemId: string,
  attempt: number,
): { item: Item; itemState: ItemState } | { reason: "unknown_item" | "stale_attempt"; detail: string } {
  const item = itemDefinition(bundle, itemId);
  const itemState = state.items[itemId];
  if (!item || !itemState)
    return { reason: "unknown_item", detail: `no item ${itemId} in ${state.bundleId}` };
  // Only its instances are ever dispatched: nothing can answer, supplement or be late for the for-each item itself.
  if (item.forEach && itemState.forEachOf === undefined) {
    return {
      reason: "unknown_item",
      detail: `item ${itemId} runs for each element; name one of its instances`,
    };
  }
  if (attempt !== itemState.attempt) {
    return {
      reason: "stale_attempt",
      detail: `item ${itemId} is on attempt ${itemState.attempt}, not ${attempt}`,
    };
  }
  return { item, itemState };
}

/** Ends an item's work at `at`: its clock stops and it is no longer overdue. */
export function finishItem(
  itemState: ItemState,
  status: "completed" | "rejected",
  at: string,
  extra: { outputs?: Record<string, unknown>; reason?: string },
): void {
  itemState.status = status;
  itemState.finishedAt = at;
  itemState.overdue = false;
  delete itemState.escalateAgainAt;
  setDeadline(itemState, undefined, false);
  if (extra.outputs) itemState.outputs = extra.outputs;
  if (extra.reason) itemState.reason = extra.reason;
}

/**
 * Every item state of a case with its definition, in the bundle's order, each for-each item followed by its
 * instances (which share its definition).
 */
export function statesWithDefinitions(
  bundle: Bundle,
  state: CaseState,
): { item: Item; itemState: ItemState }[] {
  return bundle.items.flatMap((item) => {
    const itemState = state.items[item.id];
    if (!itemState) return [];
    const instances = (itemState.instances ?? []).flatMap((id) => {
      const s = state.items[id];
      return s ? [{ item, itemState: s }] : [];
    });
    return [{ item, itemState }, ...instances];
  });
}

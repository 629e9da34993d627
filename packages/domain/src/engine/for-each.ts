import { instanceId, listElements } from "../bundle/for-each.ts";
import type { ForEach, Item } from "../bundle/schema.ts";
import { dispatch } from "./dispatch.ts";
import { finishItem, isUnfinished } from "./items.ts";
import type { Run } from "./run.ts";
import type { ItemState, OpenCase } from "./types.ts";

/**
 * A ready for-each item runs: one instance per element of its list (`<item id>--<key>`, at the element's
 * department or the item's), each dispatched like any task, and the item itself `running` until they finish.
 * Returns false, changing nothing, when the list has no element.
 */
export function expand(
  run: Run,
  state: OpenCase,
  item: Item,
  forEach: ForEach,
  itemState: ItemState,
): boolean {
  const elements = listElements(state.application.answers, forEach);
  if (elements.length === 0) return false;
  itemState.status = "running";
  itemState.instances = [];
  for (const element of elements) {
    // The form guarantees a unique slug key and, with a department field, one of the catalogue's departments.
    const key = String(element[forEach.key]);
    const instance: ItemState = {
      itemId: instanceId(item.id, key),
      department: forEach.department ? String(element[forEach.department]) : item.department,
      status: "pending",
      attempt: 0,
      escalations: 0,
      forEachOf: item.id,
      element: key,
    };
    state.items[instance.itemId] = instance;
    itemState.instances.push(instance.itemId);
    dispatch(run, state, item, instance);
  }
  return true;
}

/**
 * A running for-each item finishes once every instance has: completed if all completed, else rejected (naming
 * the instances that were not). Returns whether it finished.
 */
export function settle(run: Run, state: OpenCase, itemState: ItemState): boolean {
  const instances = (itemState.instances ?? []).flatMap((id) => state.items[id] ?? []);
  if (instances.some(isUnfinished)) return false;
  const failed = instances.filter((s) => s.status !== "completed").map((s) => s.itemId);
  const where = { itemId: itemState.itemId, department: itemState.department };
  if (failed.length === 0) {
    finishItem(itemState, "completed", run.at, {});
    run.timeline("item_completed", { ...where, detail: `all ${instances.length} instances completed` });
  } else {
    const reason = `not completed: ${failed.join(", ")}`;
    finishItem(itemState, "rejected", run.at, { reason });
    run.timeline("item_rejected", { ...where, detail: reason });
  }
  return true;
}

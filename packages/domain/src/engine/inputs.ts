import { readField } from "../bundle/application.ts";
import { elementByKey } from "../bundle/for-each.ts";
import type { PredicateScope } from "../bundle/predicate.ts";
import type { Item } from "../bundle/schema.ts";
import type { CaseState, ItemInputs, ItemState } from "./types.ts";

/** What a case offers conditions and inputs: form fields, and outputs of items that completed (nothing else). */
export function caseScope(state: CaseState): PredicateScope {
  return {
    field: (ref) => readField(state.application, ref),
    output: (ref) => {
      const [itemId = "", name = ""] = ref.split(".");
      const s = state.items[itemId];
      return s?.status === "completed" ? s.outputs?.[name] : undefined;
    },
  };
}

/**
 * Only what the item declares; nothing else of the application leaves the platform. An instance of a for-each
 * item (`itemState.element`) gets its item's inputs without the list, and its own element's fields as
 * `element.<name>`: a department never sees the other elements.
 * @example declaredInputs(item, state, state.items["benefit-stop--dibao"]).fields["element.department"]
 */
export function declaredInputs(
  item: Item,
  state: CaseState,
  itemState?: Pick<ItemState, "element">,
): ItemInputs {
  const scope = caseScope(state);
  const pick = (refs: readonly string[], read: (ref: string) => unknown) => {
    const out: Record<string, unknown> = {};
    for (const ref of refs) {
      const value = read(ref);
      if (value !== undefined) out[ref] = value;
    }
    return out;
  };
  const { forEach } = item;
  const fieldRefs = forEach ? item.inputs.fields.filter((r) => r !== forEach.field) : item.inputs.fields;
  const fields = pick(fieldRefs, scope.field);
  if (forEach && itemState?.element !== undefined) {
    const element = elementByKey(state.application.answers, forEach, itemState.element) ?? {};
    for (const [name, value] of Object.entries(element)) fields[`element.${name}`] = value;
  }
  return { fields, outputs: pick(item.inputs.outputs, scope.output) };
}

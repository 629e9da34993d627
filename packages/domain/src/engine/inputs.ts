import { readField } from "../bundle/application.ts";
import type { PredicateScope } from "../bundle/predicate.ts";
import type { Item } from "../bundle/schema.ts";
import type { CaseState, ItemInputs } from "./types.ts";

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

/** Only what the item declares; nothing else of the application leaves the platform. */
export function declaredInputs(item: Item, state: CaseState): ItemInputs {
  const scope = caseScope(state);
  const pick = (refs: readonly string[], read: (ref: string) => unknown) => {
    const out: Record<string, unknown> = {};
    for (const ref of refs) {
      const value = read(ref);
      if (value !== undefined) out[ref] = value;
    }
    return out;
  };
  return { fields: pick(item.inputs.fields, scope.field), outputs: pick(item.inputs.outputs, scope.output) };
}

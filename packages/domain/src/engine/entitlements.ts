import { readField } from "../bundle/application.ts";
import { elementByKey } from "../bundle/for-each.ts";
import type { Bundle, Item } from "../bundle/schema.ts";
import { type CaseState, type ItemState, OPEN_ITEM_STATUSES } from "./types.ts";

/**
 * One change to the case subject's entitlements that a step of the case made: `grant` (now active), `stopping`
 * (a stop went out), `end` (stopped), `restore` (a stop was refused or cancelled: active again).
 */
export interface EntitlementChange {
  benefit: string;
  department: string;
  change: "grant" | "stopping" | "end" | "restore";
  itemId: string;
  /** The case subject: the identity its `caseSubject` names, and the same section's `name` field if any. */
  holder: { idNumber: string; name?: string };
}

type ChangeKind = EntitlementChange["change"];

/** What one item state's move from `before` to `after` means for the benefits it grants and ends. */
function kindsOf(
  before: ItemState["status"],
  after: ItemState["status"],
): { grants: ChangeKind[]; ends: ChangeKind[] } {
  if (before === after) return { grants: [], ends: [] };
  const fromPending = before === "pending";
  if (after === "dispatched") return { grants: [], ends: fromPending ? ["stopping"] : [] };
  // A step that both dispatched and completed (a coarse diff) still stops before it ends.
  if (after === "completed") return { grants: ["grant"], ends: fromPending ? ["stopping", "end"] : ["end"] };
  const wasOpen = OPEN_ITEM_STATUSES.includes(before);
  if (wasOpen && (after === "rejected" || after === "cancelled")) return { grants: [], ends: ["restore"] };
  return { grants: [], ends: [] };
}

/** The benefits an item state ends: an instance's is its element's `endsElement` value, at its department. */
function endedBenefits(item: Item, state: CaseState, itemState: ItemState): string[] {
  const declared = item.entitlements;
  if (!declared) return [];
  if (declared.endsElement === undefined || !item.forEach || itemState.element === undefined)
    return declared.ends;
  const element = elementByKey(state.application.answers, item.forEach, itemState.element);
  const benefit = element?.[declared.endsElement];
  return typeof benefit === "string" ? [...declared.ends, benefit] : declared.ends;
}

/** The case subject's identity and name, or undefined for a bundle without a case subject. */
function holderOf(bundle: Bundle, state: CaseState): EntitlementChange["holder"] | undefined {
  const ref = bundle.caseSubject?.field;
  if (!ref) return undefined;
  const idNumber = readField(state.application, ref);
  if (typeof idNumber !== "string") return undefined;
  const name = readField(state.application, `${ref.slice(0, ref.indexOf("."))}.name`);
  return typeof name === "string" ? { idNumber, name } : { idNumber };
}

/**
 * The entitlement changes between two states of one case (`previous` undefined: the case was just submitted), per
 * item and per for-each instance, in the bundle's order. Pure: the store applies them to the subject registry.
 * @example entitlementChangesOf(bundle, before, after) // [{ benefit: "dibao", change: "stopping", … }]
 */
export function entitlementChangesOf(
  bundle: Bundle,
  previous: CaseState | undefined,
  next: CaseState,
): EntitlementChange[] {
  const holder = holderOf(bundle, next);
  if (!holder) return [];
  const changes: EntitlementChange[] = [];
  for (const item of bundle.items) {
    if (!item.entitlements) continue;
    const own = next.items[item.id];
    // A for-each item's own state is an aggregate: its instances carry the changes.
    const states = item.forEach
      ? (own?.instances ?? []).flatMap((id) => next.items[id] ?? [])
      : own
        ? [own]
        : [];
    for (const itemState of states) {
      const before = previous?.items[itemState.itemId]?.status ?? "pending";
      const kinds = kindsOf(before, itemState.status);
      const add = (benefits: readonly string[], change: ChangeKind) => {
        for (const benefit of benefits) {
          changes.push({
            benefit,
            department: itemState.department,
            change,
            itemId: itemState.itemId,
            holder,
          });
        }
      };
      for (const change of kinds.grants) add(item.entitlements.grants, change);
      const ended = kinds.ends.length > 0 ? endedBenefits(item, next, itemState) : [];
      for (const change of kinds.ends) add(ended, change);
    }
  }
  return changes;
}

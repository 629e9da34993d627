import type { Catalogue } from "../bundle/catalogue.ts";
import { casePlaceOf, officeAt } from "./places.ts";
import type { CaseState, EscalationTarget, ItemState } from "./types.ts";

/** How many working days a still-overdue item waits for its second escalation, unless its department says. */
export const SECOND_ESCALATION_WORKING_DAYS = 2;

/**
 * The office that supervises `department`'s office at `jurisdiction` (docs/task-status.md):
 * 1. `up`: the department's own office one level up the jurisdiction tree (the nearest ancestor at a level where it
 *    has offices; any ancestor when it declares no levels);
 * 2. `supervisor`: with none above, the department's configured supervisor (`escalation.supervisor` in the
 *    registry) at its office over that jurisdiction;
 * 3. `undefined`: none (the top office of a department without a supervisor).
 */
export function supervisingOffice(
  catalogue: Catalogue,
  department: string,
  jurisdiction: string,
): Omit<EscalationTarget, "level" | "at"> | undefined {
  const tree = catalogue.places;
  if (!tree.has(jurisdiction)) return undefined;
  const registered = catalogue.departments.get(department);
  const levels = registered?.offices as readonly string[] | undefined;
  const above = tree.ancestors(jurisdiction).slice(0, -1).reverse();
  const up = levels ? above.find((j) => levels.includes(j.level)) : above[0];
  if (up) return { department, jurisdiction: up.code, path: up.path, rule: "up" };
  const supervisor = registered?.escalation?.supervisor;
  if (supervisor === undefined || !catalogue.departments.has(supervisor)) return undefined;
  const office = officeAt(catalogue, supervisor, jurisdiction);
  return { department: supervisor, jurisdiction: office.code, path: office.path, rule: "supervisor" };
}

/** The working days a department's still-overdue item waits before it is escalated again. */
export const secondEscalationDays = (catalogue: Catalogue, department: string): number =>
  catalogue.departments.get(department)?.escalation?.secondAfterWorkingDays ?? SECOND_ESCALATION_WORKING_DAYS;

/** The office holding an item: its recorded one, or (older than places) its department's over the case place. */
export function heldOffice(
  catalogue: Catalogue,
  state: CaseState,
  itemState: ItemState,
): { jurisdiction: string; path: string } {
  if (itemState.office) return { jurisdiction: itemState.office.jurisdiction, path: itemState.office.path };
  const office = officeAt(catalogue, itemState.department, casePlaceOf(catalogue, state).code);
  return { jurisdiction: office.code, path: office.path };
}

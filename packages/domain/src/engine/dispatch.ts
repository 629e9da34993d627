import type { Catalogue } from "../bundle/catalogue.ts";
import type { Item } from "../bundle/schema.ts";
import { setDeadline } from "./deadlines.ts";
import { declaredInputs } from "./inputs.ts";
import { casePlaceOf, competentOffice, officeAt } from "./places.ts";
import type { Run } from "./run.ts";
import type { CaseState, DispatchItem, ItemState, OpenCase } from "./types.ts";

/**
 * Sends the item (its next attempt) to its department with only its declared inputs and a fresh deadline. For an
 * instance, `item` is its for-each item and the department is the instance's own. The first dispatch fixes the
 * item's competent office (and, for a delegated approval or a cross-province hand-off, its department).
 */
export function dispatch(run: Run, state: OpenCase, item: Item, itemState: ItemState): void {
  // Never throws: where no calendar can count the time limit, the item goes out without a deadline, flagged.
  const deadline = run.calendar.deadline(run.now, item.timeLimitWorkingDays);
  const first = itemState.office === undefined;
  if (!itemState.office) {
    const { office, department } = competentOffice(
      run.catalogue,
      run.bundle,
      state,
      item,
      itemState,
      run.now,
    );
    itemState.office = office;
    itemState.department = department;
  }
  const office = itemState.office;
  itemState.status = "dispatched";
  itemState.attempt += 1;
  itemState.dispatchedAt = run.at;
  setDeadline(itemState, deadline);
  itemState.overdue = false;
  delete itemState.escalateAgainAt;
  delete itemState.escalatedTo;
  delete itemState.progress;
  delete itemState.requested;
  const where = { itemId: itemState.itemId, department: itemState.department, attempt: itemState.attempt };
  run.timeline("item_dispatched", {
    ...where,
    office: office.jurisdiction,
    detail: `to ${itemState.department} at ${office.jurisdiction} (${office.rule})`,
  });
  if (first && office.handoff)
    run.timeline("item_handed_off", {
      ...where,
      office: office.jurisdiction,
      handoff: { ...office.handoff },
      detail: `for ${office.handoff.department} at ${office.handoff.place}`,
    });
  if (!deadline)
    run.timeline("item_deadline_unavailable", {
      ...where,
      detail: `no working-day calendar covers ${item.timeLimitWorkingDays} working days from ${run.at}`,
      deadline: { provisional: false, workingDays: item.timeLimitWorkingDays },
    });
  run.emit({
    type: "DispatchItem",
    caseId: state.caseId,
    ...where,
    ...(deadline ? { dueAt: deadline.dueAt } : {}),
    dueProvisional: deadline?.provisional ?? false,
    inputs: declaredInputs(item, state, itemState),
    ...(itemState.supplement ? { supplement: itemState.supplement } : {}),
    ...dispatchPlace(run.catalogue, state, item, itemState),
  });
}

/**
 * The place part of a `DispatchItem`: the office, the hand-off, the profile's parameters for the item. An item
 * dispatched before places were recorded is at its department's office over the case place (the default place).
 */
export function dispatchPlace(
  catalogue: Catalogue,
  state: CaseState,
  item: Item,
  itemState: ItemState,
): Pick<DispatchItem, "office" | "handoff" | "parameters"> {
  const recorded = itemState.office;
  const office = recorded
    ? { jurisdiction: recorded.jurisdiction, path: recorded.path }
    : (({ code, path }) => ({ jurisdiction: code, path }))(
        officeAt(catalogue, itemState.department, casePlaceOf(catalogue, state).code),
      );
  const parameters = state.profile?.parameters[item.id];
  return {
    office,
    ...(recorded?.handoff ? { handoff: { ...recorded.handoff } } : {}),
    ...(parameters ? { parameters: structuredClone(parameters) } : {}),
  };
}

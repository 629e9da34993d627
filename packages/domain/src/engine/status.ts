import type { Catalogue } from "../bundle/catalogue.ts";
import type { Bundle } from "../bundle/schema.ts";
import { withinScope } from "../places/jurisdictions.ts";
import { type AnswerProblem, checkHeld } from "./answer.ts";
import { dispatchPlace } from "./dispatch.ts";
import { type Ignored, ignore } from "./ignored.ts";
import { declaredInputs } from "./inputs.ts";
import { casePlaceOf } from "./places.ts";
import type { Run } from "./run.ts";
import { heldOffice } from "./supervisor.ts";
import type { CaseState, ItemState, ItemStatusReported, ItemTransferRequested, OpenCase } from "./types.ts";

/**
 * A department's `accepted` / `in_progress` report on the attempt it holds: kept on the item (`progress`) and in the
 * timeline. Idempotent: the same report again, or `accepted` after `in_progress`, changes nothing
 * (`status_unchanged`); a new expected date is a new report. After the result the item is no longer held
 * (`item_not_open`), and a report for an earlier attempt is stale.
 */
export function reportStatus(run: Run, state: OpenCase, event: ItemStatusReported): Ignored {
  const held = checkHeld(state, run.bundle, event);
  if (!held.ok) return { reason: held.problem.reason, detail: held.problem.detail };
  const { itemState } = held;
  const before = itemState.progress;
  if (before?.status === event.status && before.expectedBy === event.expectedBy)
    return ignore("status_unchanged", `item ${itemState.itemId} is already ${event.status}`);
  if (before?.status === "in_progress" && event.status === "accepted")
    return ignore("status_unchanged", `item ${itemState.itemId} is already in progress`);
  const expected = event.expectedBy === undefined ? {} : { expectedBy: event.expectedBy };
  itemState.progress = { status: event.status, at: run.at, ...expected };
  run.timeline(event.status === "accepted" ? "item_accepted" : "item_in_progress", {
    itemId: itemState.itemId,
    department: itemState.department,
    attempt: itemState.attempt,
    progress: { status: event.status, ...expected },
    detail: `${event.status}${event.expectedBy ? ` (expected by ${event.expectedBy})` : ""}`,
  });
  return undefined;
}

/**
 * Why a transfer of the held item to the office at `to` is not allowed, or undefined (docs/task-status.md): the
 * target is a jurisdiction of the tree at a level where the department has offices, not the current office, and
 * either covers the case place or the current office (an office above) or is a sibling of the current office (the
 * same parent). A cross-province hand-off (the exchange desk) is not transferred; a delegated approval only to a
 * town that holds the delegation on that day.
 */
export function transferProblem(
  catalogue: Catalogue,
  state: CaseState,
  itemState: ItemState,
  to: string,
  now: Date,
): string | undefined {
  const tree = catalogue.places;
  const target = tree.find(to);
  if (!target) return `no place ${to} in the jurisdiction tree`;
  if (itemState.office?.rule === "exchange") return "a cross-province hand-off is not transferred";
  const current = heldOffice(catalogue, state, itemState);
  if (target.code === current.jurisdiction) return `item ${itemState.itemId} is already at ${to}`;
  const levels = catalogue.departments.get(itemState.department)?.offices as readonly string[] | undefined;
  if (levels && !levels.includes(target.level))
    return `${itemState.department} has no office at the ${target.level} level`;
  const covers =
    withinScope(casePlaceOf(catalogue, state).path, target.path) || withinScope(current.path, target.path);
  const sibling = target.parent !== undefined && target.parent === tree.find(current.jurisdiction)?.parent;
  if (!covers && !sibling)
    return `${to} neither covers the case place nor is a sibling of ${current.jurisdiction}`;
  const definition = itemState.forEachOf ?? itemState.itemId;
  if (
    itemState.office?.rule === "delegated" &&
    !catalogue.delegations.holds(target.code, state.bundleId, definition, now.toISOString())
  )
    return `${to} does not hold the delegated approval of ${definition}`;
  return undefined;
}

/**
 * Why a department's status report or transfer would be ignored (the API asks before queueing it), or undefined.
 * A repeated status report is not a problem: it is accepted again and changes nothing.
 */
export function taskReportProblem(
  catalogue: Catalogue,
  state: CaseState,
  bundle: Bundle,
  report: { itemId: string; department: string; attempt: number; transferTo?: string },
  now: Date,
): AnswerProblem | undefined {
  const held = checkHeld(state, bundle, report);
  if (!held.ok) return held.problem;
  if (report.transferTo === undefined) return undefined;
  const detail = transferProblem(catalogue, state, held.itemState, report.transferTo, now);
  return detail === undefined ? undefined : { reason: "transfer_not_allowed", detail, kind: "invalid" };
}

/**
 * An office hands the held attempt to another office of its department. The deadline does not restart: the item
 * keeps its due time (and its provisional marks, its dispatch time, its overdue flag and escalations); the attempt
 * is incremented, so the old office's token no longer answers, and the new office gets the task with a new token.
 * The old office is told (`CancelItem`, reason `transferred`); any status report is cleared.
 */
export function transferItem(run: Run, state: OpenCase, event: ItemTransferRequested): Ignored {
  const held = checkHeld(state, run.bundle, event);
  if (!held.ok) return { reason: held.problem.reason, detail: held.problem.detail };
  const { item, itemState } = held;
  const problem = transferProblem(run.catalogue, state, itemState, event.to, run.now);
  if (problem) return ignore("transfer_not_allowed", problem);
  const from = heldOffice(run.catalogue, state, itemState);
  const target = run.catalogue.places.node(event.to);
  const to = { jurisdiction: target.code, path: target.path };
  const previousAttempt = itemState.attempt;
  itemState.office = { ...(itemState.office ?? { rule: "case" }), ...to };
  itemState.attempt += 1;
  delete itemState.progress;
  const reason = event.reason === undefined ? {} : { reason: event.reason };
  itemState.transfers = [
    ...(itemState.transfers ?? []),
    { from, to, at: run.at, attempt: itemState.attempt, ...reason },
  ];
  const where = { itemId: itemState.itemId, department: itemState.department, attempt: itemState.attempt };
  run.timeline("item_transferred", {
    ...where,
    office: to.jurisdiction,
    transfer: { from: from.jurisdiction, to: to.jurisdiction },
    // The reason is the office's free text: kept on the item's `transfers`, not copied into the timeline.
    detail: `from ${from.jurisdiction} to ${to.jurisdiction}`,
  });
  run.emit({
    type: "CancelItem",
    caseId: state.caseId,
    itemId: itemState.itemId,
    department: itemState.department,
    attempt: previousAttempt,
    reason: "transferred",
    office: from,
    transferredTo: to,
  });
  run.emit({
    type: "DispatchItem",
    caseId: state.caseId,
    ...where,
    ...(itemState.dueAt ? { dueAt: itemState.dueAt } : {}),
    dueProvisional: itemState.dueProvisional === true,
    inputs: declaredInputs(item, state, itemState),
    ...(itemState.supplement ? { supplement: itemState.supplement } : {}),
    ...dispatchPlace(run.catalogue, state, item, itemState),
    transferredFrom: from,
  });
  return undefined;
}

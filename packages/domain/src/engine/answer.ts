import { type FieldIssue, validateOutputs } from "../bundle/application.ts";
import type { Bundle, Item } from "../bundle/schema.ts";
import type { RefusalKind } from "../refusal.ts";
import { describeIssues } from "./ignored.ts";
import { currentAttempt } from "./items.ts";
import { type CaseState, type IgnoreReason, type ItemResult, type ItemState, isClosed } from "./types.ts";

/** A department's answer to one attempt of one item, as the API and the results queue receive it. */
export interface ItemAnswer {
  itemId: string;
  /** The department that answers (from its authenticated task token). */
  department: string;
  attempt: number;
  result: ItemResult;
}

export type AnswerProblemReason = Extract<
  IgnoreReason,
  | "case_closed"
  | "unknown_item"
  | "stale_attempt"
  | "wrong_department"
  | "item_not_open"
  | "invalid_outputs"
  | "transfer_not_allowed"
>;

/**
 * Why an answer cannot apply: the engine's ignore reason and detail, the refusal kind a transport acts on, and
 * for `invalid_outputs` the fields at fault.
 */
export interface AnswerProblem {
  reason: AnswerProblemReason;
  detail: string;
  kind: RefusalKind;
  issues?: readonly FieldIssue[];
}

/**
 * An item the case does not have cannot be this department's task, so it is refused like another department's
 * (a task token is signed for one case, item and department). The rest is the world having moved on, or bad data.
 */
const KINDS: Record<AnswerProblemReason, RefusalKind> = {
  case_closed: "superseded",
  unknown_item: "forbidden",
  wrong_department: "forbidden",
  stale_attempt: "superseded",
  item_not_open: "superseded",
  invalid_outputs: "invalid",
  transfer_not_allowed: "invalid",
};

const problem = (
  reason: AnswerProblemReason,
  detail: string,
  issues?: readonly FieldIssue[],
): { ok: false; problem: AnswerProblem } => ({
  ok: false,
  problem: { reason, detail, kind: KINDS[reason], ...(issues ? { issues } : {}) },
});

/** The outcome of `checkAnswer`: the item and its state with the result as it applies, or the problem. */
export type AnswerCheck =
  | { ok: true; item: Item; itemState: ItemState; result: ItemResult }
  | { ok: false; problem: AnswerProblem };

/**
 * Every check an answer must pass before it applies, in the engine's order: the case is open, the item exists,
 * the answer is for its current attempt, from its department, while the department holds it, and completed
 * outputs match the item's declaration (the returned result carries them as validated).
 */
export function checkAnswer(state: CaseState, bundle: Bundle, answer: ItemAnswer): AnswerCheck {
  const held = checkHeld(state, bundle, answer);
  if (!held.ok) return held;
  const { item, itemState } = held;
  if (answer.result.outcome !== "completed") return { ok: true, item, itemState, result: answer.result };
  const outputs = validateOutputs(item, answer.result.outputs);
  if (!outputs.ok) return problem("invalid_outputs", describeIssues(outputs.issues), outputs.issues);
  return { ok: true, item, itemState, result: { outcome: "completed", outputs: outputs.value } };
}

/**
 * The checks every word of a department on a task passes (an answer, a status report, a transfer): the case is
 * open, the item exists, the word is for its current attempt, from its department, while the department holds it.
 */
export function checkHeld(
  state: CaseState,
  bundle: Bundle,
  task: Pick<ItemAnswer, "itemId" | "department" | "attempt">,
): { ok: true; item: Item; itemState: ItemState } | { ok: false; problem: AnswerProblem } {
  if (isClosed(state)) return problem("case_closed", `case is already ${state.status}`);
  const found = currentAttempt(bundle, state, task.itemId, task.attempt);
  if ("reason" in found) return problem(found.reason, found.detail);
  const { item, itemState } = found;
  if (task.department !== itemState.department) {
    return problem(
      "wrong_department",
      `item ${itemState.itemId} belongs to ${itemState.department}, not ${task.department}`,
    );
  }
  if (itemState.status !== "dispatched")
    return problem("item_not_open", `item ${itemState.itemId} is ${itemState.status}`);
  return { ok: true, item, itemState };
}

/**
 * Why a department's answer would be ignored by the engine, or `undefined` when it applies: the same checks
 * `decide` makes on `ItemResultReceived`, for refusing an answer before it is queued.
 * @example
 * const problem = answerProblem(state, catalogue.bundle(state.bundleId, state.bundleVersion), {
 *   itemId: "household", department: "public-security", attempt: 1, result: { outcome: "completed", outputs: {} },
 * });
 * if (problem) throw new RefusalError(problem.kind, problem.reason, problem.detail, problem.issues);
 */
export function answerProblem(
  state: CaseState,
  bundle: Bundle,
  answer: ItemAnswer,
): AnswerProblem | undefined {
  const checked = checkAnswer(state, bundle, answer);
  return checked.ok ? undefined : checked.problem;
}

import { ForbiddenError, type Principal, type TaskTokens } from "@onething/auth";
import {
  SupplementBodySchema,
  type TaskResultBody,
  TaskResultBodySchema,
  toCaseEventMessage,
  WithdrawBodySchema,
} from "@onething/contracts";
import {
  type CaseState,
  type Filer,
  type ItemResult,
  isClosed,
  toFieldIssues,
  validateOutputs,
  validateSupplement,
} from "@onething/domain";
import { assertActsForApplicant } from "./access.ts";
import { type ApplyDeps, applyCaseEvent } from "./apply-event.ts";
import { canonicalJson } from "./canonical-json.ts";
import { AlreadyAnsweredError, RequestRefusedError, validationFailed } from "./errors.ts";
import { ORCHESTRATOR_QUEUE } from "./ports.ts";
import type { IdempotencyRepository } from "./submit.ts";

async function loadCase(deps: ApplyDeps, caseId: string): Promise<CaseState> {
  const stored = await deps.cases.getCase(caseId);
  if (!stored) throw new RequestRefusedError(404, "unknown_case", `no case ${caseId}`);
  return stored.state;
}

/** Who withdrew: past `assertActsForApplicant`, the applicant (a citizen) or the filing clerk. */
const filerOf = (p: Principal): Filer =>
  p.role === "clerk" ? { role: "clerk", id: p.subject } : { role: "citizen", id: p.subject };

const bundleOf = (deps: ApplyDeps, state: CaseState) =>
  deps.catalogue.bundle(state.bundleId, state.bundleVersion);

/** POST /v1/cases/{caseId}/supplements: checked here so the applicant hears at once what is missing. */
export async function provideSupplement(
  deps: ApplyDeps,
  caseId: string,
  body: unknown,
  principal: Principal,
  now: Date,
) {
  const parsed = SupplementBodySchema.safeParse(body);
  if (!parsed.success) throw validationFailed(toFieldIssues(parsed.error));
  const state = await loadCase(deps, caseId);
  assertActsForApplicant(principal, state, bundleOf(deps, state));
  if (isClosed(state)) throw new RequestRefusedError(409, "case_closed", `the case is ${state.status}`);
  const item = state.items[parsed.data.itemId];
  if (!item)
    throw validationFailed([
      { path: "itemId", message: `no item ${parsed.data.itemId} in this case`, code: "unknown_item" },
    ]);
  if (item.status !== "awaiting_supplement") {
    throw new RequestRefusedError(
      409,
      "nothing_requested",
      `item ${item.itemId} is not waiting for a supplement`,
    );
  }
  const bundle = deps.catalogue.bundle(state.bundleId, state.bundleVersion);
  const definition = bundle.items.find((i) => i.id === item.itemId);
  if (definition) {
    const checked = validateSupplement(bundle, definition, item.requested ?? [], parsed.data.answers);
    if (!checked.ok) throw validationFailed(checked.issues);
  }
  const outcome = await applyCaseEvent(
    deps,
    {
      type: "SupplementProvided",
      eventId: `supplement:${caseId}:${item.itemId}:${item.attempt}`,
      caseId,
      itemId: item.itemId,
      attempt: item.attempt,
      answers: parsed.data.answers,
    },
    now,
  );
  if (outcome.kind === "ignored") throw new RequestRefusedError(409, outcome.reason, outcome.detail);
  return { caseId, status: outcome.state?.status };
}

/** POST /v1/cases/{caseId}/withdraw: 409 once the case is final. */
export async function withdrawCase(
  deps: ApplyDeps,
  caseId: string,
  body: unknown,
  principal: Principal,
  now: Date,
) {
  const parsed = WithdrawBodySchema.safeParse(body);
  if (!parsed.success) throw validationFailed(toFieldIssues(parsed.error));
  const state = await loadCase(deps, caseId);
  assertActsForApplicant(principal, state, bundleOf(deps, state));
  if (isClosed(state))
    throw new RequestRefusedError(409, "case_closed", `the case is already ${state.status}`);
  const outcome = await applyCaseEvent(
    deps,
    {
      type: "CaseWithdrawn",
      eventId: `withdraw:${caseId}`,
      caseId,
      reason: parsed.data.reason,
      by: filerOf(principal),
    },
    now,
  );
  if (outcome.kind === "ignored") throw new RequestRefusedError(409, outcome.reason, outcome.detail);
  return { caseId, status: outcome.state?.status };
}

export interface ResultDeps extends ApplyDeps {
  tokens: TaskTokens;
  /** Records the first answer per task attempt (scope `task-result`). */
  idempotency: IdempotencyRepository;
  /** Hash of a text (SHA-256 hex on the platform), to tell a resent answer from a different one. */
  hash: (text: string) => string;
}

/** Idempotency scope of department answers: one record per case, item and attempt. */
export const TASK_RESULT_SCOPE = "task-result";

/**
 * A department's answer (HTTP route or results queue): verify the signed token, check it is this department's,
 * current and open, validate outputs against the item's declaration, record it as the attempt's answer, then
 * queue it for the orchestrator.
 *
 * The queued event's id is fixed per attempt (`result:<case>:<item>:<attempt>`), so only one answer per attempt
 * can ever apply. The first answer is therefore recorded with a conditional write before it is queued: the same
 * answer again (a resend, or a retry after a failed send) is queued again, harmlessly, and accepted; a different
 * answer for the same attempt — say `completed` after `needs_supplement`, before the orchestrator has applied the
 * first — is an `AlreadyAnsweredError` (409) instead of a 202 that would be silently dropped.
 */
export async function acceptTaskResult(
  deps: ResultDeps,
  taskToken: string,
  body: unknown,
  caller: { department: string } | undefined,
  now: Date,
): Promise<{ caseId: string; itemId: string; attempt: number }> {
  const claim = deps.tokens.verify(taskToken);
  if (caller && caller.department !== claim.department) {
    throw new ForbiddenError(`this task belongs to ${claim.department}`);
  }
  const parsed = TaskResultBodySchema.safeParse(body);
  if (!parsed.success) throw validationFailed(toFieldIssues(parsed.error));
  const state = await loadCase(deps, claim.caseId);
  const item = state.items[claim.itemId];
  if (!item || item.department !== claim.department)
    throw new ForbiddenError("the token does not match this case");
  if (isClosed(state)) throw new RequestRefusedError(409, "case_closed", `the case is ${state.status}`);
  if (item.attempt !== claim.attempt) {
    throw new RequestRefusedError(
      409,
      "stale_attempt",
      `item ${item.itemId} is on attempt ${item.attempt}, this token is for ${claim.attempt}`,
    );
  }
  if (item.status !== "dispatched")
    throw new RequestRefusedError(409, "item_not_open", `item ${item.itemId} is ${item.status}`);
  const result = toItemResult(parsed.data);
  if (result.outcome === "completed") {
    const definition = deps.catalogue
      .bundle(state.bundleId, state.bundleVersion)
      .items.find((i) => i.id === item.itemId);
    const outputs = definition ? validateOutputs(definition, result.outputs) : undefined;
    if (outputs && !outputs.ok) throw validationFailed(outputs.issues);
  }
  const key = `${claim.caseId}:${claim.itemId}:${claim.attempt}`;
  const answerHash = deps.hash(canonicalJson(result));
  const first = await deps.idempotency.claim(
    TASK_RESULT_SCOPE,
    key,
    { requestHash: answerHash, caseId: claim.caseId },
    now,
  );
  if (first && first.requestHash !== answerHash)
    throw new AlreadyAnsweredError(claim.caseId, claim.itemId, claim.attempt);
  const message = toCaseEventMessage(
    {
      type: "ItemResultReceived",
      eventId: `result:${claim.caseId}:${claim.itemId}:${claim.attempt}`,
      caseId: claim.caseId,
      itemId: claim.itemId,
      department: claim.department,
      attempt: claim.attempt,
      result,
    },
    now,
  );
  await deps.send([
    { queue: ORCHESTRATOR_QUEUE, body: message, groupId: claim.caseId, dedupId: message.eventId },
  ]);
  return { caseId: claim.caseId, itemId: claim.itemId, attempt: claim.attempt };
}

function toItemResult(body: TaskResultBody): ItemResult {
  switch (body.outcome) {
    case "completed":
      return { outcome: "completed", outputs: body.outputs ?? {} };
    case "rejected":
      return { outcome: "rejected", reason: body.reason ?? "" };
    case "needs_supplement":
      return { outcome: "needs_supplement", reason: body.reason ?? "", requested: body.requested ?? [] };
    default: {
      const never: never = body.outcome;
      throw new Error(`unhandled outcome ${String(never)}`);
    }
  }
}

export { applyCaseEvent };

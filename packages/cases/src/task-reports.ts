import { createHash } from "node:crypto";
import { ForbiddenError, OutOfScopeError, type TaskClaim } from "@onething/auth";
import { type TaskResultBody, toCaseEventMessage } from "@onething/contracts";
import { type CaseEvent, type CaseState, type ItemProgress, taskReportProblem } from "@onething/domain";
import type { ResultDeps } from "./answers.ts";
import { RequestRefusedError, validationFailed } from "./errors.ts";
import { loadCase } from "./load-case.ts";
import { ORCHESTRATOR_QUEUE } from "./ports.ts";

/** What a department may say before its result (docs/task-status.md): not an answer, so never "the first stands". */
export type TaskReportBody = TaskResultBody & { outcome: "accepted" | "in_progress" | "transferred" };

export const isTaskReport = (body: TaskResultBody): body is TaskReportBody =>
  body.outcome === "accepted" || body.outcome === "in_progress" || body.outcome === "transferred";

/**
 * The token's office must be the item's. A token of an office the item was transferred away from is refused with
 * `task_transferred` (409: the task went on without it); any other office's with `wrong_office` (403).
 */
export function checkTokenOffice(state: CaseState, claim: TaskClaim): void {
  const itemState = state.items[claim.itemId];
  const office = itemState?.office;
  if (!office || claim.office === undefined || claim.office === office.path) return;
  const transfer = (itemState.transfers ?? []).findLast((t) => t.from.path === claim.office);
  if (transfer)
    throw new RequestRefusedError(
      "superseded",
      "task_transferred",
      `item ${claim.itemId} was transferred to ${transfer.to.jurisdiction}; that office answers it now`,
    );
  throw new OutOfScopeError("wrong_office", `item ${claim.itemId} is held by another office`);
}

/**
 * A status report (`accepted`, `in_progress`) or a transfer on the attempt the token names: the same checks as an
 * answer's (the case open, the attempt current and held, the token's office the item's), a transfer's target by
 * the engine's rules (`transfer_not_allowed`), then queued for the orchestrator. Event ids are per attempt and
 * report (`status:<case>:<item>:<attempt>:<status>:<date>:<after>`, `transfer:<case>:<item>:<attempt>:<to>`), a
 * status report's naming the report it supersedes (`supersedes`): a resend before it applied is the same event,
 * which the engine applies once; a report after it applied is a new event, which changes nothing
 * (`status_unchanged`) when it says the same, so X, Y, then X again leaves the item at X.
 */
export async function acceptTaskReport(
  deps: ResultDeps,
  claim: TaskClaim,
  body: TaskReportBody,
  now: Date,
): Promise<void> {
  const state = await loadCase(deps, claim.caseId);
  checkTokenOffice(state, claim);
  const bundle = deps.catalogue.bundle(state.bundleId, state.bundleVersion);
  const transferTo = body.outcome === "transferred" ? body.office : undefined;
  const problem = taskReportProblem(
    deps.catalogue,
    state,
    bundle,
    { ...claim, ...(transferTo ? { transferTo } : {}) },
    now,
  );
  if (problem) {
    if (problem.kind === "forbidden") throw new ForbiddenError("the token does not match this case");
    if (problem.reason === "transfer_not_allowed")
      throw new RequestRefusedError("invalid", "transfer_not_allowed", problem.detail);
    if (problem.kind === "invalid") throw validationFailed(problem.issues ?? []);
    throw new RequestRefusedError("superseded", problem.reason, problem.detail);
  }
  const event = reportEvent(claim, body, state.items[claim.itemId]?.progress);
  const message = toCaseEventMessage(event, now);
  await deps.send([
    { queue: ORCHESTRATOR_QUEUE, body: message, groupId: claim.caseId, dedupId: message.eventId },
  ]);
  deps.log.info("department report queued", {
    caseId: claim.caseId,
    itemId: claim.itemId,
    kind: body.outcome,
  });
}

/** What a status report supersedes, for its event id: `-` (no report yet) or a digest of the item's `progress`. */
const supersedes = (progress: ItemProgress | undefined): string =>
  progress === undefined
    ? "-"
    : createHash("sha256")
        .update(`${progress.status}|${progress.expectedBy ?? ""}|${progress.at}`)
        .digest("base64url")
        .slice(0, 12);

function reportEvent(claim: TaskClaim, body: TaskReportBody, progress: ItemProgress | undefined): CaseEvent {
  const task = {
    caseId: claim.caseId,
    itemId: claim.itemId,
    department: claim.department,
    attempt: claim.attempt,
  };
  const at = `${claim.caseId}:${claim.itemId}:${claim.attempt}`;
  if (body.outcome === "transferred") {
    const to = body.office as string;
    return {
      type: "ItemTransferRequested",
      eventId: `transfer:${at}:${to}`,
      ...task,
      to,
      ...(body.reason ? { reason: body.reason } : {}),
    };
  }
  return {
    type: "ItemStatusReported",
    eventId: `status:${at}:${body.outcome}:${body.expectedBy ?? "-"}:${supersedes(progress)}`,
    ...task,
    status: body.outcome,
    ...(body.expectedBy ? { expectedBy: body.expectedBy } : {}),
  };
}

import { ForbiddenError, OutOfScopeError, type TaskClaim, type TaskTokens } from "@onething/auth";
import { type TaskResultBody, TaskResultBodySchema, toCaseEventMessage } from "@onething/contracts";
import { answerProblem, type ItemResult, toFieldIssues } from "@onething/domain";
import { canonicalJson } from "./canonical-json.ts";
import { type DocumentDeps, documentIssues } from "./documents.ts";
import { AlreadyAnsweredError, RequestRefusedError, validationFailed } from "./errors.ts";
import { loadCase } from "./load-case.ts";
import { type IdempotencyRepository, ORCHESTRATOR_QUEUE } from "./ports.ts";
import { IdempotencyKeyConflictError } from "./repository-errors.ts";
import { placeWithin, type Scope } from "./scope.ts";
import { acceptTaskReport, checkTokenOffice, isTaskReport } from "./task-reports.ts";

export interface ResultDeps extends DocumentDeps {
  tokens: TaskTokens;
  /** Records the first answer per task attempt (scope `task-result`). */
  idempotency: IdempotencyRepository;
  /** Hash of a text (SHA-256 hex on the platform), to tell a resent answer from a different one. */
  hash: (text: string) => string;
}

/** Idempotency scope of department answers: one record per case, item and attempt. */
export const TASK_RESULT_SCOPE = "task-result";

/**
 * How long an attempt's first answer stands (and so answers a resend with 202): as long as the orchestrator
 * recognises the answer's event as processed (the store keeps processed-event markers 30 days). Later, a resend
 * meets the item's checks like a first answer.
 */
export const TASK_ANSWER_RETENTION_SECONDS = 30 * 24 * 60 * 60;

export interface AcceptedAnswer {
  caseId: string;
  itemId: string;
  attempt: number;
}

/**
 * A department's answer (HTTP route or results queue). The queued event's id is fixed per attempt
 * (`result:<case>:<item>:<attempt>`), so only one answer per attempt can ever apply, and the first one stands:
 *
 * 1. verify the signed token and that the caller is its department office (its department, and an office whose
 *    scope holds the token's office: `wrong_office` otherwise); parse the answer;
 * 2. look up the attempt's stored answer (key `<case>:<item>:<attempt>`, compared by the hash of its canonical
 *    JSON). The same answer → accepted again, whatever happened to the item since (a resend); a different one →
 *    `AlreadyAnsweredError` (409) instead of a 202 that would be silently dropped;
 * 3. only for a first answer: check the case is open and the item is this attempt's and still held, validate the
 *    outputs, record the answer with a conditional write, then queue it for the orchestrator.
 *
 * A resend is queued again. The answer is recorded before it is queued, so a send that failed (the caller saw a
 * 5xx, or the queue redelivers) is only repaired by queueing it on the resend; and queueing twice is harmless: the
 * FIFO queue drops the copy within its five-minute window, and after it the processed-event marker makes the copy
 * a duplicate the orchestrator acknowledges.
 */
export async function acceptTaskResult(
  deps: ResultDeps,
  taskToken: string,
  body: unknown,
  caller: { department: string; scope?: Scope } | undefined,
  now: Date,
): Promise<AcceptedAnswer> {
  const claim = await deps.tokens.verifyFresh(taskToken);
  if (caller && caller.department !== claim.department) {
    throw new ForbiddenError(`this task belongs to ${claim.department}`);
  }
  if (caller?.scope && !placeWithin(claim.office, caller.scope))
    throw new OutOfScopeError("wrong_office", `this task belongs to another ${claim.department} office`);
  const parsed = TaskResultBodySchema.safeParse(body);
  if (!parsed.success) throw validationFailed(toFieldIssues(parsed.error));
  if (isTaskReport(parsed.data)) {
    await acceptTaskReport(deps, claim, parsed.data, now);
    return { caseId: claim.caseId, itemId: claim.itemId, attempt: claim.attempt };
  }
  const result = toItemResult(parsed.data);
  const key = `${claim.caseId}:${claim.itemId}:${claim.attempt}`;
  const answerHash = deps.hash(canonicalJson(result));
  const first = await deps.idempotency.find(TASK_RESULT_SCOPE, key, now);
  if (first) {
    if (first.requestHash !== answerHash)
      throw new AlreadyAnsweredError(claim.caseId, claim.itemId, claim.attempt);
    deps.log.info("department answer resent", { caseId: claim.caseId, itemId: claim.itemId });
  } else {
    await checkAnswerable(deps, claim, result);
    await recordFirstAnswer(deps, claim, key, answerHash, now);
  }
  await queueAnswer(deps, claim, result, now);
  return { caseId: claim.caseId, itemId: claim.itemId, attempt: claim.attempt };
}

/**
 * The case is open, the item this attempt's and still held by the department, the outputs as declared: the engine's
 * own checks (`answerProblem`), asked before the answer is queued so the department hears at once.
 */
async function checkAnswerable(deps: ResultDeps, claim: TaskClaim, result: ItemResult): Promise<void> {
  const state = await loadCase(deps, claim.caseId);
  // The token names the office it was sent to; the item's office is fixed at its first dispatch (a transfer moves
  // it, and the old office's token is refused `task_transferred`), so another office's token is not this item's.
  checkTokenOffice(state, claim);
  const bundle = deps.catalogue.bundle(state.bundleId, state.bundleVersion);
  const problem = answerProblem(state, bundle, { ...claim, result });
  if (!problem) {
    if (result.outcome !== "completed") return;
    // A document output is a checked upload of this department for this attempt's output.
    const expected = (name: string) => ({ ...claim, purpose: "output" as const, name });
    const documents = await documentIssues(deps, result.outputs, expected, "outputs");
    if (documents.length > 0) throw validationFailed(documents);
    return;
  }
  // The API's vocabulary for the engine's reasons: a token naming another item is a forbidden one, outputs not as
  // declared a validation failure naming the fields; the rest keep the engine's reason as their code.
  if (problem.kind === "forbidden") throw new ForbiddenError("the token does not match this case");
  if (problem.kind === "invalid") throw validationFailed(problem.issues ?? []);
  throw new RequestRefusedError("superseded", problem.reason, problem.detail);
}

/** The conditional write that makes this answer the attempt's first; losing the race to the same answer is fine. */
async function recordFirstAnswer(
  deps: ResultDeps,
  claim: TaskClaim,
  key: string,
  answerHash: string,
  now: Date,
): Promise<void> {
  try {
    await deps.idempotency.claim(
      TASK_RESULT_SCOPE,
      key,
      { requestHash: answerHash, caseId: claim.caseId },
      now,
      { retainSeconds: TASK_ANSWER_RETENTION_SECONDS },
    );
  } catch (error) {
    if (!(error instanceof IdempotencyKeyConflictError)) throw error;
    if (error.record.requestHash !== answerHash)
      throw new AlreadyAnsweredError(claim.caseId, claim.itemId, claim.attempt);
  }
}

async function queueAnswer(deps: ResultDeps, claim: TaskClaim, result: ItemResult, now: Date) {
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
}

function toItemResult(body: TaskResultBody): ItemResult {
  switch (body.outcome) {
    case "completed":
      return { outcome: "completed", outputs: body.outputs ?? {} };
    case "rejected":
      return { outcome: "rejected", reason: body.reason ?? "" };
    case "needs_supplement":
      return { outcome: "needs_supplement", reason: body.reason ?? "", requested: body.requested ?? [] };
    case "accepted":
    case "in_progress":
    case "transferred":
      throw new Error(`${body.outcome} is a report, not a result (acceptTaskReport)`);
    default: {
      const never: never = body.outcome;
      throw new Error(`unhandled outcome ${String(never)}`);
    }
  }
}

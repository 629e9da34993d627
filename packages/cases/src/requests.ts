import type { Principal } from "@onething/auth";
import { SupplementBodySchema, WithdrawBodySchema } from "@onething/contracts";
import { type Filer, itemDefinition, toFieldIssues, validateSupplement } from "@onething/domain";
import { type ApplyDeps, applyCaseEvent } from "./apply-event.ts";
import { type DocumentDeps, documentIssues } from "./documents.ts";
import { RequestRefusedError, validationFailed } from "./errors.ts";
import { openCaseActedOnBy } from "./load-case.ts";

/** Who withdrew: past `assertActsForApplicant`, the applicant (a citizen) or the filing clerk. */
const filerOf = (p: Principal): Filer =>
  p.role === "clerk" ? { role: "clerk", id: p.subject } : { role: "citizen", id: p.subject };

/** POST /v1/cases/{caseId}/supplements: checked here so the applicant hears at once what is missing. */
export async function provideSupplement(
  deps: DocumentDeps,
  caseId: string,
  body: unknown,
  principal: Principal,
  now: Date,
) {
  const parsed = SupplementBodySchema.safeParse(body);
  if (!parsed.success) throw validationFailed(toFieldIssues(parsed.error));
  const state = await openCaseActedOnBy(deps, caseId, principal);
  const item = state.items[parsed.data.itemId];
  if (!item)
    throw validationFailed([
      { path: "itemId", message: `no item ${parsed.data.itemId} in this case`, code: "unknown_item" },
    ]);
  if (item.status !== "awaiting_supplement") {
    throw new RequestRefusedError(
      "superseded",
      "nothing_requested",
      `item ${item.itemId} is not waiting for a supplement`,
    );
  }
  const bundle = deps.catalogue.bundle(state.bundleId, state.bundleVersion);
  const definition = itemDefinition(bundle, item.itemId);
  if (definition) {
    const checked = validateSupplement(bundle, definition, item.requested ?? [], parsed.data.answers);
    if (!checked.ok) throw validationFailed(checked.issues);
  }
  // A document answer is a checked upload made for this very request.
  const expected = (name: string) => ({ caseId, purpose: "supplement" as const, itemId: item.itemId, name });
  const documents = await documentIssues(deps, parsed.data.answers, expected, "answers");
  if (documents.length > 0) throw validationFailed(documents);
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
  if (outcome.kind === "ignored") throw new RequestRefusedError("superseded", outcome.reason, outcome.detail);
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
  await openCaseActedOnBy(deps, caseId, principal);
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
  if (outcome.kind === "ignored") throw new RequestRefusedError("superseded", outcome.reason, outcome.detail);
  return { caseId, status: outcome.state?.status };
}

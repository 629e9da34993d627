import type { Principal } from "@onething/auth";
import { type CaseState, isClosed } from "@onething/domain";
import { assertActsForApplicant } from "./access.ts";
import type { ApplyDeps } from "./apply-event.ts";
import { RequestRefusedError } from "./errors.ts";

/** The case a request names, or a 404 `unknown_case`. */
export async function loadCase(deps: Pick<ApplyDeps, "cases">, caseId: string): Promise<CaseState> {
  const stored = await deps.cases.getCase(caseId);
  if (!stored) throw new RequestRefusedError("not_found", "unknown_case", `no case ${caseId}`);
  return stored.state;
}

/** The case, if the principal acts for its applicant (403 otherwise). */
export async function caseActedOnBy(
  deps: Pick<ApplyDeps, "cases" | "catalogue">,
  caseId: string,
  principal: Principal,
): Promise<CaseState> {
  const state = await loadCase(deps, caseId);
  assertActsForApplicant(
    principal,
    state,
    deps.catalogue.bundle(state.bundleId, state.bundleVersion),
    deps.catalogue.places,
  );
  return state;
}

/** The case, if the principal acts for its applicant and it is still open (403, 409 `case_closed` otherwise). */
export async function openCaseActedOnBy(
  deps: Pick<ApplyDeps, "cases" | "catalogue">,
  caseId: string,
  principal: Principal,
): Promise<CaseState> {
  const state = await caseActedOnBy(deps, caseId, principal);
  if (isClosed(state))
    throw new RequestRefusedError("superseded", "case_closed", `the case is already ${state.status}`);
  return state;
}

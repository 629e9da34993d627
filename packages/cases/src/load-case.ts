import type { CaseState } from "@onething/domain";
import type { ApplyDeps } from "./apply-event.ts";
import { RequestRefusedError } from "./errors.ts";

/** The case a request names, or a 404 `unknown_case`. */
export async function loadCase(deps: Pick<ApplyDeps, "cases">, caseId: string): Promise<CaseState> {
  const stored = await deps.cases.getCase(caseId);
  if (!stored) throw new RequestRefusedError("not_found", "unknown_case", `no case ${caseId}`);
  return stored.state;
}

import { closeAll } from "../close.ts";
import type { Ignored } from "../ignored.ts";
import type { Run } from "../run.ts";
import type { CaseWithdrawn, OpenCase } from "../types.ts";

/** The applicant (or the filing clerk) withdrew: every open item is cancelled at its department. */
export function withdraw(run: Run, state: OpenCase, event: CaseWithdrawn): Ignored {
  closeAll(run, state, "withdrawn", "case_withdrawn", { reason: event.reason, by: event.by });
  return undefined;
}

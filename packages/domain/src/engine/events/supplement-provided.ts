import { type Application, validateApplication } from "../../bundle/application.ts";
import { refreshStatus } from "../close.ts";
import { dispatch } from "../dispatch.ts";
import { describeIssues, type Ignored, ignore } from "../ignored.ts";
import { currentAttempt } from "../items.ts";
import type { Run } from "../run.ts";
import { validateSupplement } from "../supplement.ts";
import type { OpenCase, SupplementProvided } from "../types.ts";

/** The applicant's supplement: checked, corrections written back, and the item re-dispatched (next attempt). */
export function receiveSupplement(run: Run, state: OpenCase, event: SupplementProvided): Ignored {
  const found = currentAttempt(run.bundle, state, event.itemId, event.attempt);
  if ("reason" in found) return found;
  const { item, itemState } = found;
  if (itemState.status !== "awaiting_supplement") {
    return ignore(
      "item_not_open",
      `item ${itemState.itemId} is ${itemState.status}, not awaiting a supplement`,
    );
  }
  const checked = validateSupplement(run.bundle, item, itemState.requested ?? [], event.answers);
  if (!checked.ok) return ignore("supplement_incomplete", describeIssues(checked.issues));
  // Corrections to form fields the item reads replace the old values, so later items see them too; the
  // corrected application must still satisfy the whole form (conditional requirements included).
  const corrected = structuredClone(state.application);
  for (const [ref, value] of Object.entries(checked.value.formCorrections)) {
    const [section, name] = ref.split(".") as [keyof Application, string];
    corrected[section] = { ...(corrected[section] ?? {}), [name]: value };
  }
  const revalidated = validateApplication(run.bundle, corrected);
  if (!revalidated.ok) return ignore("supplement_incomplete", describeIssues(revalidated.issues));
  state.application = revalidated.value;
  itemState.supplement = event.answers;
  run.timeline("supplement_provided", {
    itemId: itemState.itemId,
    department: itemState.department,
    attempt: itemState.attempt,
  });
  dispatch(run, state, item, itemState);
  refreshStatus(state);
  return undefined;
}

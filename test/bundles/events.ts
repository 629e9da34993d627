import type { CaseEvent } from "@onething/domain";

/** The applicant (citizen `by`) withdrawing the case, giving `reason`. */
export const withdrawal = (caseId: string, reason: string, by: string): CaseEvent => ({
  type: "CaseWithdrawn",
  eventId: "w",
  caseId,
  reason,
  by: { role: "citizen", id: by },
});

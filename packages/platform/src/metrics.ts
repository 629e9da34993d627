import type { CaseRepository } from "@onething/cases";
import { type CaseState, type FinalCaseStatus, isClosed } from "@onething/domain";

/**
 * The platform's custom metrics, for the operators' dashboard (infra's `Monitoring`): what the AWS metrics cannot
 * tell. Names and dimensions are part of the dashboard's contract.
 */
export const CASE_METRICS = {
  /** Every metric carries `service: "onething"`, whichever function emits it, so one series per dimension set. */
  service: "onething",
  /** One per case reaching a final status; dimensions `bundle`, `outcome`. */
  casesFinished: "CasesFinished",
  /** ItemOverdue events the sweeper raised; dimension `department`. */
  itemsOverdue: "ItemsOverdue",
} as const;

export interface CaseMetrics {
  caseFinished(bundleId: string, outcome: FinalCaseStatus): void;
  itemsOverdue(department: string, count: number): void;
}

const wasClosed = (state: CaseState | undefined) => state !== undefined && isClosed(state);

/**
 * The case repository, counting each case that a committed decision makes final (once: the commit that moves it
 * from open to final). Wherever a case finishes — the orchestrator, a department's answer over HTTP or on the
 * results queue — the count is the same.
 */
export function countingFinishedCases(
  cases: CaseRepository,
  metrics: Pick<CaseMetrics, "caseFinished">,
): CaseRepository {
  return {
    getCase: (caseId) => cases.getCase(caseId),
    markOutboxSent: (caseId, eventId, at) => cases.markOutboxSent(caseId, eventId, at),
    commitDecision: async (input) => {
      const committed = await cases.commitDecision(input);
      if (isClosed(input.next) && !wasClosed(input.previous?.state)) {
        metrics.caseFinished(input.next.bundleId, input.next.status);
      }
      return committed;
    },
  };
}

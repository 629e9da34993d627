import { randomUUID } from "node:crypto";
import type { CaseLogger } from "@onething/cases";
import { type ApplicationView, type RevealResponse, RevealResponseSchema } from "@onething/contracts";
import type { CaseStore } from "@onething/store";
import { CaseNotFoundError, RevealNotPermittedError } from "./errors.ts";

/** The operator asking: their subject is recorded with a reveal; `canReveal` is the `reveal` permission. */
export interface OperatorRef {
  subject: string;
  canReveal: boolean;
}

/**
 * The application as submitted, after recording `application_revealed` (the operator's subject and reason, never
 * the values) in the case's timeline: no reveal without its trace.
 */
export async function revealApplication(
  deps: { store: Pick<CaseStore, "getCase" | "appendOperatorTimeline">; log: CaseLogger; clock: () => Date },
  caseId: string,
  reason: string,
  operator: OperatorRef,
): Promise<RevealResponse> {
  if (!operator.canReveal) throw new RevealNotPermittedError();
  const stored = await deps.store.getCase(caseId);
  if (!stored) throw new CaseNotFoundError(caseId);
  const eventId = `reveal:${randomUUID()}`;
  const entryId = `${eventId}#0`;
  await deps.store.appendOperatorTimeline(caseId, {
    entryId,
    at: deps.clock().toISOString(),
    kind: "application_revealed",
    eventId,
    operator: operator.subject,
    reason,
  });
  deps.log.info("application revealed", { caseId, operator: operator.subject });
  const { applicant, subject, answers } = stored.state.application;
  const application: ApplicationView = { applicant, ...(subject ? { subject } : {}), answers };
  return RevealResponseSchema.parse({ caseId, application, entryId });
}

import { submit } from "./events/application-submitted.ts";
import { reviseDeadlines } from "./events/calendar-revised.ts";
import { withdraw } from "./events/case-withdrawn.ts";
import { escalateOverdue } from "./events/item-overdue.ts";
import { receiveResult } from "./events/item-result-received.ts";
import { noteSubjectEvent } from "./events/subject-event-noted.ts";
import { receiveSupplement } from "./events/supplement-provided.ts";
import { type Ignored, ignore } from "./ignored.ts";
import { type EngineConfig, Run } from "./run.ts";
import { reportStatus, transferItem } from "./status.ts";
import { type CaseEvent, type CaseState, type Decision, isClosed } from "./types.ts";

export type { EngineConfig } from "./run.ts";

/** Pure: same state, event and time give the same decision. Never reads a clock or makes ids. */
export type Decide = (state: CaseState | undefined, event: CaseEvent, now: Date) => Decision;

/**
 * Builds the workflow engine over a catalogue and a working-day calendar.
 * @example const decide = createDecide({ catalogue, calendar }); const { state, commands } = decide(undefined, submitted, now);
 */
export function createDecide(config: EngineConfig): Decide {
  return (state, event, now) => {
    const draft = state === undefined ? undefined : structuredClone(state);
    const run = new Run(config, event.eventId, event.caseId, now);
    const ignored = apply(run, draft, event);
    if (ignored) return { state, commands: [], ignored };
    return { state: run.state, commands: run.commands };
  };
}

/** Hands the event to its handler, on a draft of the state; every event but a submission needs an open case. */
function apply(run: Run, draft: CaseState | undefined, event: CaseEvent): Ignored {
  if (event.type === "ApplicationSubmitted") return submit(run, draft, event);
  if (!draft) return ignore("unknown_case", `no case ${event.caseId}`);
  if (isClosed(draft)) return ignore("case_closed", `case is already ${draft.status}`);
  run.attach(draft);
  switch (event.type) {
    case "ItemResultReceived":
      return receiveResult(run, draft, event);
    case "SupplementProvided":
      return receiveSupplement(run, draft, event);
    case "ItemOverdue":
      return escalateOverdue(run, draft, event);
    case "CaseWithdrawn":
      return withdraw(run, draft, event);
    case "CalendarRevised":
      return reviseDeadlines(run, draft, event);
    case "SubjectEventNoted":
      return noteSubjectEvent(run, draft, event);
    case "ItemStatusReported":
      return reportStatus(run, draft, event);
    case "ItemTransferRequested":
      return transferItem(run, draft, event);
    default: {
      const never: never = event;
      throw new Error(`unhandled event ${(never as CaseEvent).type}`);
    }
  }
}

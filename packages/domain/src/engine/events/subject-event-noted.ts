import type { Ignored } from "../ignored.ts";
import type { Run } from "../run.ts";
import type { OpenCase, SubjectEventNoted } from "../types.ts";
import { completeWaits } from "./wait-ended.ts";

/**
 * A trusted event about the case's person: recorded on the open case, and the applicant told; with the event
 * itself (`data`), every item waiting for its type completes from it and the case goes on.
 */
export function noteSubjectEvent(run: Run, state: OpenCase, event: SubjectEventNoted): Ignored {
  const detail = `${event.note.zh} (${event.eventType} from ${event.source}, ${event.sourceEventId})`;
  run.timeline("subject_event_noted", { detail });
  run.notify("subject_event", { detail: event.note.zh });
  if (event.data) completeWaits(run, state, event.data, event);
  return undefined;
}

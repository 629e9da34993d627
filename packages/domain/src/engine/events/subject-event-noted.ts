import type { Ignored } from "../ignored.ts";
import type { Run } from "../run.ts";
import type { OpenCase, SubjectEventNoted } from "../types.ts";

/** A trusted event about the case's person: recorded on the open case, and the applicant told. */
export function noteSubjectEvent(run: Run, _state: OpenCase, event: SubjectEventNoted): Ignored {
  const detail = `${event.note.zh} (${event.eventType} from ${event.source}, ${event.sourceEventId})`;
  run.timeline("subject_event_noted", { detail });
  run.notify("subject_event", { detail: event.note.zh });
  return undefined;
}

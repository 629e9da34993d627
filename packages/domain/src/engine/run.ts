import type { Catalogue } from "../bundle/catalogue.ts";
import type { Bundle } from "../bundle/schema.ts";
import type { WorkingCalendar } from "../calendar/calendar.ts";
import type { CaseState, Command, TimelineEntry } from "./types.ts";

export interface EngineConfig {
  catalogue: Catalogue;
  calendar: WorkingCalendar;
}

type TimelineExtra = Partial<
  Pick<
    TimelineEntry,
    | "itemId"
    | "department"
    | "attempt"
    | "detail"
    | "deadline"
    | "office"
    | "handoff"
    | "wait"
    | "skip"
    | "progress"
    | "transfer"
    | "escalation"
  >
>;
type NotificationKind = Extract<Command, { type: "NotifyApplicant" }>["kind"];

/** Accumulates the new state and commands of one decide() call. */
export class Run {
  readonly commands: Command[] = [];
  state: CaseState | undefined;
  bundle!: Bundle;
  private seq = 0;
  private readonly config: EngineConfig;
  readonly eventId: string;
  readonly caseId: string;
  readonly now: Date;
  readonly at: string;

  constructor(config: EngineConfig, eventId: string, caseId: string, now: Date) {
    this.config = config;
    this.eventId = eventId;
    this.caseId = caseId;
    this.now = now;
    this.at = now.toISOString();
  }

  get catalogue(): Catalogue {
    return this.config.catalogue;
  }

  attach(state: CaseState): void {
    this.state = state;
    this.bundle = this.config.catalogue.bundle(state.bundleId, state.bundleVersion);
    state.updatedAt = this.at;
  }

  get calendar(): WorkingCalendar {
    return this.config.calendar;
  }

  emit(command: Command): void {
    this.commands.push(command);
  }

  timeline(kind: TimelineEntry["kind"], extra: TimelineExtra = {}) {
    this.emit({
      type: "RecordTimeline",
      caseId: this.caseId,
      entry: { entryId: `${this.eventId}#${this.seq++}`, at: this.at, kind, eventId: this.eventId, ...extra },
    });
  }

  notify(kind: NotificationKind, extra: { itemId?: string; detail?: string } = {}) {
    this.emit({ type: "NotifyApplicant", caseId: this.caseId, kind, ...extra, status: this.state?.status });
  }
}

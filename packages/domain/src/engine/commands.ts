import type { Application } from "../bundle/application.ts";
import type { DataEvent } from "../events/data-events.ts";
import type { CaseStatus } from "./types.ts";

// ---- Commands: what must happen next, carried out by the adapters ----

/** Exactly the inputs an item declares: form fields by `section.name`, outputs by `item.output`. */
export interface ItemInputs {
  fields: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

export interface DispatchItem {
  type: "DispatchItem";
  caseId: string;
  itemId: string;
  department: string;
  attempt: number;
  /** Absent only when no calendar covers the time limit (`dueUnavailable` on the item). */
  dueAt?: string;
  dueProvisional: boolean;
  inputs: ItemInputs;
  supplement?: Record<string, unknown>;
  /** The competent office's jurisdiction (the department is `department`). */
  office: { jurisdiction: string; path: string };
  /** Sent to the cross-province exchange desk: the department and place it stands for. */
  handoff?: { department: string; place: string };
  /** The case profile's parameters for this item (e.g. the place's 低保 standard). */
  parameters?: Record<string, unknown>;
  /** A transfer's dispatch: the office it came from (the deadline is the one that ran there). */
  transferredFrom?: { jurisdiction: string; path: string };
}

/** An open task's deadline moved (or stopped being provisional): the department is told. */
export interface ReviseItemDeadline {
  type: "ReviseItemDeadline";
  caseId: string;
  itemId: string;
  department: string;
  attempt: number;
  dueAt?: string;
  previousDueAt?: string;
  dueProvisional: boolean;
}

export interface CancelItem {
  type: "CancelItem";
  caseId: string;
  itemId: string;
  department: string;
  attempt: number;
  reason: "case_withdrawn" | "case_rejected" | "transferred";
  /** `transferred`: the office that held it (the item's office is the new one by now) and the one it went to. */
  office?: { jurisdiction: string; path: string };
  transferredTo?: { jurisdiction: string; path: string };
}

export interface EscalateOverdueItem {
  type: "EscalateOverdueItem";
  caseId: string;
  itemId: string;
  department: string;
  attempt: number;
  dueAt: string;
  /** 1: the deadline passed; 2: still late after the configured time. */
  level: 1 | 2;
  /** The supervising office told (its department's queue gets the message). */
  to: { department: string; jurisdiction: string; path: string; rule: "up" | "supervisor" | "same" };
  /** The office holding the task. */
  heldBy?: { jurisdiction: string; path: string };
}

/** What the engine tells an applicant of (`wait_timed_out`: a `wait` item's event did not come in time). */
export const NOTIFICATION_KINDS = [
  "case_received",
  "supplement_requested",
  "item_completed",
  "item_rejected",
  "item_delayed",
  "case_closed",
  "subject_event",
  "wait_timed_out",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Every kind a notice can be of (the one list): the engine's, and an offer (免申即享) made to a person. */
export const NOTICE_KIND_NAMES = [...NOTIFICATION_KINDS, "offer_made"] as const;

export interface NotifyApplicant {
  type: "NotifyApplicant";
  caseId: string;
  kind: NotificationKind;
  itemId?: string;
  status?: CaseStatus;
  detail?: string;
}

export type TimelineKind =
  | "case_submitted"
  | "item_dispatched"
  /** An item went to the cross-province exchange desk for another province's department. */
  | "item_handed_off"
  | "item_skipped"
  | "item_completed"
  | "item_rejected"
  | "supplement_requested"
  | "supplement_provided"
  | "item_overdue"
  | "item_deadline_unavailable"
  | "deadline_revised"
  | "item_cancelled"
  | "case_withdrawn"
  | "case_closed"
  | "subject_event_noted"
  /** A `wait` item started waiting for its event (`dueAt`: when it times out). */
  | "item_waiting"
  | "item_wait_timed_out"
  /** A completed item offered another bundle's pre-filled application (detail: the bundle and offer key). */
  | "offer_made"
  /** The case was accepted from an offer (detail: the offer id and who made it). */
  | "offer_accepted"
  /** The department reported it accepted the task (`progress`), or that it is working on it (maybe by a date). */
  | "item_accepted"
  | "item_in_progress"
  /** The office handed the task to another office of its department (`transfer`); the deadline runs on. */
  | "item_transferred"
  /** A second escalation of a still-overdue item, further up (`escalation`); the first is `item_overdue`'s. */
  | "item_escalated";

/** The deadline an entry is about (`item_overdue`, `deadline_revised`, `item_deadline_unavailable`), as data. */
export interface TimelineDeadline {
  /** The due time in force after the entry (absent: none). */
  dueAt?: string;
  provisional: boolean;
  /** `deadline_revised`: the due time it replaced, and whether that one was provisional. */
  previousDueAt?: string;
  previousProvisional?: boolean;
  /** `deadline_revised`: the year whose notice caused it. */
  year?: number;
  /** `item_deadline_unavailable`: the time limit no calendar could count. */
  workingDays?: number;
}

export interface TimelineEntry {
  /** Deterministic: `${eventId}#${n}`. */
  entryId: string;
  at: string;
  kind: TimelineKind;
  eventId: string;
  itemId?: string;
  department?: string;
  attempt?: number;
  /** For people reading the raw record (English); pages build their own sentence from the structured fields. */
  detail?: string;
  deadline?: TimelineDeadline;
  /** `item_dispatched`: the office's jurisdiction; `item_handed_off`: also the department and place stood for. */
  office?: string;
  handoff?: { department: string; place: string };
  /** `item_waiting`, `item_wait_timed_out`, a wait's `item_completed`: the life event awaited (and what brought it). */
  wait?: TimelineWait;
  /** `item_skipped`: why, as a code, and the blocking item (`dependency_not_completed`). */
  skip?: { reason: string; itemId?: string; itemStatus?: string };
  /** `item_accepted`, `item_in_progress`: the report (and the date the department expects to answer by). */
  progress?: { status: "accepted" | "in_progress"; expectedBy?: string };
  /** `item_transferred`: the jurisdiction codes of the office it left and the one it went to. */
  transfer?: { from: string; to: string };
  /** `item_overdue`, `item_escalated`: the level and the supervising office told. */
  escalation?: { level: 1 | 2; department: string; office: string };
}

/** A wait as data: the event type awaited and, once it came, the source system and its event id. */
export interface TimelineWait {
  event: string;
  source?: string;
  sourceEventId?: string;
}

export interface RecordTimeline {
  type: "RecordTimeline";
  caseId: string;
  entry: TimelineEntry;
}

/** A completed item with `emits`: the platform sends the data event (`sourceEventId` `case:<caseId>:<itemId>`). */
export interface EmitDataEvent {
  type: "EmitDataEvent";
  caseId: string;
  itemId: string;
  event: DataEvent;
}

/**
 * A completed item's offer whose `when` held: the platform records an offer of `bundleId`'s pre-filled `draft` to the
 * person `addressee`. `offerKey` (`case:<caseId>:<itemId>:<attempt>:<index>`) makes it once; the offer id is derived
 * from it outside the pure domain (`offerIdFor(key, day)` in @onething/cases → `offerIdOf`).
 */
export interface MakeOffer {
  type: "MakeOffer";
  caseId: string;
  itemId: string;
  attempt: number;
  offerKey: string;
  bundleId: string;
  /** The addressee's ID number. */
  addressee: string;
  /** The pre-filled fields only. */
  draft: Application;
  /** ISO: now + `expiresAfterDays` calendar days. */
  expiresAt: string;
  /** The case's place code: where the offer counts. */
  place?: string;
  madeBy: { kind: "case"; caseId: string; itemId: string };
  /** When the offer's cause happened (the item's completion): the start of the event→case figure. */
  occurredAt: string;
}

export type Command =
  | DispatchItem
  | ReviseItemDeadline
  | CancelItem
  | EscalateOverdueItem
  | NotifyApplicant
  | RecordTimeline
  | EmitDataEvent
  | MakeOffer;

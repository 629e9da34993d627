import type { Application } from "../bundle/application.ts";
import type { DocumentContentType } from "../bundle/documents.ts";
import type { LocalizedText } from "../bundle/schema.ts";
import type { DataEvent } from "../events/data-events.ts";
import type { DataEventType } from "../events/types.ts";
import type { Command } from "./commands.ts";
import type { AppliedProfile, CasePlace, ItemOffice, ReceivingOffice } from "./place-types.ts";

export * from "./commands.ts";
export * from "./operator-timeline.ts";
export type { AppliedProfile, CasePlace, ItemOffice, ReceivingOffice } from "./place-types.ts";

export const ITEM_STATUSES = [
  "pending",
  /** A for-each item whose instances are under way; no department holds the item itself. */
  "running",
  "dispatched",
  "awaiting_supplement",
  /** A `wait` item waiting for its data event (no department holds it; `dueAt` is when the wait times out). */
  "waiting",
  "completed",
  "rejected",
  "skipped",
  "cancelled",
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Statuses in which a department holds the item (or the applicant owes it material). */
export const OPEN_ITEM_STATUSES: readonly ItemStatus[] = ["dispatched", "awaiting_supplement"];

export const OPEN_CASE_STATUSES = ["in_progress", "awaiting_applicant"] as const;
export const FINAL_CASE_STATUSES = [
  "completed",
  "completed_with_exceptions",
  "rejected",
  "withdrawn",
] as const;
export type OpenCaseStatus = (typeof OPEN_CASE_STATUSES)[number];
export type FinalCaseStatus = (typeof FINAL_CASE_STATUSES)[number];
export type CaseStatus = OpenCaseStatus | FinalCaseStatus;

export type SkipReason =
  | "condition_false"
  | "dependency_not_completed"
  /** The case place's profile switched the item off. */
  | "disabled_by_profile"
  /** A for-each item whose list has no element. */
  | "no_elements"
  /** A stop item whose benefits the subject registry already lists: a benefit-stop case (or a roster) handles them. */
  | "registry_handles"
  /** A `wait` item whose event did not come before its timeout. */
  | "wait_timed_out";

/** What a department asks the applicant for (补正). `field` names a form field or a new piece of material. */
export interface SupplementRequest {
  field: string;
  description: string;
  /** `document`: answered with an uploaded document's reference (`{ documentId }`); default a value. */
  kind?: "value" | "document";
  /** For a document: the content types the department takes (default pdf, jpeg and png). */
  accept?: DocumentContentType[];
}

export interface ItemState {
  itemId: string;
  department: string;
  status: ItemStatus;
  /** 0 until first dispatched; each re-dispatch after a supplement increments it. */
  attempt: number;
  dispatchedAt?: string;
  dueAt?: string;
  /** The deadline counted days of a year without a published notice (derived from the statutory rule). */
  dueProvisional?: boolean;
  /** Those provisional years, ascending: the deadline is revised when the first of them becomes official. */
  dueProvisionalYears?: number[];
  /** Dispatched without a deadline: no calendar, not even a provisional one, covers its time limit. */
  dueUnavailable?: boolean;
  finishedAt?: string;
  outputs?: Record<string, unknown>;
  reason?: string;
  requested?: SupplementRequest[];
  /** The applicant's latest supplement for this item, sent along with the re-dispatch. */
  supplement?: Record<string, unknown>;
  skipReason?: SkipReason;
  /** Set when the current attempt passed its deadline; cleared on re-dispatch. */
  overdue?: boolean;
  escalations: number;
  /** An instance: the for-each item it is one element of, and that element's key. */
  forEachOf?: string;
  element?: string;
  /** A for-each item that ran: its instances' ids, in the list's order. */
  instances?: string[];
  /** The office the item went to, fixed at its first dispatch (a re-dispatch reuses it; a transfer moves it). */
  office?: ItemOffice;
  /** The department's latest status report on the current attempt (`accepted`, `in_progress`); cleared on dispatch. */
  progress?: ItemProgress;
  /** The offices it was transferred from and to, oldest first (see `docs/task-status.md`). */
  transfers?: ItemTransfer[];
  /** Where the latest escalation of the current attempt went (level 1: its deadline passed; level 2: still late). */
  escalatedTo?: EscalationTarget;
  /** When the overdue attempt is escalated again, further up (set at the first escalation if there is a next). */
  escalateAgainAt?: string;
}

/** A department's report on an attempt before its result. `expectedBy`: the date it expects to answer by. */
export interface ItemProgress {
  status: ProgressStatus;
  at: string;
  expectedBy?: string;
}
export const PROGRESS_STATUSES = ["accepted", "in_progress"] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** A hand-off between two offices of the item's department; `attempt` is the new office's. */
export interface ItemTransfer {
  from: { jurisdiction: string; path: string };
  to: { jurisdiction: string; path: string };
  at: string;
  attempt: number;
  reason?: string;
}

/** The office an overdue item is escalated to: its department's office one level up, or a configured supervisor. */
export interface EscalationTarget {
  level: 1 | 2;
  department: string;
  jurisdiction: string;
  path: string;
  /** How it was found: `up` the department's own office above, `supervisor` the configured one, `same` none found. */
  rule: "up" | "supervisor" | "same";
  at: string;
}

export type Channel = "online" | "counter" | "proactive";

/** Who filed the case (apart from whose matter it is): the citizen, a counter clerk, or a data alert. */
export interface Filer {
  role: "citizen" | "clerk" | "operator" | "system";
  id: string;
}

/**
 * What the subject registry knew of the case subject's entitlements when the case was submitted: the benefits it
 * lists (whatever their status) are stopped elsewhere, so this case's stop items for them are skipped.
 */
export interface RegistrySnapshot {
  entitlements: { benefit: string; status: "active" | "stopping" | "ended"; stopCaseId?: string }[];
}

interface CaseBase {
  caseId: string;
  bundleId: string;
  /** The case runs to the end on the version it started with. */
  bundleVersion: number;
  channel: Channel;
  filedBy: Filer;
  application: Application;
  items: Record<string, ItemState>;
  submittedAt: string;
  updatedAt: string;
  /** The registry snapshot the submission carried, kept so replays decide alike. */
  registry?: RegistrySnapshot;
  /** Where the case belongs (absent on rows older than places). */
  place?: CasePlace;
  receivingOffice?: ReceivingOffice;
  /** The case place's profile at submission: the case runs on it to the end. */
  profile?: AppliedProfile;
  /** The offer the case was accepted from (channel `proactive`). */
  offer?: CaseOffer;
}

/**
 * The offer a proactive case came from: its id, when it was made, when the event behind it happened, and who made it
 * (`rule:<id>.v<n>` or `case:<caseId>`).
 */
export interface CaseOffer {
  offerId: string;
  madeAt: string;
  occurredAt: string;
  madeBy: string;
}

export interface OpenCase extends CaseBase {
  status: OpenCaseStatus;
}

export interface ClosedCase extends CaseBase {
  status: FinalCaseStatus;
  closedAt: string;
  withdrawal?: { reason: string; by: Filer };
}

export type CaseState = OpenCase | ClosedCase;

export function isClosed(state: CaseState): state is ClosedCase {
  return (FINAL_CASE_STATUSES as readonly string[]).includes(state.status);
}

// ---- Events: what happened, fed to decide() ----

interface EventBase {
  /** Unique per event; replays carry the same id. */
  eventId: string;
  caseId: string;
}

export interface ApplicationSubmitted extends EventBase {
  type: "ApplicationSubmitted";
  bundleId: string;
  /** Pin a version; latest when absent. */
  bundleVersion?: number;
  application: Application;
  channel: Channel;
  filedBy: Filer;
  /** The case subject's entitlements as the registry knew them at submission. */
  registry?: RegistrySnapshot;
  /** A jurisdiction code: the counter clerk's office, or (online) the applicant's choice of receiving office. */
  receivingPlace?: string;
  /** The offer the applicant accepted (channel `proactive`): recorded as `offer_accepted` and kept on the case. */
  offer?: CaseOffer;
}

export type ItemResult =
  | { outcome: "completed"; outputs: Record<string, unknown> }
  | { outcome: "rejected"; reason: string }
  | { outcome: "needs_supplement"; reason: string; requested: SupplementRequest[] };

export interface ItemResultReceived extends EventBase {
  type: "ItemResultReceived";
  itemId: string;
  /** The department that answered (from its authenticated task token). */
  department: string;
  attempt: number;
  result: ItemResult;
}

export interface SupplementProvided extends EventBase {
  type: "SupplementProvided";
  itemId: string;
  /** The attempt whose request this answers. */
  attempt: number;
  answers: Record<string, unknown>;
}

/** A department's `accepted` / `in_progress` report on an attempt (task token), before its result. */
export interface ItemStatusReported extends EventBase {
  type: "ItemStatusReported";
  itemId: string;
  department: string;
  attempt: number;
  status: ProgressStatus;
  /** `YYYY-MM-DD`: when the department expects to answer. */
  expectedBy?: string;
}

/** An office hands its task to another office of the same department (`to`: a jurisdiction code). */
export interface ItemTransferRequested extends EventBase {
  type: "ItemTransferRequested";
  itemId: string;
  department: string;
  attempt: number;
  to: string;
  reason?: string;
}

export interface ItemOverdue extends EventBase {
  type: "ItemOverdue";
  itemId: string;
  attempt: number;
}

export interface CaseWithdrawn extends EventBase {
  type: "CaseWithdrawn";
  reason: string;
  by: Filer;
}

/**
 * The working-day calendar changed (a year's notice was loaded): every open deadline is counted again from its
 * dispatch with the calendar the engine now has. `year` is the notice that caused it, for the record.
 */
export interface CalendarRevised extends EventBase {
  type: "CalendarRevised";
  year: number;
}

/**
 * A trusted data event about the case's person (a rule's `notify`): an open case records it and tells the
 * applicant; a closed case ignores it.
 */
export interface SubjectEventNoted extends EventBase {
  type: "SubjectEventNoted";
  eventType: DataEventType;
  /** The source system that sent it. */
  source: string;
  sourceEventId: string;
  note: LocalizedText;
  /** The event itself: a `waiting` item awaiting its type completes with the outputs it maps from it. */
  data?: DataEvent;
}

export type CaseEvent =
  | ApplicationSubmitted
  | ItemResultReceived
  | SupplementProvided
  | ItemOverdue
  | CaseWithdrawn
  | CalendarRevised
  | SubjectEventNoted
  | ItemStatusReported
  | ItemTransferRequested;

/** Why an event changed nothing. */
export type IgnoreReason =
  | "unknown_case"
  | "already_submitted"
  | "unknown_bundle"
  | "invalid_application"
  /** A place (a place field's value or the receiving place) is not in the jurisdiction tree. */
  | "unknown_place"
  | "case_closed"
  | "unknown_item"
  | "wrong_department"
  | "stale_attempt"
  | "item_not_open"
  | "invalid_outputs"
  | "supplement_incomplete"
  | "not_yet_due"
  | "already_escalated"
  | "deadlines_unchanged"
  /** A status report that says what the item's state already says (or goes back from `in_progress`). */
  | "status_unchanged"
  /** A transfer to an office the rules do not allow (see `transferProblem`). */
  | "transfer_not_allowed";

export interface Decision {
  state: CaseState | undefined;
  commands: Command[];
  /** Present when the event changed nothing; says why. */
  ignored?: { reason: IgnoreReason; detail: string };
}

export const CASE_STATUS_VALUES = [...OPEN_CASE_STATUSES, ...FINAL_CASE_STATUSES] as const;

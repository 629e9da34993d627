/**
 * The shapes the store reads back, as zod schemas. DynamoDB hands rows back as `Record<string, any>`;
 * every row goes through one of these before the rest of the code sees it, so a malformed row fails
 * loudly here (CorruptRecordError) instead of somewhere downstream.
 */
import type { OutboxMessage, StoredCase } from "@onething/cases";
import {
  CASE_STATUS_VALUES,
  type CaseState,
  type Channel,
  FINAL_CASE_STATUSES,
  type Filer,
  ITEM_STATUSES,
  OPEN_CASE_STATUSES,
  type OperatorTimelineEntry,
  type SkipReason,
  type TimelineEntry,
  type TimelineKind,
} from "@onething/domain";
import { z } from "zod";
import { DEPARTMENT_METRICS } from "./keys.ts";

/**
 * A literal list that must name every member of `T`: adding a member to the domain type without adding it
 * here is a compile error, not a row that fails to parse in production.
 */
const everyMemberOf =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : never)) =>
    values;

const SKIP_REASONS = everyMemberOf<SkipReason>()([
  "condition_false",
  "dependency_not_completed",
  "disabled_by_profile",
  "no_elements",
  "registry_handles",
  "wait_timed_out",
]);
const CHANNELS = everyMemberOf<Channel>()(["online", "counter", "proactive"]);
const FILER_ROLES = everyMemberOf<Filer["role"]>()(["citizen", "clerk", "operator", "system"]);
const TIMELINE_KINDS = everyMemberOf<TimelineKind>()([
  "case_submitted",
  "item_dispatched",
  "item_handed_off",
  "item_skipped",
  "item_completed",
  "item_rejected",
  "supplement_requested",
  "supplement_provided",
  "item_overdue",
  "item_deadline_unavailable",
  "deadline_revised",
  "item_cancelled",
  "case_withdrawn",
  "case_closed",
  "subject_event_noted",
  "item_waiting",
  "item_wait_timed_out",
  "offer_made",
  "offer_accepted",
  "item_accepted",
  "item_in_progress",
  "item_transferred",
  "item_escalated",
]);

const Iso = z.string().min(1);
const Json = z.record(z.string(), z.unknown());

// Loose objects throughout the state: a field the domain adds later must survive a read-modify-write
// round trip through an older store instead of being silently stripped.
const FilerSchema = z.looseObject({ role: z.enum(FILER_ROLES), id: z.string() });

/** What an item's state and its row both hold: its attempt and that attempt's deadline. */
const itemAttempt = {
  itemId: z.string(),
  department: z.string(),
  status: z.enum(ITEM_STATUSES),
  attempt: z.number().int().min(0),
  /** When the current attempt was sent (absent on item rows written before it was recorded). */
  dispatchedAt: Iso.optional(),
  dueAt: Iso.optional(),
  dueProvisional: z.boolean().optional(),
  dueUnavailable: z.boolean().optional(),
};

const ItemStateSchema = z.looseObject({
  ...itemAttempt,
  dueProvisionalYears: z.array(z.number().int()).optional(),
  finishedAt: Iso.optional(),
  outputs: Json.optional(),
  reason: z.string().optional(),
  requested: z.array(z.looseObject({ field: z.string(), description: z.string() })).optional(),
  supplement: Json.optional(),
  skipReason: z.enum(SKIP_REASONS).optional(),
  overdue: z.boolean().optional(),
  escalations: z.number().int().min(0),
  forEachOf: z.string().optional(),
  element: z.string().optional(),
  instances: z.array(z.string()).optional(),
});

const caseBase = {
  caseId: z.string().min(1),
  bundleId: z.string().min(1),
  bundleVersion: z.number().int(),
  channel: z.enum(CHANNELS),
  filedBy: FilerSchema,
  application: z.looseObject({ applicant: Json, subject: Json.optional(), answers: Json }),
  items: z.record(z.string(), ItemStateSchema),
  submittedAt: Iso,
  updatedAt: Iso,
};

/** The whole case state as stored in the case row; typed against the domain's `CaseState`. */
export const CaseStateSchema: z.ZodType<CaseState> = z.union([
  z.looseObject({ ...caseBase, status: z.enum(OPEN_CASE_STATUSES) }),
  z.looseObject({
    ...caseBase,
    status: z.enum(FINAL_CASE_STATUSES),
    closedAt: Iso,
    withdrawal: z.looseObject({ reason: z.string(), by: FilerSchema }).optional(),
  }),
]);

export const TimelineEntrySchema: z.ZodType<TimelineEntry> = z.looseObject({
  entryId: z.string(),
  at: Iso,
  kind: z.enum(TIMELINE_KINDS),
  eventId: z.string(),
  itemId: z.string().optional(),
  department: z.string().optional(),
  attempt: z.number().int().optional(),
  detail: z.string().optional(),
  deadline: z
    .looseObject({
      dueAt: Iso.optional(),
      provisional: z.boolean(),
      previousDueAt: Iso.optional(),
      previousProvisional: z.boolean().optional(),
      year: z.number().int().optional(),
      workingDays: z.number().int().optional(),
    })
    .optional(),
  wait: z
    .looseObject({ event: z.string(), source: z.string().optional(), sourceEventId: z.string().optional() })
    .optional(),
  skip: z
    .looseObject({ reason: z.string(), itemId: z.string().optional(), itemStatus: z.string().optional() })
    .optional(),
});

const operatorBase = { entryId: z.string(), at: Iso, eventId: z.string(), detail: z.string().optional() };
export const OperatorTimelineEntrySchema: z.ZodType<OperatorTimelineEntry> = z.discriminatedUnion("kind", [
  z.object({
    ...operatorBase,
    kind: z.literal("dead_letter_redriven"),
    queue: z.string(),
    messageId: z.string(),
  }),
  z.object({
    ...operatorBase,
    kind: z.literal("application_revealed"),
    operator: z.string(),
    reason: z.string(),
  }),
]);

/**
 * One message the platform must send once the commit holding it has landed (the cases' `OutboxMessage`). Opaque
 * to the store: the messaging package decides what `queue` names and what `body` holds.
 */
export const OutboxMessageSchema: z.ZodType<OutboxMessage> = z.object({
  queue: z.string().min(1),
  body: z.unknown(),
  groupId: z.string().optional(),
  dedupId: z.string().optional(),
});

/** The case row as `getCase` reads it: the cases' `StoredCase`. */
export const CaseRowSchema: z.ZodType<StoredCase> = z.object({
  state: CaseStateSchema,
  version: z.number().int().min(1),
});

export const CaseSummarySchema = z.object({
  caseId: z.string(),
  bundleId: z.string(),
  status: z.enum(CASE_STATUS_VALUES),
  applicantId: z.string().optional(),
  submittedAt: Iso,
  updatedAt: Iso,
  closedAt: Iso.optional(),
  /** Some item's current attempt is flagged overdue (absent on rows written before the flag existed). */
  overdue: z.boolean().optional(),
  version: z.number().int().min(1),
  /** The case place's and the receiving office's paths in the tree (absent on cases older than places). */
  placePath: z.string().optional(),
  receivedPath: z.string().optional(),
  /** The subject's name (`subject.name`), for its applicant's own list only (absent on older rows). */
  subjectName: z.string().optional(),
  /** The items held past their deadline: department and deadline (absent when none, and on older rows). */
  overdueItems: z.array(z.object({ itemId: z.string(), department: z.string(), dueAt: Iso })).optional(),
});
/** What a case list shows: the case row without its state. */
export type CaseSummary = z.infer<typeof CaseSummarySchema>;
/** Attribute names of `CaseSummary`, for projections. */
export const CASE_SUMMARY_ATTRIBUTES = Object.keys(CaseSummarySchema.shape);

export const CaseDepartmentRowSchema = z.object({ caseId: z.string(), department: z.string() });
/** A row of an index whose entries point at cases (filer rows, case-department rows). */
export const CaseReferenceRowSchema = z.object({ caseId: z.string() });

export const ItemRowSchema = z.object({
  caseId: z.string(),
  ...itemAttempt,
  /** The competent office's path (absent on items dispatched before places). */
  officePath: z.string().optional(),
  overdue: z.boolean(),
  updatedAt: Iso,
});
/** An item as the department lists show it (its row, not the case state). */
export type ItemSummary = z.infer<typeof ItemRowSchema>;

export const TimelineRowSchema = z.object({
  sk: z.string(),
  entries: z.array(z.union([TimelineEntrySchema, OperatorTimelineEntrySchema])).min(1),
});

export const OutboxRowSchema = z.object({
  caseId: z.string(),
  eventId: z.string(),
  createdAt: Iso,
  messages: z.array(OutboxMessageSchema),
});
/** The messages one applied event caused, not yet marked sent. */
export type PendingOutboxEntry = z.infer<typeof OutboxRowSchema>;

export const IdempotencyRecordSchema = z.object({
  scope: z.string(),
  key: z.string(),
  requestHash: z.string(),
  caseId: z.string(),
  response: z.unknown(),
  createdAt: Iso,
  /** Epoch seconds; also the table's TTL attribute. */
  expiresAt: z.number().int(),
});
export type IdempotencyRecord = z.infer<typeof IdempotencyRecordSchema>;

/** A case under a subject's partition (the subject registry). */
export const SubjectCaseRowSchema = z.object({
  caseId: z.string(),
  bundleId: z.string(),
  role: z.enum(["applicant", "subject"]),
  kind: z.enum(["person", "organisation"]),
  submittedAt: Iso,
});
export type SubjectCase = Pick<
  z.infer<typeof SubjectCaseRowSchema>,
  "caseId" | "bundleId" | "role" | "submittedAt"
>;

export const CaseCounterRowSchema = z.object({
  bundleId: z.string(),
  status: z.enum(CASE_STATUS_VALUES),
  count: z.number().int(),
});
export type CaseCount = z.infer<typeof CaseCounterRowSchema>;

export const DayCounterRowSchema = z.object({
  day: z.string(),
  bundleId: z.string(),
  status: z.enum(CASE_STATUS_VALUES),
  count: z.number().int(),
});
export type DailyCount = z.infer<typeof DayCounterRowSchema>;

/** A row of a department's counter partition: items held / overdue now, or its answers to one bundle's items. */
export const DepartmentCounterRowSchema = z.union([
  z.object({ department: z.string(), metric: z.enum(DEPARTMENT_METRICS), count: z.number().int() }),
  z.object({
    department: z.string(),
    // Absent on rows an early build of the dashboard wrote: counted for the department, not for a bundle.
    bundleId: z.string().optional(),
    metric: z.enum(["ANSWERED", "ON_TIME", "HANDLING_MS"]),
    count: z.number().int(),
  }),
]);

export const MinuteCounterRowSchema = z.object({
  minute: z.string(),
  bundleId: z.string().optional(),
  transition: z.enum(["submitted", ...CASE_STATUS_VALUES]),
  count: z.number().int(),
});
export type MinuteCount = z.infer<typeof MinuteCounterRowSchema>;

const EntitlementSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("case"), caseId: z.string(), itemId: z.string() }),
  z.object({ kind: z.literal("event"), source: z.string(), sourceEventId: z.string() }),
]);

/** A person's entitlement row (`SUBJECT#<hash>` / `ENT#<benefit>`). */
export const EntitlementRowSchema = z.object({
  benefit: z.string(),
  department: z.string(),
  status: z.enum(["active", "stopping", "ended"]),
  holder: z.object({ idNumber: z.string(), name: z.string().optional() }),
  since: z.string().optional(),
  stopCaseId: z.string().optional(),
  endedAt: z.string().optional(),
  endedBy: EntitlementSourceSchema.optional(),
  source: EntitlementSourceSchema,
  holderDead: z.boolean().optional(),
  updatedAt: Iso,
});

/** A person's death record (`SUBJECT#<hash>` / `DEATH`). */
export const DeathRowSchema = z.object({ diedOn: z.string(), recordedAt: Iso, recordedBy: z.string() });

/** A data event's claim (`DATA_EVENT#<source>#<id>` / `DATA_EVENT`). */
export const DataEventRowSchema = z.object({
  source: z.string(),
  sourceEventId: z.string(),
  type: z.string(),
  hash: z.string(),
  status: z.enum(["received", "done"]),
  receivedAt: Iso,
  outcome: z
    .object({
      summary: z.string(),
      startedCases: z.array(z.string()),
      touchedCases: z.array(z.string()),
      offers: z.array(z.string()).optional(),
    })
    .optional(),
});

/** A counter row read for its count and one label (the duration histogram's bucket, a department). */
export const LabelledCountRowSchema = z.object({ count: z.number().int() });

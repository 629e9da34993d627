import { type CaseEvent, OUTPUT_TYPES, PLACE_CODE_PATTERN, PROGRESS_STATUSES } from "@onething/domain";
import { z } from "zod";
import {
  AnswersSchema,
  CaseIdSchema,
  DepartmentIdSchema,
  envelope,
  FilerSchema,
  ItemIdSchema,
  SupplementRequestSchema,
} from "./common.ts";
import { TaskResultBodySchema } from "./http.ts";

// ---- Orchestrator queue (FIFO, group = caseId): the engine's events ----

const caseEventBase = { caseId: CaseIdSchema };

export const ApplicationSubmittedMessageSchema = z.strictObject({
  ...envelope("ApplicationSubmitted"),
  ...caseEventBase,
  bundleId: z.string().min(1).max(64),
  bundleVersion: z.number().int().positive().optional(),
  application: z.strictObject({
    applicant: z.record(z.string(), z.unknown()),
    subject: z.record(z.string(), z.unknown()).optional(),
    answers: z.record(z.string(), z.unknown()),
  }),
  channel: z.enum(["online", "counter", "proactive"]),
  filedBy: FilerSchema,
  /** The receiving office's jurisdiction code (the clerk's office, or the online applicant's choice). */
  receivingPlace: z.string().regex(PLACE_CODE_PATTERN).optional(),
});

export const ItemResultReceivedMessageSchema = z.strictObject({
  ...envelope("ItemResultReceived"),
  ...caseEventBase,
  itemId: ItemIdSchema,
  department: DepartmentIdSchema,
  attempt: z.number().int().positive(),
  result: z.discriminatedUnion("outcome", [
    z.strictObject({ outcome: z.literal("completed"), outputs: z.record(z.string(), z.unknown()) }),
    z.strictObject({ outcome: z.literal("rejected"), reason: z.string().min(1) }),
    z.strictObject({
      outcome: z.literal("needs_supplement"),
      reason: z.string().min(1),
      requested: z.array(SupplementRequestSchema).min(1),
    }),
  ]),
});

export const SupplementProvidedMessageSchema = z.strictObject({
  ...envelope("SupplementProvided"),
  ...caseEventBase,
  itemId: ItemIdSchema,
  attempt: z.number().int().positive(),
  answers: AnswersSchema,
});

export const ItemOverdueMessageSchema = z.strictObject({
  ...envelope("ItemOverdue"),
  ...caseEventBase,
  itemId: ItemIdSchema,
  attempt: z.number().int().positive(),
});

export const CaseWithdrawnMessageSchema = z.strictObject({
  ...envelope("CaseWithdrawn"),
  ...caseEventBase,
  reason: z.string().min(1).max(500),
  by: FilerSchema,
});

/** A department's `accepted` / `in_progress` report on the attempt it holds (docs/task-status.md). */
export const ItemStatusReportedMessageSchema = z.strictObject({
  ...envelope("ItemStatusReported"),
  ...caseEventBase,
  itemId: ItemIdSchema,
  department: DepartmentIdSchema,
  attempt: z.number().int().positive(),
  status: z.enum(PROGRESS_STATUSES),
  expectedBy: z.iso.date().optional(),
});

/** An office hands the attempt it holds to another office of its department (`to`: a jurisdiction code). */
export const ItemTransferRequestedMessageSchema = z.strictObject({
  ...envelope("ItemTransferRequested"),
  ...caseEventBase,
  itemId: ItemIdSchema,
  department: DepartmentIdSchema,
  attempt: z.number().int().positive(),
  to: z.string().regex(PLACE_CODE_PATTERN),
  reason: z.string().min(1).max(1000).optional(),
});

/** A year's holiday notice was loaded: the case's running deadlines are counted again (the sweeper sends it). */
export const CalendarRevisedMessageSchema = z.strictObject({
  ...envelope("CalendarRevised"),
  ...caseEventBase,
  year: z.number().int().min(2000).max(9999),
});

/** Anything the orchestrator consumes: a domain event with its envelope. */
export const CaseEventMessageSchema = z.discriminatedUnion("type", [
  ApplicationSubmittedMessageSchema,
  ItemResultReceivedMessageSchema,
  SupplementProvidedMessageSchema,
  ItemOverdueMessageSchema,
  CaseWithdrawnMessageSchema,
  CalendarRevisedMessageSchema,
  ItemStatusReportedMessageSchema,
  ItemTransferRequestedMessageSchema,
]);
export type CaseEventMessage = z.infer<typeof CaseEventMessageSchema>;

/** Strips the envelope: the domain event decide() takes. */
export function toCaseEvent(message: CaseEventMessage): CaseEvent {
  const { schemaVersion: _v, occurredAt: _o, ...event } = message;
  return event;
}

/** Wraps a domain event for the orchestrator queue. */
export function toCaseEventMessage(event: CaseEvent, occurredAt: Date): CaseEventMessage {
  return CaseEventMessageSchema.parse({ ...event, schemaVersion: 1, occurredAt: occurredAt.toISOString() });
}

// ---- Department queues: what a department receives ----

const taskBase = {
  caseId: CaseIdSchema,
  itemId: ItemIdSchema,
  department: DepartmentIdSchema,
  attempt: z.number().int().positive(),
  /**
   * The department office the task is for: one queue per department, the office in every message (its vertical
   * system routes it on, and answers only with the token of its own office). Absent on messages older than places.
   */
  office: z.strictObject({ jurisdiction: z.string().min(1), path: z.string().min(1) }).optional(),
};

const OfficeRefSchema = z.strictObject({ jurisdiction: z.string().min(1), path: z.string().min(1) });

/** An output the item declares: what a `completed` answer returns (`required` ones must be there). */
export const TaskOutputDeclSchema = z.strictObject({
  name: z.string().min(1),
  type: z.enum(OUTPUT_TYPES),
  label: z.strictObject({ zh: z.string(), en: z.string() }),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
});

/** A task for a department: only the item's declared inputs, and the token to answer with. */
export const TaskDispatchedMessageSchema = z
  .strictObject({
    ...envelope("TaskDispatched"),
    ...taskBase,
    bundleId: z.string(),
    /** The bundle version the case runs on to the end (`GET /v1/bundles/{id}` returns the current one). */
    bundleVersion: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("The version of the bundle the case runs on (absent on messages older than issue 17)"),
    itemName: z.strictObject({ zh: z.string(), en: z.string() }),
    /** The item's declared outputs, from that version: what a `completed` answer returns. */
    outputs: z
      .array(TaskOutputDeclSchema)
      .optional()
      .describe("The item's declared outputs (name, type, label): what a completed answer returns"),
    /** Absent only when no working-day calendar covers the time limit (then `dueUnavailable` is true). */
    dueAt: z.iso.datetime({ offset: true }).optional(),
    /** The deadline counts days of a year without a published holiday notice; a `TaskDeadlineChanged` follows. */
    dueProvisional: z
      .boolean()
      .optional()
      .describe(
        "The deadline counts days of a year without a published holiday notice; TaskDeadlineChanged follows",
      ),
    dueUnavailable: z.literal(true).optional(),
    inputs: z.strictObject({
      fields: z.record(z.string(), z.unknown()),
      outputs: z.record(z.string(), z.unknown()),
    }),
    supplement: z.record(z.string(), z.unknown()).optional(),
    /** Sent to the cross-province exchange desk: the department and the place it stands for (跨省通办). */
    handoff: z.strictObject({ department: z.string().min(1), place: z.string().min(1) }).optional(),
    /** The case place's profile parameters of this item (e.g. the place's 低保 standard). */
    parameters: z.record(z.string(), z.unknown()).optional(),
    /** A transfer: the office it came from; the deadline is the one that ran there (it does not restart). */
    transferredFrom: OfficeRefSchema.optional(),
    taskToken: z.string().min(1),
  })
  .describe(
    "A task for one office: the case's bundleVersion, the item's declared outputs, only its declared inputs, the due time (dueProvisional: counted on a year without a holiday notice) and the task token to answer with (docs/task-status.md)",
  );
export type TaskDispatchedMessage = z.infer<typeof TaskDispatchedMessageSchema>;

export const TaskCancelledMessageSchema = z.strictObject({
  ...envelope("TaskCancelled"),
  ...taskBase,
  reason: z.enum(["case_withdrawn", "case_rejected", "transferred"]),
  /** `transferred`: the office that took the task over (the old token no longer answers). */
  transferredTo: OfficeRefSchema.optional(),
});

/**
 * An overdue task, sent to the supervising office (`office`, on its department's queue: `department` may then be
 * the supervisor's, see docs/task-status.md); `heldBy` is the office holding the task, `level` 1 when its deadline
 * passed, 2 when it was still late after the configured working days.
 */
export const TaskEscalatedMessageSchema = z
  .strictObject({
    ...envelope("TaskEscalated"),
    ...taskBase,
    dueAt: z.iso.datetime({ offset: true }),
    level: z.union([z.literal(1), z.literal(2)]).optional(),
    heldBy: z.strictObject({ department: z.string().min(1), ...OfficeRefSchema.shape }).optional(),
  })
  .describe(
    "An overdue task, for the supervising office (office; department may be the configured supervisor's): heldBy is the office holding it, level 1 or 2",
  );

/**
 * An open task's deadline moved, or stopped being provisional, because a holiday notice was loaded. The task token
 * of the dispatch still answers it until it expires; `previousDueAt` is the deadline it replaces.
 */
export const TaskDeadlineChangedMessageSchema = z.strictObject({
  ...envelope("TaskDeadlineChanged"),
  ...taskBase,
  dueAt: z.iso.datetime({ offset: true }).optional(),
  previousDueAt: z.iso.datetime({ offset: true }).optional(),
  dueProvisional: z.boolean(),
  /**
   * A fresh token for the same task, expiring at the new deadline plus the grace period (docs/task-tokens.md):
   * answer with it from now on. Absent on messages older than expiring tokens.
   */
  taskToken: z.string().min(1).optional(),
});
export type TaskDeadlineChangedMessage = z.infer<typeof TaskDeadlineChangedMessageSchema>;

export const DepartmentMessageSchema = z.discriminatedUnion("type", [
  TaskDispatchedMessageSchema,
  TaskDeadlineChangedMessageSchema,
  TaskCancelledMessageSchema,
  TaskEscalatedMessageSchema,
]);
export type DepartmentMessage = z.infer<typeof DepartmentMessageSchema>;

// ---- Results queue: a department may answer here instead of over HTTP ----

export const TaskResultMessageSchema = z.strictObject({
  ...envelope("TaskResult"),
  taskToken: z.string().min(1).max(2000),
  result: TaskResultBodySchema,
});
export type TaskResultMessage = z.infer<typeof TaskResultMessageSchema>;

// ---- Events queue: a source system's data event, as accepted (by `POST /v1/events` or sent to the queue) ----

/**
 * One data event on the events queue: the source that sent it (the authenticated source principal's id, for
 * `POST /v1/events`; what the sender's role stands for, on the queue), the event itself — unparsed here, since its
 * validation (`DataEventSchema`, the source's allowed types) is the ingestion's, which names the field it refuses —
 * and when the platform received it.
 */
export const DataEventMessageSchema = z.strictObject({
  source: z.string().min(1),
  event: z.unknown(),
  receivedAt: z.string(),
});
export type DataEventMessage = z.infer<typeof DataEventMessageSchema>;

/**
 * A commit's entitlement changes, on the events queue only when the sweeper resends an outbox a crash left behind
 * (it holds no registry key; the events function does). Each change is a guarded write: a resend changes nothing.
 */
export const EntitlementChangesMessageSchema = z.strictObject({
  type: z.literal("EntitlementChanges"),
  caseId: z.string().min(1),
  changes: z.array(
    z.strictObject({
      benefit: z.string().min(1),
      department: z.string().min(1),
      change: z.enum(["grant", "stopping", "end", "restore"]),
      itemId: z.string().min(1),
      holder: z.strictObject({ idNumber: z.string().min(1), name: z.string().optional() }),
      /** The granting case's place (the roster of a department office is its scope's). */
      placePath: z.string().min(1).optional(),
    }),
  ),
  /** The platform's seal over the case and the changes: without it the message is dead-lettered. */
  seal: z.string().min(1),
});

/** What the events queue carries: source systems' data events, and resent entitlement changes. */
export const EventsQueueMessageSchema = z.union([DataEventMessageSchema, EntitlementChangesMessageSchema]);

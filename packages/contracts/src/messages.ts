import { type CaseEvent, PLACE_CODE_PATTERN } from "@onething/domain";
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

/** A task for a department: only the item's declared inputs, and the token to answer with. */
export const TaskDispatchedMessageSchema = z.strictObject({
  ...envelope("TaskDispatched"),
  ...taskBase,
  bundleId: z.string(),
  itemName: z.strictObject({ zh: z.string(), en: z.string() }),
  /** Absent only when no working-day calendar covers the time limit (then `dueUnavailable` is true). */
  dueAt: z.iso.datetime({ offset: true }).optional(),
  /** The deadline counts days of a year without a published holiday notice; a `TaskDeadlineChanged` follows. */
  dueProvisional: z.boolean().optional(),
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
  taskToken: z.string().min(1),
});
export type TaskDispatchedMessage = z.infer<typeof TaskDispatchedMessageSchema>;

export const TaskCancelledMessageSchema = z.strictObject({
  ...envelope("TaskCancelled"),
  ...taskBase,
  reason: z.enum(["case_withdrawn", "case_rejected"]),
});

export const TaskEscalatedMessageSchema = z.strictObject({
  ...envelope("TaskEscalated"),
  ...taskBase,
  dueAt: z.iso.datetime({ offset: true }),
});

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

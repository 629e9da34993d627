import { CASE_STATUS_VALUES, ITEM_STATUSES, PLACE_CODE_PATTERN, PROGRESS_STATUSES } from "@onething/domain";
import { z } from "zod";
import {
  AnswersSchema,
  CaseIdSchema,
  FieldIssueSchema,
  ItemIdSchema,
  SupplementRequestSchema,
} from "./common.ts";

export const CaseStatusSchema = z.enum(CASE_STATUS_VALUES);
export const ItemStatusSchema = z.enum(ITEM_STATUSES);

/** A jurisdiction code of the tree (`GET /v1/jurisdictions`): 6 digits, 9 (a town) or 12 (a community). */
export const JurisdictionCodeSchema = z.string().regex(PLACE_CODE_PATTERN, "a jurisdiction code");

/** POST /v1/applications (header Idempotency-Key). The sections are checked against the bundle's form after this. */
export const SubmitApplicationRequestSchema = z.strictObject({
  bundleId: z.string().min(1).max(64),
  applicant: z.record(z.string(), z.unknown()),
  subject: z.record(z.string(), z.unknown()).optional(),
  answers: z.record(z.string(), z.unknown()).default({}),
  channel: z.enum(["online", "counter"]).optional(),
  /**
   * Online: the office the applicant chooses to receive the application (受理地); absent, the case place. A
   * counter filing is received at the clerk's office whatever this says.
   */
  receivingPlace: JurisdictionCodeSchema.optional(),
});
export type SubmitApplicationRequest = z.infer<typeof SubmitApplicationRequestSchema>;

export const ItemSummarySchema = z.strictObject({
  itemId: ItemIdSchema,
  department: z.string(),
  status: ItemStatusSchema,
});

export const SubmitApplicationResponseSchema = z.strictObject({
  caseId: CaseIdSchema,
  status: CaseStatusSchema,
  items: z.array(ItemSummarySchema),
});
export type SubmitApplicationResponse = z.infer<typeof SubmitApplicationResponseSchema>;

/** POST /v1/cases/{caseId}/supplements */
export const SupplementBodySchema = z.strictObject({
  itemId: ItemIdSchema,
  answers: AnswersSchema,
});
export type SupplementBody = z.infer<typeof SupplementBodySchema>;

/** POST /v1/cases/{caseId}/withdraw */
export const WithdrawBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(500) });

/** The outcomes that answer a task (one per attempt), and the words a department may send before (task-status). */
export const TASK_RESULT_OUTCOMES = ["completed", "rejected", "needs_supplement"] as const;
export const TASK_REPORT_OUTCOMES = ["accepted", "in_progress", "transferred"] as const;

/** POST /v1/tasks/{taskToken}/result, and the body of a TaskResult message on the results queue. */
export const TaskResultBodySchema = z
  .strictObject({
    /**
     * The result (`completed`, `rejected`, `needs_supplement`: one per attempt, the first stands), or a word before
     * it (docs/task-status.md): `accepted`, `in_progress` (maybe with `expectedBy`), `transferred` (to `office`).
     */
    outcome: z.enum([...TASK_RESULT_OUTCOMES, ...TASK_REPORT_OUTCOMES]),
    outputs: z.record(z.string(), z.unknown()).optional(),
    reason: z.string().trim().min(1).max(1000).optional(),
    requested: z.array(SupplementRequestSchema).min(1).max(20).optional(),
    /** `in_progress`: the date (YYYY-MM-DD, Beijing) the department expects to answer by. */
    expectedBy: z.iso.date().optional().describe("in_progress: the date the department expects to answer by"),
    /** `transferred`: the jurisdiction code of the office of the same department that takes the task over. */
    office: JurisdictionCodeSchema.optional().describe(
      "transferred: the jurisdiction code of the department's office that takes the task over",
    ),
  })
  .superRefine((body, ctx) => {
    const custom = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if ((body.outcome === "rejected" || body.outcome === "needs_supplement") && !body.reason)
      custom("reason", `is required when outcome is ${body.outcome}`);
    if (body.outcome === "needs_supplement" && !body.requested)
      custom("requested", "is required when outcome is needs_supplement");
    if (body.outcome !== "completed" && body.outputs)
      custom("outputs", "only a completed task returns outputs");
    if (body.outcome !== "in_progress" && body.expectedBy)
      custom("expectedBy", "only in_progress takes a date");
    if (body.outcome === "transferred" && !body.office)
      custom("office", "is required when outcome is transferred");
    if (body.outcome !== "transferred" && body.office) custom("office", "only a transfer names an office");
  });
export type TaskResultBody = z.infer<typeof TaskResultBodySchema>;

/**
 * One timeline entry as readers see it: the engine's (`case_submitted`, `item_dispatched`, …), or an operator's
 * action recorded beside them (`dead_letter_redriven`, with the queue and the dead letter's message id, never a
 * message body; `application_revealed`, with the operator and the reason, never the values).
 */
export const TimelineEntryViewSchema = z.strictObject({
  entryId: z.string(),
  at: z.string(),
  kind: z.string(),
  itemId: z.string().optional(),
  department: z.string().optional(),
  attempt: z.number().optional(),
  detail: z.string().optional(),
  /** `item_overdue`, `deadline_revised`, `item_deadline_unavailable`: the deadline as data (pages word it). */
  deadline: z
    .strictObject({
      dueAt: z.string().optional(),
      provisional: z.boolean(),
      previousDueAt: z.string().optional(),
      previousProvisional: z.boolean().optional(),
      year: z.number().int().optional(),
      workingDays: z.number().int().optional(),
    })
    .optional(),
  /** `item_dispatched`, `item_handed_off`: the office's jurisdiction code. */
  office: z.string().optional(),
  /** `item_handed_off`: the department and place the cross-province exchange desk stands for. */
  handoff: z.strictObject({ department: z.string(), place: z.string() }).optional(),
  /**
   * `item_waiting`, `item_wait_timed_out`, a wait's `item_completed`: the life event awaited (its type) and, once it
   * came, the source system and its event id (pages word it; `detail` is English for raw readers).
   */
  wait: z
    .strictObject({ event: z.string(), source: z.string().optional(), sourceEventId: z.string().optional() })
    .optional(),
  /** `item_skipped`: the reason code and, for `dependency_not_completed`, the item that blocked it and its status. */
  skip: z
    .strictObject({ reason: z.string(), itemId: z.string().optional(), itemStatus: z.string().optional() })
    .optional(),
  queue: z.string().optional(),
  messageId: z.string().optional(),
  /** `application_revealed`: the operator's subject and the reason they gave (never the revealed values). */
  operator: z.string().optional(),
  reason: z.string().optional(),
  /** `item_accepted`, `item_in_progress`: the department's report (and the date it expects to answer by). */
  progress: z
    .strictObject({ status: z.enum(PROGRESS_STATUSES), expectedBy: z.string().optional() })
    .optional(),
  /** `item_transferred`: the jurisdiction codes of the office it left and of the one it went to. */
  transfer: z.strictObject({ from: z.string(), to: z.string() }).optional(),
  /** `item_overdue`, `item_escalated`: the level and the supervising office told (department, jurisdiction). */
  escalation: z
    .strictObject({ level: z.number().int(), department: z.string(), office: z.string() })
    .optional(),
});

export const ItemViewSchema = z.strictObject({
  itemId: ItemIdSchema,
  name: z.strictObject({ zh: z.string(), en: z.string() }),
  /** An instance of a for-each item (`<forEachOf>--<element>`): that item's id, and the element's key. */
  forEachOf: ItemIdSchema.optional(),
  element: z.string().optional(),
  department: z.string(),
  status: ItemStatusSchema,
  attempt: z.number().int(),
  dueAt: z.string().optional(),
  /**
   * With `dueAt`: the deadline counts days of a year whose State Council holiday notice is not loaded yet, derived
   * from the statutory rule (pages show 暂定 / provisional); revised when the notice is loaded.
   */
  dueProvisional: z.boolean().optional(),
  /** Dispatched without a deadline: no working-day calendar covers its time limit (operators are shown these). */
  dueUnavailable: z.literal(true).optional(),
  overdue: z.boolean(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  reason: z.string().optional(),
  requested: z.array(SupplementRequestSchema).optional(),
  skipReason: z.string().optional(),
  /** The competent office the item went to (fixed at its first dispatch), by which rule. */
  office: z
    .strictObject({
      jurisdiction: z.string(),
      path: z.string(),
      rule: z.enum(["case", "field", "delegated", "not_delegated", "exchange"]),
      field: z.string().optional(),
      handoff: z.strictObject({ department: z.string(), place: z.string() }).optional(),
    })
    .optional(),
  /** The department's latest report on the current attempt before its result (docs/task-status.md). */
  progress: z
    .strictObject({ status: z.enum(PROGRESS_STATUSES), at: z.string(), expectedBy: z.string().optional() })
    .optional(),
  /** The offices the item was transferred between, oldest first; the deadline ran on. */
  transfers: z
    .array(
      z.strictObject({
        from: z.strictObject({ jurisdiction: z.string(), path: z.string() }),
        to: z.strictObject({ jurisdiction: z.string(), path: z.string() }),
        at: z.string(),
        attempt: z.number().int(),
        reason: z.string().optional(),
      }),
    )
    .optional(),
  /** Where the latest escalation of the overdue attempt went: the supervising office, by which rule. */
  escalatedTo: z
    .strictObject({
      level: z.number().int(),
      department: z.string(),
      jurisdiction: z.string(),
      path: z.string(),
      rule: z.enum(["up", "supervisor", "same"]),
      at: z.string(),
    })
    .optional(),
});

/** The three sections of an application, as submitted (or masked for the reader). */
export const ApplicationViewSchema = z.strictObject({
  applicant: z.record(z.string(), z.unknown()),
  subject: z.record(z.string(), z.unknown()).optional(),
  answers: z.record(z.string(), z.unknown()),
});
export type ApplicationView = z.infer<typeof ApplicationViewSchema>;

/** GET /v1/cases/{caseId} */
export const CaseViewSchema = z.strictObject({
  caseId: CaseIdSchema,
  bundleId: z.string(),
  bundleVersion: z.number().int(),
  status: CaseStatusSchema,
  channel: z.string(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().optional(),
  /** Where the case belongs and where it was received (absent on cases older than places). */
  place: z
    .strictObject({
      code: z.string(),
      path: z.string(),
      source: z.enum(["field", "receiving", "default"]),
      field: z.string().optional(),
    })
    .optional(),
  receivingOffice: z
    .strictObject({
      jurisdiction: z.string(),
      path: z.string(),
      by: z.enum(["clerk", "applicant", "case_place"]),
    })
    .optional(),
  items: z.array(ItemViewSchema),
  timeline: z.array(TimelineEntryViewSchema),
  /**
   * The application as this reader may see it (sections `applicant`, `subject`, `answers`). The applicant and the
   * filing clerk see it whole; an operator sees every PII-tagged field masked (`applicationMasked: true`) until a
   * reveal; a department sees none of it (its task carries the fields it declares).
   */
  application: ApplicationViewSchema.optional(),
  applicationMasked: z.boolean().optional(),
});
export type CaseView = z.infer<typeof CaseViewSchema>;

export const ValidationFailedSchema = z.strictObject({
  error: z.literal("validation_failed"),
  message: z.string(),
  issues: z.array(FieldIssueSchema),
});

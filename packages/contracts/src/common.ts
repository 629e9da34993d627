import { DocumentContentTypeSchema, DocumentRefSchema } from "@onething/domain";
import { z } from "zod";

/** Every message on every queue carries these; consumers dedupe on `eventId`. */
export const envelope = <T extends string>(type: T) => ({
  type: z.literal(type),
  schemaVersion: z.literal(1),
  eventId: z.string().min(1).max(200),
  occurredAt: z.iso.datetime({ offset: true }),
});

export const CaseIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "must be a case id");
export const ItemIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "must be an item id");
export const DepartmentIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "must be a department id");

/** Free-form answers: scalars and document references; nesting is capped to keep payloads sane. */
export const AnswerValueSchema = z.union([
  z.string().max(4000),
  z.number(),
  z.boolean(),
  z.null(),
  DocumentRefSchema,
]);
export const AnswersSchema = z.record(z.string().max(100), AnswerValueSchema);

/** One bad field: its path, a stable code the pages translate (with `params` where the sentence names a value). */
export const FieldIssueSchema = z.strictObject({
  path: z.string(),
  message: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** Every 4xx/5xx body: a stable machine-readable code, a sentence, and per-field issues when relevant. */
export const ErrorResponseSchema = z.strictObject({
  error: z.string(),
  message: z.string(),
  issues: z.array(FieldIssueSchema).optional(),
  /** The case the caller is pointed to: for `open_case_exists`, the open case of the same subject. */
  caseId: CaseIdSchema.optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

export const FilerSchema = z.strictObject({
  role: z.enum(["citizen", "clerk", "operator", "system"]),
  id: z.string().min(1).max(100),
});

export const SupplementRequestSchema = z.strictObject({
  field: z.string().min(1).max(100),
  description: z.string().min(1).max(500),
  /** `document`: the applicant answers with an uploaded document (`{ documentId }`); default a value. */
  kind: z.enum(["value", "document"]).optional(),
  /** For a document: the content types taken (default every one of `DOCUMENT_CONTENT_TYPES`). */
  accept: z.array(DocumentContentTypeSchema).min(1).max(3).optional(),
});

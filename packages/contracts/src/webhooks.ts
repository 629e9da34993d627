/** Push to department offices (issue 17): the webhook registration bodies and the webhooks queue's message. */
import { z } from "zod";
import { CaseIdSchema, DepartmentIdSchema } from "./common.ts";
import { DepartmentMessageSchema } from "./messages.ts";

/** `PUT /v1/department/webhook`: the office's endpoint. */
export const WebhookRegistrationBodySchema = z.strictObject({
  /** The https:// endpoint the office's tasks are POSTed to. */
  url: z.string().min(1).max(4096),
});

/** How deliveries are signed: `OneThing-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
const signatureScheme = z.strictObject({
  header: z.literal("OneThing-Signature"),
  algorithm: z.literal("HMAC-SHA256"),
  /** How old a timestamp the receiver should accept (either way). */
  toleranceSeconds: z.number().int().positive(),
});

const registrationFields = {
  department: DepartmentIdSchema,
  office: z.string().min(1),
  url: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  signature: signatureScheme,
  /** After a re-registration: until when the replaced secret still signs (a second `v1=`) beside the new one. */
  previousSecretUntil: z.iso.datetime({ offset: true }).optional(),
};

/** The registration as read back: never the secret. */
export const WebhookRegistrationSchema = z.strictObject(registrationFields);
export type WebhookRegistrationView = z.infer<typeof WebhookRegistrationSchema>;

/** The registration as just made: the signing secret, shown this once. */
export const WebhookRegisteredSchema = z.strictObject({
  ...registrationFields,
  secret: z.string().regex(/^whsec_[A-Za-z0-9_-]+$/),
});

export const WebhookRemovedSchema = z.strictObject({
  department: DepartmentIdSchema,
  office: z.string().min(1),
  removed: z.literal(true),
});

/**
 * A department message on its way to an office's webhook: the message as the department queue would carry it,
 * the office whose registration it was routed by, and its case at the top (what a redrive records in the case's
 * timeline). The receiver gets `message` alone as the POST body.
 */
export const WebhookDeliveryMessageSchema = z.strictObject({
  type: z.literal("WebhookDelivery"),
  caseId: CaseIdSchema,
  department: DepartmentIdSchema,
  office: z.string().min(1),
  message: DepartmentMessageSchema,
});
export type WebhookDeliveryMessage = z.infer<typeof WebhookDeliveryMessageSchema>;

/** `GET /v1/ops/dead-letters/{queue}/messages`: a look at a dead-letter queue, with each message's reason. */
export const DeadLetterListSchema = z.strictObject({
  queue: z.string(),
  messages: z.array(
    z.strictObject({
      messageId: z.string(),
      reason: z.string().optional(),
      detail: z.string().optional(),
      caseId: CaseIdSchema.optional(),
      eventId: z.string().optional(),
      department: z.string().optional(),
      office: z.string().optional(),
      receiveCount: z.number().int().nonnegative().optional(),
      sentAt: z.string().optional(),
    }),
  ),
});
export type DeadLetterList = z.infer<typeof DeadLetterListSchema>;

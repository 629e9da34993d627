/**
 * Notices (issue 16): bodies of the citizen's inbox routes (我的消息), the delivery receipt a channel's gateway
 * reports on the events queue, and the 送达率 of the operator summary.
 */
import { NOTICE_KIND_NAMES } from "@onething/domain";
import { z } from "zod";
import { CaseIdSchema } from "./common.ts";

/** `ntc_` and 24 base64url characters, derived from what caused the notice. */
export const NoticeIdSchema = z.string().regex(/^ntc_[A-Za-z0-9_-]{24}$/, "must be a notice id");

export { NOTICE_KIND_NAMES };
export const DELIVERY_STATES = ["pending", "sent", "delivered", "failed"] as const;
/** The reasons a gateway may give for a failed delivery (codes only: never free text, which could hold a number). */
export const NOTICE_FAILURE_REASONS = [
  "unreachable",
  "no_device",
  "invalid_number",
  "rejected",
  "expired",
] as const;

const TextSchema = z.strictObject({
  templateId: z.string(),
  what: z.string(),
  next: z.string(),
  by: z.string(),
});
const ChannelSchema = z.strictObject({
  state: z.enum(DELIVERY_STATES),
  /** When it was sent, delivered or failed (the latest). */
  at: z.string().optional(),
  /** Why it failed, or why the last attempt did: a code (`publish_failed`, `no_phone`, `no_receipt`, a gateway's). */
  reason: z.string().optional(),
});

/** One notice as its addressee reads it: what happened, what to do next and by when, in both languages. */
export const NoticeViewSchema = z.strictObject({
  noticeId: NoticeIdSchema,
  kind: z.enum(NOTICE_KIND_NAMES),
  bundleId: z.string(),
  caseId: CaseIdSchema.optional(),
  offerId: z.string().optional(),
  createdAt: z.string(),
  readAt: z.string().optional(),
  text: z.strictObject({ zh: TextSchema, en: TextSchema }),
  channels: z.strictObject({ sms: ChannelSchema.optional(), push: ChannelSchema.optional() }),
});
export type NoticeView = z.infer<typeof NoticeViewSchema>;

export const NoticeListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2000).optional(),
});
export const NoticeListSchema = z.strictObject({
  notices: z.array(NoticeViewSchema),
  /** How many of the caller's notices are unread (all of them, not this page's). */
  unread: z.number().int().min(0),
  cursor: z.string().optional(),
});
export type NoticeList = z.infer<typeof NoticeListSchema>;

export const NoticeReadResponseSchema = z.strictObject({
  noticeId: NoticeIdSchema,
  readAt: z.string(),
});

/** What a channel's gateway reports of one message it was given (on the events queue). */
export const NoticeReceiptMessageSchema = z.strictObject({
  type: z.literal("NoticeReceipt"),
  noticeId: NoticeIdSchema,
  channel: z.enum(["sms", "push"]),
  attempt: z.number().int().min(1),
  /** The SNS message id of that attempt's publish (the envelope's `MessageId`); a receipt without it is ignored. */
  messageId: z.string().min(1).max(100),
  outcome: z.enum(["delivered", "failed"]),
  reason: z.enum(NOTICE_FAILURE_REASONS).optional(),
  retryable: z.boolean().optional(),
  at: z.string(),
});
export type NoticeReceiptMessage = z.infer<typeof NoticeReceiptMessageSchema>;

const DeliveryCountsSchema = z.strictObject({
  sent: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  /** delivered / sent; absent while nothing was sent. */
  rate: z.number().min(0).optional(),
});
const PlaceNameSchema = z.strictObject({ zh: z.string(), en: z.string() });

/** 送达率 at the summary's place: in total, per bundle and per child place (channel messages, SMS and push). */
export const DeliveryFiguresSchema = z.strictObject({
  total: DeliveryCountsSchema,
  byBundle: z.array(DeliveryCountsSchema.extend({ bundleId: z.string() })),
  byPlace: z.array(DeliveryCountsSchema.extend({ place: z.string(), name: PlaceNameSchema })),
});
export type DeliveryFigures = z.infer<typeof DeliveryFiguresSchema>;

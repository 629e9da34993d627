/**
 * The notices' rows, pure (issue 16): `NOTICE#<id> / NOTICE` with each channel's delivery, the inbox entry (gsi4
 * `NOTICES#<addressee hash>`, newest first), the retry list while a channel is pending (gsi3 `NOTICES_DUE`, by due
 * time) and the 送达率 counters `COUNTER#NOTICES / <bundle>#<place>` (sent, delivered, failed).
 */
import type { CommitInput, NewNotice } from "@onething/cases";
import { NOTICE_KIND_NAMES } from "@onething/domain";
import { z } from "zod";
import type { TransactItem } from "./commit-rows.ts";
import type { PrimaryKey } from "./keys.ts";

export const noticeKey = (noticeId: string): PrimaryKey => ({ pk: `NOTICE#${noticeId}`, sk: "NOTICE" });
export const noticeInboxPartition = (addresseeHash: string) => `NOTICES#${addresseeHash}`;
export const NOTICES_DUE_PARTITION = "NOTICES_DUE";
export const dueSort = (at: string, noticeId: string) => `${at}#${noticeId}`;
export const NOTICE_COUNTER_PARTITION = "COUNTER#NOTICES";
export const noticeCounterKey = (bundleId: string, place: string): PrimaryKey => ({
  pk: NOTICE_COUNTER_PARTITION,
  sk: `${bundleId}#${place}`,
});

/** The channels a new notice is delivered on: push always (the app), SMS when the application gave a phone. */
export function channelsOf(notice: Pick<NewNotice, "phone" | "createdAt">) {
  const pending = { state: "pending", attempts: 0, nextAttemptAt: notice.createdAt };
  return { push: pending, ...(notice.phone ? { sms: pending } : {}) };
}

/** A new notice's row (put only if absent: its id derives from what caused it). */
export function newNoticeRow(tableName: string, notice: NewNotice, addresseeHash: string): TransactItem {
  const { addressee: _identity, ...fields } = notice;
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...noticeKey(notice.noticeId),
        entity: "notice",
        ...fields,
        addresseeHash,
        channels: channelsOf(notice),
        gsi4pk: noticeInboxPartition(addresseeHash),
        gsi4sk: `${notice.createdAt}#${notice.noticeId}`,
        gsi3pk: NOTICES_DUE_PARTITION,
        gsi3sk: dueSort(notice.createdAt, notice.noticeId),
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** The notice rows of a commit: unconditional, since the commit's processed-event marker already makes it once. */
export function commitNoticeRows(
  tableName: string,
  input: Pick<CommitInput, "notices">,
  applicantHash: ((identity: string) => string) | undefined,
): TransactItem[] {
  const notices = input.notices ?? [];
  if (notices.length === 0 || !applicantHash) return [];
  return notices.map((n) => {
    const { ConditionExpression: _absent, ...put } = newNoticeRow(tableName, n, applicantHash(n.addressee))
      .Put ?? {
      TableName: tableName,
      Item: {},
    };
    return { Put: put };
  });
}

const Localized = z.object({ zh: z.string(), en: z.string() });
const Channel = z.object({
  state: z.enum(["pending", "sending", "sent", "delivered", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: z.string().optional(),
  leaseUntil: z.string().optional(),
  sentAt: z.string().optional(),
  messageId: z.string().optional(),
  receiptBy: z.string().optional(),
  firstSentAt: z.string().optional(),
  deliveredAt: z.string().optional(),
  failedAt: z.string().optional(),
  reason: z.string().optional(),
});
export const NoticeRowSchema = z.object({
  noticeId: z.string(),
  kind: z.enum(NOTICE_KIND_NAMES),
  addresseeHash: z.string(),
  caseId: z.string().optional(),
  offerId: z.string().optional(),
  bundleId: z.string(),
  place: z.string(),
  params: z.object({
    bundle: Localized.optional(),
    item: Localized.optional(),
    caseId: z.string().optional(),
    detail: z.string().optional(),
    dueAt: z.string().optional(),
    status: z.string().optional(),
  }),
  createdAt: z.string(),
  phone: z.string().optional(),
  channels: z.object({ sms: Channel.optional(), push: Channel.optional() }),
  readAt: z.string().optional(),
});
export type StoredNotice = z.infer<typeof NoticeRowSchema>;
export type StoredChannel = z.infer<typeof Channel>;

export const NoticeCounterRowSchema = z.object({
  bundleId: z.string(),
  place: z.string(),
  sent: z.number().optional(),
  delivered: z.number().optional(),
  failed: z.number().optional(),
});

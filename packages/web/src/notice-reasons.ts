/**
 * A channel's failure reason in words: the reason is a code (the gateways' list, or the platform's own); any other
 * value gets the generic sentence, so no raw server text reaches the page.
 */
export const NOTICE_REASON_CODES = [
  "unreachable",
  "no_device",
  "no_phone",
  "no_receipt",
  "publish_failed",
  "invalid_number",
  "rejected",
  "expired",
] as const;
export type NoticeReasonCode = (typeof NOTICE_REASON_CODES)[number];

/** The i18n key of a reason: `notices.reason.<code>`, or `notices.reason.other` for anything unknown. */
export function noticeReasonKey(reason: string): `notices.reason.${NoticeReasonCode | "other"}` {
  return (NOTICE_REASON_CODES as readonly string[]).includes(reason)
    ? `notices.reason.${reason as NoticeReasonCode}`
    : "notices.reason.other";
}

import type { DeliveryChannel, DeliveryState, Notice } from "./delivery.ts";
import {
  type Localized,
  type NoticeParams,
  type NoticeTemplates,
  type RenderedNotice,
  renderNotice,
} from "./templates.ts";

/** A notice as its addressee reads it in the app (我的消息): the text in both languages and each channel's state. */
export interface InboxNotice {
  noticeId: string;
  kind: Notice["kind"];
  bundleId: string;
  caseId?: string;
  offerId?: string;
  createdAt: string;
  readAt?: string;
  text: { zh: RenderedNotice; en: RenderedNotice };
  /** A claimed (`sending`) channel reads as pending: it is not sent until SNS took it. */
  channels: Partial<
    Record<DeliveryChannel, { state: Exclude<DeliveryState, "sending">; at?: string; reason?: string }>
  >;
}

/** A notice's parameters with the bundle's name filled in where the notice was made without it (an offer's). */
export function paramsOf(
  notice: Pick<Notice, "bundleId" | "params">,
  bundleName?: (bundleId: string) => Localized | undefined,
): NoticeParams {
  const name = notice.params.bundle ?? bundleName?.(notice.bundleId);
  return name ? { ...notice.params, bundle: name } : notice.params;
}

export function inboxView(
  notice: Notice,
  templates: NoticeTemplates,
  bundleName?: (bundleId: string) => Localized | undefined,
): InboxNotice {
  const params = paramsOf(notice, bundleName);
  const channels: InboxNotice["channels"] = {};
  for (const [name, c] of Object.entries(notice.channels) as [
    DeliveryChannel,
    NonNullable<Notice["channels"]["sms"]>,
  ][]) {
    const at = c.deliveredAt ?? c.failedAt ?? c.sentAt;
    const state = c.state === "sending" ? "pending" : c.state;
    channels[name] = { state, ...(at ? { at } : {}), ...(c.reason ? { reason: c.reason } : {}) };
  }
  return {
    noticeId: notice.noticeId,
    kind: notice.kind,
    bundleId: notice.bundleId,
    ...(notice.caseId ? { caseId: notice.caseId } : {}),
    ...(notice.offerId ? { offerId: notice.offerId } : {}),
    createdAt: notice.createdAt,
    ...(notice.readAt ? { readAt: notice.readAt } : {}),
    text: {
      zh: renderNotice(templates, notice.kind, notice.bundleId, params, "zh"),
      en: renderNotice(templates, notice.kind, notice.bundleId, params, "en"),
    },
    channels,
  };
}

/**
 * The notices' use cases: deliver what is due on each channel (publish, record `sent` or a backoff), and apply a
 * gateway's receipt. Every change is a conditional write of the channel as read, so a redelivered receipt, a resent
 * retry or two sweepers at once change a channel once.
 */
import {
  type ChannelDelivery,
  DEFAULT_RETRY,
  type DeliveryChannel,
  type DeliveryReceipt,
  maskPhone,
  type Notice,
  nextDue,
  published,
  publishFailed,
  type RetryPolicy,
  received,
  type Transition,
} from "./delivery.ts";
import { paramsOf } from "./inbox.ts";
import type { ChannelPort, DeliveryMetric, NoticeLogger, NoticeRepository } from "./ports.ts";
import { type Localized, type NoticeTemplates, noticeText, renderNotice } from "./templates.ts";

export interface NoticeDeps {
  repository: NoticeRepository;
  channels: ChannelPort;
  templates: NoticeTemplates;
  log: NoticeLogger;
  retry?: RetryPolicy;
  /** A bundle's name, for notices made without it (an offer's). */
  bundleName?: (bundleId: string) => Localized | undefined;
}

export interface DeliveryReport {
  published: number;
  publishFailed: number;
}

const metricsOf = (from: ChannelDelivery, to: ChannelDelivery): DeliveryMetric[] => {
  const out: DeliveryMetric[] = [];
  if (to.state === "sent" && from.state !== "sent") out.push("sent");
  if (to.state === "delivered") out.push("delivered");
  if (to.state === "failed") out.push("failed");
  return out;
};

async function store(
  deps: NoticeDeps,
  notice: Notice,
  channel: DeliveryChannel,
  transition: Transition,
): Promise<boolean> {
  const from = notice.channels[channel];
  if (!from || transition.kind === "unchanged") return false;
  const channels = { ...notice.channels, [channel]: transition.next };
  const ok = await deps.repository.updateChannel({
    noticeId: notice.noticeId,
    channel,
    from,
    to: transition.next,
    nextDue: nextDue(channels),
    metrics: metricsOf(from, transition.next),
    bundleId: notice.bundleId,
    place: notice.place,
  });
  if (ok) notice.channels = channels;
  return ok;
}

/** The message of a notice on a channel: its rendered text in both languages, to the phone or the account. */
function messageOf(deps: NoticeDeps, notice: Notice, channel: DeliveryChannel, attempt: number) {
  const params = paramsOf(notice, deps.bundleName);
  const text = (lang: "zh" | "en") =>
    noticeText(renderNotice(deps.templates, notice.kind, notice.bundleId, params, lang), lang);
  const to = channel === "sms" ? (notice.phone ?? "") : notice.addresseeHash;
  return { noticeId: notice.noticeId, channel, attempt, to, text: { zh: text("zh"), en: text("en") } };
}

/** Publishes every channel of the notice that is pending and due; failures are recorded, never thrown. */
export async function deliverNotice(deps: NoticeDeps, notice: Notice, now: Date): Promise<DeliveryReport> {
  const report = { published: 0, publishFailed: 0 };
  for (const [channel, c] of Object.entries(notice.channels) as [DeliveryChannel, ChannelDelivery][]) {
    if (c.state !== "pending" || (c.nextAttemptAt ?? "") > now.toISOString()) continue;
    const attempt = c.attempts + 1;
    const fields = {
      noticeId: notice.noticeId,
      channel,
      attempt,
      ...(channel === "sms" ? { to: maskPhone(notice.phone) } : {}),
    };
    if (channel === "sms" && !notice.phone) {
      await store(
        deps,
        notice,
        channel,
        publishFailed(c, "no_phone", now, { ...policy(deps), maxAttempts: 1 }),
      );
      continue;
    }
    let messageId: string;
    try {
      ({ messageId } = await deps.channels.publish(messageOf(deps, notice, channel, attempt)));
    } catch (error) {
      const reason = `publish_failed:${(error as Error).name}`;
      report.publishFailed++;
      await store(deps, notice, channel, publishFailed(c, reason, now, policy(deps)));
      deps.log.warn("notice publish failed; retried after a backoff", { ...fields, reason });
      continue;
    }
    // Published: a failure to record it throws (the notice stays due, so the next tick publishes it again).
    if (await store(deps, notice, channel, published(c, messageId, now))) report.published++;
    deps.log.info("notice published", fields);
  }
  return report;
}

const policy = (deps: NoticeDeps) => deps.retry ?? DEFAULT_RETRY;

/** Delivers every notice that is due (the sweeper's step; locally also a faster tick). */
export async function deliverDueNotices(deps: NoticeDeps, now: Date, limit = 50): Promise<DeliveryReport> {
  const due = await deps.repository.listDueNotices(now, limit);
  const total = { published: 0, publishFailed: 0 };
  for (const notice of due) {
    const r = await deliverNotice(deps, notice, now);
    total.published += r.published;
    total.publishFailed += r.publishFailed;
  }
  return total;
}

export type ReceiptOutcome = "applied" | "unchanged" | "unknown_notice";

/** Applies a gateway's receipt to its notice's channel; a repeat or a stale one changes nothing. */
export async function applyReceipt(
  deps: NoticeDeps,
  receipt: DeliveryReceipt,
  now: Date,
): Promise<ReceiptOutcome> {
  const notice = await deps.repository.getNotice(receipt.noticeId);
  const channel = notice?.channels[receipt.channel];
  if (!notice || !channel) return "unknown_notice";
  const ok = await store(deps, notice, receipt.channel, received(channel, receipt, now, policy(deps)));
  deps.log.info("notice receipt", {
    noticeId: receipt.noticeId,
    channel: receipt.channel,
    attempt: receipt.attempt,
    outcome: receipt.outcome,
    ...(receipt.reason ? { reason: receipt.reason } : {}),
    applied: ok,
  });
  return ok ? "applied" : "unchanged";
}

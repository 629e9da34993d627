/**
 * The notices' use cases: deliver what is due on each channel, and apply a gateway's receipt. A deliverer first
 * re-reads the notice (consistent read) and claims the attempt (`pending` → `sending` with a lease, a conditional
 * write of the channel as read), then publishes, then records `sent` with the SNS message id. Two deliverers at once
 * claim a channel once, so the same attempt is published once, not only recorded once; a deliverer that dies after
 * its claim leaves the channel `sending` until the lease ends, then another publishes it (at least once).
 */
import {
  allFinal,
  type ChannelDelivery,
  claimed,
  DEFAULT_RETRY,
  type DeliveryChannel,
  type DeliveryReceipt,
  isDue,
  maskPhone,
  type Notice,
  nextDue,
  published,
  publishFailed,
  type RetryPolicy,
  receiptTimedOut,
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

/** A receipt of the attempt being sent, before its `sent` is stored: thrown so the queue redelivers the receipt. */
export class ReceiptTooEarlyError extends Error {
  override name = "ReceiptTooEarlyError";
}

/** 送达率's counters: `sent` once per channel (its first send), `delivered` / `failed` on the outcome. */
const metricsOf = (from: ChannelDelivery, to: ChannelDelivery): DeliveryMetric[] => {
  const out: DeliveryMetric[] = [];
  if (to.state === "sent" && !from.firstSentAt) out.push("sent");
  if (to.state === "delivered") out.push("delivered");
  if (to.state === "failed") out.push("failed");
  return out;
};

/** Stores a change of the channel as the notice holds it; the change becomes the notice's on success. */
async function store(
  deps: NoticeDeps,
  notice: Notice,
  channel: DeliveryChannel,
  transition: Transition,
): Promise<ChannelDelivery | undefined> {
  const from = notice.channels[channel];
  if (!from || transition.kind !== "changed") return undefined;
  const channels = { ...notice.channels, [channel]: transition.next };
  const dropPhone = notice.phone !== undefined && allFinal(channels);
  const ok = await deps.repository.updateChannel({
    noticeId: notice.noticeId,
    channel,
    from,
    to: transition.next,
    nextDue: nextDue(channels),
    metrics: metricsOf(from, transition.next),
    bundleId: notice.bundleId,
    place: notice.place,
    dropPhone,
  });
  if (!ok) return undefined;
  notice.channels = channels;
  if (dropPhone) delete notice.phone;
  return transition.next;
}

/** The message of a notice on a channel: its rendered text in both languages, to the phone or the account. */
function messageOf(deps: NoticeDeps, notice: Notice, channel: DeliveryChannel, attempt: number) {
  const params = paramsOf(notice, deps.bundleName);
  const text = (lang: "zh" | "en") =>
    noticeText(renderNotice(deps.templates, notice.kind, notice.bundleId, params, lang), lang);
  const to = channel === "sms" ? (notice.phone ?? "") : notice.addresseeHash;
  return { noticeId: notice.noticeId, channel, attempt, to, text: { zh: text("zh"), en: text("en") } };
}

const policy = (deps: NoticeDeps) => deps.retry ?? DEFAULT_RETRY;

/** One channel: claim, publish, record; a channel another deliverer claimed first is left to it. */
async function deliverChannel(
  deps: NoticeDeps,
  notice: Notice,
  channel: DeliveryChannel,
  now: Date,
  report: DeliveryReport,
): Promise<void> {
  const c = notice.channels[channel];
  if (!c) return;
  if (c.state === "sent") {
    if (await store(deps, notice, channel, receiptTimedOut(c, now)))
      deps.log.warn("notice got no receipt in time; failed", { noticeId: notice.noticeId, channel });
    return;
  }
  if (!isDue(c, now)) return;
  const claim = await store(deps, notice, channel, claimed(c, now, policy(deps)));
  if (!claim) return; // claimed (or changed) by another deliverer
  const fields = {
    noticeId: notice.noticeId,
    channel,
    attempt: claim.attempts,
    ...(channel === "sms" ? { to: maskPhone(notice.phone) } : {}),
  };
  if (channel === "sms" && !notice.phone) {
    await store(
      deps,
      notice,
      channel,
      publishFailed(claim, "no_phone", now, { ...policy(deps), maxAttempts: 1 }),
    );
    return;
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.channels.publish(messageOf(deps, notice, channel, claim.attempts)));
  } catch (error) {
    report.publishFailed++;
    await store(deps, notice, channel, publishFailed(claim, "publish_failed", now, policy(deps)));
    deps.log.warn("notice publish failed; retried after a backoff", {
      ...fields,
      reason: "publish_failed",
      error: (error as Error).name,
    });
    return;
  }
  report.published++;
  // A failure to record it leaves the claim: past its lease, the channel is published again (at least once).
  if (await store(deps, notice, channel, published(claim, messageId, now, policy(deps))))
    deps.log.info("notice published", fields);
  else deps.log.warn("notice published, but its claim was taken over; published again", fields);
}

/** Publishes every channel of the notice that is due, as the table holds it now; failures are recorded, never thrown. */
export async function deliverNotice(deps: NoticeDeps, candidate: Notice, now: Date): Promise<DeliveryReport> {
  const report = { published: 0, publishFailed: 0 };
  // The due index is eventually consistent: what it lists may be sent already.
  const notice = await deps.repository.getNotice(candidate.noticeId);
  if (!notice) return report;
  for (const channel of Object.keys(notice.channels) as DeliveryChannel[])
    await deliverChannel(deps, notice, channel, now, report);
  return report;
}

/** Delivers every notice that is due (the deliverer: the sweeper's step on AWS, a 2 s tick locally). */
export async function deliverDueNotices(deps: NoticeDeps, now: Date, limit = 50): Promise<DeliveryReport> {
  const due = await deps.repository.listDueNotices(now, limit);
  const total = { published: 0, publishFailed: 0 };
  for (const notice of due) {
    try {
      const r = await deliverNotice(deps, notice, now);
      total.published += r.published;
      total.publishFailed += r.publishFailed;
    } catch (error) {
      // The table failed for this notice; the rest of the batch goes on, and this one stays due.
      deps.log.warn("notice delivery failed; retried next tick", {
        noticeId: notice.noticeId,
        error: (error as Error).name,
      });
    }
  }
  return total;
}

export type ReceiptOutcome = "applied" | "unchanged" | "unknown_notice" | "mismatch";

/**
 * Applies a gateway's receipt to its notice's channel. A repeat or a stale one changes nothing; one without the
 * attempt's SNS message id (not from the gateway the message went to) is ignored and logged; one of an attempt not
 * yet recorded as sent throws `ReceiptTooEarlyError`, so the queue redelivers it.
 */
export async function applyReceipt(
  deps: NoticeDeps,
  receipt: DeliveryReceipt,
  now: Date,
): Promise<ReceiptOutcome> {
  const notice = await deps.repository.getNotice(receipt.noticeId);
  const channel = notice?.channels[receipt.channel];
  if (!notice || !channel) return "unknown_notice";
  const transition = received(channel, receipt, now, policy(deps));
  const fields = {
    noticeId: receipt.noticeId,
    channel: receipt.channel,
    attempt: receipt.attempt,
    outcome: receipt.outcome,
    ...(receipt.reason ? { reason: receipt.reason } : {}),
  };
  if (transition.kind === "early") throw new ReceiptTooEarlyError(transition.why);
  if (transition.kind === "mismatch") {
    deps.log.warn("notice receipt ignored: its message id is not the attempt's", fields);
    return "mismatch";
  }
  const ok = (await store(deps, notice, receipt.channel, transition)) !== undefined;
  deps.log.info("notice receipt", { ...fields, applied: ok });
  return ok ? "applied" : "unchanged";
}

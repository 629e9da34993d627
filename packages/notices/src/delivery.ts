/**
 * A notice's delivery on each channel, as pure transitions: `pending` → `sent` (published on the channel's topic)
 * → `delivered` | `failed` (with a reason). A publish that fails, or a receipt saying a retryable failure, puts the
 * channel back to `pending` with the next attempt after an exponential backoff, until the attempt limit: then
 * `failed`. Every transition checks where the channel is, so a redelivered receipt or a repeated publish changes
 * nothing (`unchanged`).
 */
import type { NoticeKind, NoticeParams } from "./templates.ts";

/** The channels behind a topic each (the in-app inbox is every notice's, and needs no delivery). */
export const DELIVERY_CHANNELS = ["sms", "push"] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** `sending`: claimed by a deliverer for one attempt until `leaseUntil` (then due again); shown as pending. */
export type DeliveryState = "pending" | "sending" | "sent" | "delivered" | "failed";

export interface ChannelDelivery {
  state: DeliveryState;
  /** Publishes claimed so far (the current one's number once sending or sent). */
  attempts: number;
  /** When a pending channel is next published. */
  nextAttemptAt?: string;
  /** Until when a sending channel is its deliverer's; past it, the channel is due again (the deliverer died). */
  leaseUntil?: string;
  sentAt?: string;
  /** The SNS message id of the current attempt's publish: a receipt counts only when it carries it. */
  messageId?: string;
  /** By when a sent channel's receipt must come; past it, the channel is `failed: no_receipt`. */
  receiptBy?: string;
  /** When the channel was first sent (送达率 counts a channel's `sent` once). */
  firstSentAt?: string;
  deliveredAt?: string;
  failedAt?: string;
  /** Why the last attempt failed: a code (`publish_failed`, `no_phone`, `no_receipt`, the gateway's reason). */
  reason?: string;
}

/** One notice: a row per (case or offer, notice event). */
export interface Notice {
  noticeId: string;
  kind: NoticeKind;
  /** Keyed hash of the addressee's ID number or USCC (the inbox index); never the identity itself. */
  addresseeHash: string;
  caseId?: string;
  offerId?: string;
  bundleId: string;
  /** The case's or offer's place path (送达率 per place). */
  place: string;
  params: NoticeParams;
  createdAt: string;
  /** The applicant's mobile number (SMS only), removed once every channel is final; never logged (`maskPhone`). */
  phone?: string;
  channels: Partial<Record<DeliveryChannel, ChannelDelivery>>;
  readAt?: string;
}

export interface RetryPolicy {
  /** Publishes per channel before it is `failed`. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claim (`sending`) holds before another deliverer may take the channel (default 2 min). */
  leaseMs?: number;
  /** How long a `sent` channel waits for its receipt before it is `failed: no_receipt` (default 24 h). */
  receiptTimeoutMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 };
export const DEFAULT_LEASE_MS = 2 * 60_000;
export const DEFAULT_RECEIPT_TIMEOUT_MS = 24 * 3_600_000;

/** The wait before attempt `attempts + 1`: base × 2^(attempts − 1), capped. */
export function backoffMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

const later = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();
const first = (c: ChannelDelivery) => (c.firstSentAt ? { firstSentAt: c.firstSentAt } : {});

/** A new channel, due now. */
export const pendingChannel = (now: Date): ChannelDelivery => ({
  state: "pending",
  attempts: 0,
  nextAttemptAt: now.toISOString(),
});

/**
 * A transition's outcome: a change to store, none, or (receipts) `early` — the receipt of the attempt being sent,
 * before its `sent` is stored (redeliver it) — or `mismatch` — a receipt without the attempt's SNS message id.
 */
export type Transition =
  | { kind: "changed"; next: ChannelDelivery }
  | { kind: "unchanged"; why: string }
  | { kind: "early"; why: string }
  | { kind: "mismatch"; why: string };

/** Whether a deliverer may claim the channel now: pending and due, or sending past its lease. */
export function isDue(c: ChannelDelivery, now: Date): boolean {
  const t = now.toISOString();
  if (c.state === "pending") return (c.nextAttemptAt ?? "") <= t;
  if (c.state === "sending") return (c.leaseUntil ?? "") <= t;
  return false;
}

/** Claims the next attempt before publishing it: `sending` until the lease ends. */
export function claimed(c: ChannelDelivery, now: Date, policy: RetryPolicy = DEFAULT_RETRY): Transition {
  if (!isDue(c, now)) return { kind: "unchanged", why: `channel is ${c.state}, not due` };
  const leaseUntil = later(now, policy.leaseMs ?? DEFAULT_LEASE_MS);
  return {
    kind: "changed",
    next: {
      state: "sending",
      attempts: c.attempts + 1,
      leaseUntil,
      ...first(c),
      ...(c.reason ? { reason: c.reason } : {}),
    },
  };
}

/** The channel after a publish that succeeded. Only a claimed (sending) channel is published. */
export function published(
  c: ChannelDelivery,
  messageId: string,
  now: Date,
  policy: RetryPolicy = DEFAULT_RETRY,
): Transition {
  if (c.state !== "sending") return { kind: "unchanged", why: `channel is ${c.state}` };
  return {
    kind: "changed",
    next: {
      state: "sent",
      attempts: c.attempts,
      sentAt: now.toISOString(),
      messageId,
      receiptBy: later(now, policy.receiptTimeoutMs ?? DEFAULT_RECEIPT_TIMEOUT_MS),
      firstSentAt: c.firstSentAt ?? now.toISOString(),
    },
  };
}

/** Back to pending after a backoff, or failed at the limit. */
function retryOrFail(c: ChannelDelivery, reason: string, now: Date, policy: RetryPolicy): ChannelDelivery {
  if (c.attempts >= policy.maxAttempts)
    return { state: "failed", attempts: c.attempts, failedAt: now.toISOString(), reason, ...first(c) };
  return {
    state: "pending",
    attempts: c.attempts,
    nextAttemptAt: later(now, backoffMs(c.attempts, policy)),
    reason,
    ...first(c),
  };
}

/** The channel after a publish that failed (the topic refused or throttled it). */
export function publishFailed(
  c: ChannelDelivery,
  reason: string,
  now: Date,
  policy = DEFAULT_RETRY,
): Transition {
  if (c.state !== "sending") return { kind: "unchanged", why: `channel is ${c.state}` };
  return { kind: "changed", next: retryOrFail(c, reason, now, policy) };
}

/** A sent channel whose receipt did not come by `receiptBy`: failed, `no_receipt`. */
export function receiptTimedOut(c: ChannelDelivery, now: Date): Transition {
  if (c.state !== "sent" || (c.receiptBy ?? "~") > now.toISOString())
    return { kind: "unchanged", why: `channel is ${c.state}, within its receipt time` };
  return {
    kind: "changed",
    next: { ...c, state: "failed", failedAt: now.toISOString(), reason: "no_receipt" },
  };
}

/** What a gateway reports of one publish of one notice. */
export interface DeliveryReceipt {
  noticeId: string;
  channel: DeliveryChannel;
  /** Which publish it reports (a receipt of an earlier attempt changes nothing). */
  attempt: number;
  /** The SNS message id of that publish (the gateway got it with the message); any other is ignored. */
  messageId: string;
  outcome: "delivered" | "failed";
  /** A code (`NOTICE_FAILURE_REASONS`). */
  reason?: string;
  /** A failure another attempt may cure (the phone unreachable), unlike e.g. an empty number. */
  retryable?: boolean;
  at: string;
}

/** The channel after a receipt: only of the current attempt, with its message id, and only while it is `sent`. */
export function received(
  c: ChannelDelivery,
  r: DeliveryReceipt,
  now: Date,
  policy = DEFAULT_RETRY,
): Transition {
  if (c.state === "sending" && r.attempt === c.attempts)
    return { kind: "early", why: `attempt ${r.attempt} is not recorded as sent yet` };
  if (c.state !== "sent") return { kind: "unchanged", why: `channel is ${c.state}` };
  if (r.attempt !== c.attempts) return { kind: "unchanged", why: `receipt of attempt ${r.attempt}` };
  if (r.messageId !== c.messageId) return { kind: "mismatch", why: "the message id does not match" };
  const { receiptBy: _by, ...rest } = c;
  if (r.outcome === "delivered")
    return { kind: "changed", next: { ...rest, state: "delivered", deliveredAt: r.at } };
  const reason = r.reason ?? "failed";
  if (!r.retryable)
    return { kind: "changed", next: { ...rest, state: "failed", failedAt: now.toISOString(), reason } };
  return { kind: "changed", next: retryOrFail(c, reason, now, policy) };
}

/** When a channel next needs a deliverer: pending's next attempt, sending's lease end, sent's receipt deadline. */
const dueAt = (c: ChannelDelivery | undefined): string | undefined =>
  c?.state === "pending"
    ? c.nextAttemptAt
    : c?.state === "sending"
      ? c.leaseUntil
      : c?.state === "sent"
        ? c.receiptBy
        : undefined;

/** The earliest time a channel of the notice needs a deliverer, if any (the retry index's key). */
export function nextDue(channels: Notice["channels"]): string | undefined {
  return Object.values(channels)
    .flatMap((c) => {
      const at = dueAt(c);
      return at ? [at] : [];
    })
    .sort()[0];
}

/** Whether every channel is final (delivered or failed): then the phone is removed from the row. */
export const allFinal = (channels: Notice["channels"]): boolean =>
  Object.values(channels).every((c) => c === undefined || c.state === "delivered" || c.state === "failed");

/**
 * A phone number for a log line: the first three and last four digits at most (`138****5678`).
 * @example maskPhone("13812345678") // "138****5678"
 */
export function maskPhone(phone: string | undefined): string {
  const s = phone ?? "";
  return s.length >= 7 ? `${s.slice(0, 3)}${"*".repeat(s.length - 7)}${s.slice(-4)}` : "*".repeat(s.length);
}

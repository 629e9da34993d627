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

export type DeliveryState = "pending" | "sent" | "delivered" | "failed";

export interface ChannelDelivery {
  state: DeliveryState;
  /** Publishes made so far (the current one's number once sent). */
  attempts: number;
  /** When a pending channel is next published. */
  nextAttemptAt?: string;
  sentAt?: string;
  messageId?: string;
  deliveredAt?: string;
  failedAt?: string;
  /** Why the last attempt failed (`publish_failed`, the gateway's reason). */
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
  /** The applicant's mobile number (SMS only); never logged (`maskPhone`). */
  phone?: string;
  channels: Partial<Record<DeliveryChannel, ChannelDelivery>>;
  readAt?: string;
}

export interface RetryPolicy {
  /** Publishes per channel before it is `failed`. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 };

/** The wait before attempt `attempts + 1`: base × 2^(attempts − 1), capped. */
export function backoffMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

const later = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();

/** A new channel, due now. */
export const pendingChannel = (now: Date): ChannelDelivery => ({
  state: "pending",
  attempts: 0,
  nextAttemptAt: now.toISOString(),
});

export type Transition = { kind: "changed"; next: ChannelDelivery } | { kind: "unchanged"; why: string };

/** The channel after a publish that succeeded. Only a pending channel is published. */
export function published(c: ChannelDelivery, messageId: string, now: Date): Transition {
  if (c.state !== "pending") return { kind: "unchanged", why: `channel is ${c.state}` };
  return {
    kind: "changed",
    next: { state: "sent", attempts: c.attempts + 1, sentAt: now.toISOString(), messageId },
  };
}

/** Back to pending after a backoff, or failed at the limit. */
function retryOrFail(attempts: number, reason: string, now: Date, policy: RetryPolicy): ChannelDelivery {
  if (attempts >= policy.maxAttempts)
    return { state: "failed", attempts, failedAt: now.toISOString(), reason };
  return { state: "pending", attempts, nextAttemptAt: later(now, backoffMs(attempts, policy)), reason };
}

/** The channel after a publish that failed (the topic refused or throttled it). */
export function publishFailed(
  c: ChannelDelivery,
  reason: string,
  now: Date,
  policy = DEFAULT_RETRY,
): Transition {
  if (c.state !== "pending") return { kind: "unchanged", why: `channel is ${c.state}` };
  return { kind: "changed", next: retryOrFail(c.attempts + 1, reason, now, policy) };
}

/** What a gateway reports of one publish of one notice. */
export interface DeliveryReceipt {
  noticeId: string;
  channel: DeliveryChannel;
  /** Which publish it reports (a receipt of an earlier attempt changes nothing). */
  attempt: number;
  outcome: "delivered" | "failed";
  reason?: string;
  /** A failure another attempt may cure (the phone unreachable), unlike e.g. an empty number. */
  retryable?: boolean;
  at: string;
}

/** The channel after a receipt: only of the current attempt, and only while it is `sent`. */
export function received(
  c: ChannelDelivery,
  r: DeliveryReceipt,
  now: Date,
  policy = DEFAULT_RETRY,
): Transition {
  if (c.state !== "sent") return { kind: "unchanged", why: `channel is ${c.state}` };
  if (r.attempt !== c.attempts) return { kind: "unchanged", why: `receipt of attempt ${r.attempt}` };
  if (r.outcome === "delivered")
    return { kind: "changed", next: { ...c, state: "delivered", deliveredAt: r.at } };
  const reason = r.reason ?? "failed";
  if (!r.retryable)
    return { kind: "changed", next: { ...c, state: "failed", failedAt: now.toISOString(), reason } };
  return { kind: "changed", next: retryOrFail(c.attempts, reason, now, policy) };
}

/** The earliest time a channel of the notice is due, if any is pending (the retry index's key). */
export function nextDue(channels: Notice["channels"]): string | undefined {
  const due = Object.values(channels)
    .filter((c): c is ChannelDelivery => c?.state === "pending" && c.nextAttemptAt !== undefined)
    .map((c) => c.nextAttemptAt as string)
    .sort();
  return due[0];
}

/**
 * A phone number for a log line: the first three and last four digits at most (`138****5678`).
 * @example maskPhone("13812345678") // "138****5678"
 */
export function maskPhone(phone: string | undefined): string {
  const s = phone ?? "";
  return s.length >= 7 ? `${s.slice(0, 3)}${"*".repeat(s.length - 7)}${s.slice(-4)}` : "*".repeat(s.length);
}

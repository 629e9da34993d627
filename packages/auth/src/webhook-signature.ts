import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures (issue 17): HMAC-SHA256 with the office's own secret over `<timestamp>.<body>`, sent as
 * `OneThing-Signature: t=<unix seconds>,v1=<hex>` (Stripe's scheme). The timestamp is signed with the body, so a
 * receiver that refuses a timestamp older than its tolerance (5 minutes by default) cannot be replayed to later;
 * within the tolerance the body's `eventId` deduplicates. The secret is shown once, at registration.
 */
export const WEBHOOK_SIGNATURE_HEADER = "OneThing-Signature";
/** The header that names the delivery's event (the message's own `eventId`): the receiver's deduplication key. */
export const WEBHOOK_EVENT_ID_HEADER = "OneThing-Event-Id";
export const WEBHOOK_SECRET_PREFIX = "whsec_";
/** How old a signature's timestamp may be (either way) before a receiver refuses it. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** A fresh per-office secret: `whsec_` and 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");

/**
 * The `OneThing-Signature` header's value for `body` sent at `at`: one `v1=` per secret (the current one, and the
 * previous one for a day after a re-registration, so a receiver can switch without missing a delivery).
 */
export function signWebhook(secrets: string | readonly string[], body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  const keys = typeof secrets === "string" ? [secrets] : secrets;
  return [`t=${timestamp}`, ...keys.map((secret) => `v1=${hmac(secret, timestamp, body)}`)].join(",");
}

/** Why a signature is refused. */
export type WebhookSignatureProblem =
  | "signature_missing"
  | "signature_malformed"
  | "signature_stale"
  | "signature_mismatch";

/** Checks a received signature header; `undefined` when it holds, else the problem. */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | undefined,
  now: Date,
  toleranceSeconds = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
): WebhookSignatureProblem | undefined {
  if (!header) return "signature_missing";
  const parts = new Map<string, string[]>();
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key && value) parts.set(key, [...(parts.get(key) ?? []), value]);
  }
  const timestamp = Number(parts.get("t")?.[0]);
  const signatures = parts.get("v1") ?? [];
  if (!Number.isSafeInteger(timestamp) || signatures.length === 0) return "signature_malformed";
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return "signature_stale";
  const expected = Buffer.from(hmac(secret, timestamp, body), "hex");
  const matches = signatures.some((s) => {
    const given = Buffer.from(s, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? undefined : "signature_mismatch";
}

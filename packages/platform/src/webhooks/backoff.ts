/**
 * Webhook retries (issue 17): exponential backoff with jitter, per message, by SQS visibility. After the n-th failed
 * attempt the message is hidden for a delay drawn from [d/2, d] with d = min(base · 2^(n-1), cap) ("equal
 * jitter": never sooner than half the step, so retries of many messages spread without collapsing to zero); the
 * `maxAttempts`-th failure dead-letters it. Defaults: 30 s doubling, at most 1 h, 8 attempts (about an hour of
 * trying in all, at most 63.5 minutes of waiting).
 */
export interface WebhookRetryPolicy {
  readonly baseSeconds: number;
  readonly capSeconds: number;
  readonly maxAttempts: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = {
  baseSeconds: 30,
  capSeconds: 3600,
  maxAttempts: 8,
};

/** SQS's longest visibility timeout (12 h). */
const MAX_VISIBILITY_SECONDS = 43_200;

/** The visibility (seconds) after the `attempt`-th failure (1-based); `random` in [0, 1). */
export function retryDelaySeconds(policy: WebhookRetryPolicy, attempt: number, random: () => number): number {
  const step = Math.min(policy.baseSeconds * 2 ** Math.max(0, attempt - 1), policy.capSeconds);
  const delay = Math.round(step / 2 + random() * (step / 2));
  return Math.min(Math.max(delay, 0), MAX_VISIBILITY_SECONDS);
}

/** Whether the `attempt`-th failure is the last (dead-letter rather than retry). */
export const isLastAttempt = (policy: WebhookRetryPolicy, attempt: number): boolean =>
  attempt >= policy.maxAttempts;

import type { WebhookInputs } from "@onething/platform";

/**
 * Push in the local runtime (issue 17): receivers on this machine may be registered over plain http
 * (`http://127.0.0.1:<port>/…`, `http://localhost:<port>/…`; never on AWS), and retries come sooner than on AWS
 * (5 s doubling, at most 5 minutes, 8 attempts) so a receiver being restarted by hand gets its tasks within minutes.
 * Real time, not the scaled platform clock: receivers check the signature's timestamp against their own.
 */
export const LOCAL_WEBHOOKS: WebhookInputs = {
  allowLoopback: true,
  retry: { baseSeconds: 5, capSeconds: 300, maxAttempts: 8 },
};

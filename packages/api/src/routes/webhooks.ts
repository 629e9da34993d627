import { DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from "@onething/auth";
import {
  assertPlatformScope,
  readWebhook,
  registerWebhook,
  removeWebhook,
  type WebhookRegistration,
} from "@onething/cases";
import {
  DeadLetterListSchema,
  WebhookRegisteredSchema,
  WebhookRegistrationSchema,
  WebhookRemovedSchema,
} from "@onething/contracts";
import { RefusalError } from "@onething/domain";
import type { ApiDeps } from "../deps.ts";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

function webhooksOf(deps: ApiDeps) {
  if (!deps.webhooks)
    throw new RefusalError("retry_later", "webhooks_unavailable", "webhooks are not configured here");
  return { ...deps.webhooks, catalogue: deps.catalogue };
}

const view = (r: WebhookRegistration) => ({
  department: r.department,
  office: r.office,
  url: r.url,
  createdAt: r.createdAt,
  ...(r.previousSecretUntil ? { previousSecretUntil: r.previousSecretUntil } : {}),
  signature: {
    header: "OneThing-Signature" as const,
    algorithm: "HMAC-SHA256" as const,
    toleranceSeconds: DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  },
});

/** Push (issue 17): a department office's webhook, and the operators' look into a dead-letter queue. */
export const webhookRoutes: Pick<
  RouteHandlers,
  "registerWebhook" | "getWebhook" | "removeWebhook" | "listDeadLetters"
> = {
  registerWebhook: async ({ principal, body }, deps) => {
    const registration = await registerWebhook(webhooksOf(deps), principal, body);
    return json(201, WebhookRegisteredSchema.parse({ ...view(registration), secret: registration.secret }));
  },
  getWebhook: async ({ principal }, deps) =>
    json(200, WebhookRegistrationSchema.parse(view(await readWebhook(webhooksOf(deps), principal)))),
  removeWebhook: async ({ principal }, deps) => {
    const removed = await removeWebhook(webhooksOf(deps), principal);
    return json(200, WebhookRemovedSchema.parse({ ...removed, removed: true }));
  },
  listDeadLetters: async ({ principal, params }, deps) => {
    // A dead-letter queue holds every office's messages: only the platform's own operators look into it.
    assertPlatformScope(principal, deps.catalogue.places, "looking into a dead-letter queue");
    return json(200, DeadLetterListSchema.parse(await webhooksOf(deps).peekDeadLetters(params.queue)));
  },
};

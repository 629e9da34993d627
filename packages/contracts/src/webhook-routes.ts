/** Push to department offices (issue 17): an office's webhook, and the operators' look into a dead-letter queue. */
import { error, invalid, type RouteSpec, segment } from "./route-spec.ts";
import {
  DeadLetterListSchema,
  WebhookRegisteredSchema,
  WebhookRegistrationBodySchema,
  WebhookRegistrationSchema,
  WebhookRemovedSchema,
} from "./webhooks.ts";

const noWebhook = error("The office has no webhook (`no_webhook`)");

export const WEBHOOK_ROUTES = {
  registerWebhook: {
    id: "registerWebhook",
    method: "PUT",
    path: "/v1/department/webhook",
    summary:
      "Register (or replace) the calling office's https endpoint: its tasks are POSTed there, signed with the secret this answer shows once",
    tag: "department",
    callers: ["department"],
    body: WebhookRegistrationBodySchema,
    responses: {
      201: { description: "Registered; `secret` is shown only now", schema: WebhookRegisteredSchema },
      400: invalid(
        "A URL that may not be registered, named `url`: `webhook_url_invalid`, `webhook_url_not_https`, `webhook_url_private`, `webhook_url_credentials`, `webhook_url_too_long`",
      ),
    },
  },
  getWebhook: {
    id: "getWebhook",
    method: "GET",
    path: "/v1/department/webhook",
    summary: "The calling office's webhook (never its secret)",
    tag: "department",
    callers: ["department"],
    responses: {
      200: { description: "The registration", schema: WebhookRegistrationSchema },
      404: noWebhook,
    },
  },
  removeWebhook: {
    id: "removeWebhook",
    method: "DELETE",
    path: "/v1/department/webhook",
    summary: "Remove the calling office's webhook: its tasks go to the department queue again",
    tag: "department",
    callers: ["department"],
    responses: { 200: { description: "Removed", schema: WebhookRemovedSchema }, 404: noWebhook },
  },
  listDeadLetters: {
    id: "listDeadLetters",
    method: "GET",
    path: "/v1/ops/dead-letters/{queue}/messages",
    summary:
      "A look at up to 10 messages of a dead-letter queue, each with its reason (a webhook's: last status, timeout, connection refused)",
    tag: "operator",
    callers: ["operator"],
    pathParams: { queue: segment("orchestrator, results, events, webhooks or dept-<department id>") },
    responses: {
      200: { description: "The messages (ids and reasons, never bodies)", schema: DeadLetterListSchema },
      403: error("Not an operator of the whole platform (`platform_only`)"),
      404: error("Unknown queue (`unknown_queue`)"),
    },
  },
} as const satisfies Record<string, RouteSpec>;

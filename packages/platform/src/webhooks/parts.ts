import type { SQSClient } from "@aws-sdk/client-sqs";
import {
  type CaseLogger,
  createWebhookDirectory,
  type SendOutbox,
  type WebhookDirectory,
  type WebhookRepository,
  withWebhookRouting,
} from "@onething/cases";
import { sendPoisonToDeadLetterQueue } from "@onething/messaging";
import { type OpsQueue, peekDeadLetters } from "@onething/ops";
import type { WebhookRetryPolicy } from "./backoff.ts";
import { createWebhooksHandler, type WebhooksHandlerDeps } from "./deliver.ts";
import { createWebhookPoster, type WebhookPoster } from "./post.ts";

/** How push behaves where the platform runs (Lambda: the defaults; the local runtime and tests: loopback, short backoff). */
export interface WebhookInputs {
  /** Plain-http loopback receivers may be registered and reached (local runtime, tests). Never on AWS. */
  readonly allowLoopback?: boolean;
  readonly retry?: Partial<WebhookRetryPolicy>;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** How long registrations are reused (default 30 s). */
  readonly cacheMs?: number;
  /** Replaces the HTTP poster (a test's). */
  readonly poster?: WebhookPoster;
  readonly random?: () => number;
}

interface QueueRef {
  readonly url: string;
  readonly deadLetterQueue: { readonly url: string };
}

/** The webhook parts of the composition: the directory, the routing sender, the handler and the API's port. */
export function webhookParts(options: {
  readonly inputs: WebhookInputs | undefined;
  readonly queue: QueueRef | undefined;
  readonly sqs: SQSClient;
  readonly repository: () => WebhookRepository;
  /** Real time: registrations' times and the signatures' timestamps (never the local runtime's scaled clock). */
  readonly realClock: () => Date;
  readonly log: CaseLogger;
  readonly opsQueues: () => readonly OpsQueue[];
}) {
  const inputs = options.inputs ?? {};
  let directory: WebhookDirectory | undefined;
  const directoryOf = () => {
    directory ??= createWebhookDirectory(options.repository(), {
      clock: options.realClock,
      ...(inputs.cacheMs === undefined ? {} : { cacheMs: inputs.cacheMs }),
    });
    return directory;
  };
  return {
    /** The outbox sender, routing pushed offices' messages to the webhooks queue (when there is one). */
    route: (send: SendOutbox): SendOutbox => (options.queue ? withWebhookRouting(send, directoryOf()) : send),
    urls: options.queue ? { webhooks: options.queue.url } : {},
    handler: (send: SendOutbox, stillOpen?: WebhooksHandlerDeps["stillOpen"]) => {
      const queue = options.queue;
      if (!queue) throw new Error("the webhooks function needs the webhooks queue");
      return createWebhooksHandler({
        directory: directoryOf(),
        poster:
          inputs.poster ??
          createWebhookPoster({
            allowLoopback: inputs.allowLoopback ?? false,
            ...(inputs.timeoutMs === undefined ? {} : { timeoutMs: inputs.timeoutMs }),
          }),
        sqs: options.sqs,
        queueUrl: queue.url,
        onDeadLetter: sendPoisonToDeadLetterQueue(options.sqs, queue.deadLetterQueue.url),
        send,
        log: options.log,
        realClock: options.realClock,
        ...(inputs.retry ? { retry: inputs.retry } : {}),
        ...(inputs.random ? { random: inputs.random } : {}),
        ...(stillOpen ? { stillOpen } : {}),
      });
    },
    api: () => ({
      webhooks: options.repository(),
      urlPolicy: { allowLoopback: inputs.allowLoopback ?? false },
      // Real time, as the deliveries sign with: a replaced secret's grace is a real day, also locally.
      clock: options.realClock,
      peekDeadLetters: (key: string) => peekDeadLetters(options.sqs, options.opsQueues(), key),
    }),
  };
}

import { ChangeMessageVisibilityCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { signWebhook, WEBHOOK_EVENT_ID_HEADER, WEBHOOK_SIGNATURE_HEADER } from "@onething/auth";
import {
  type CaseLogger,
  departmentQueue,
  type SendOutbox,
  signingSecrets,
  type WebhookDirectory,
} from "@onething/cases";
import { type WebhookDeliveryMessage, WebhookDeliveryMessageSchema } from "@onething/contracts";
import { createSqsConsumer, type PoisonHandler, PoisonMessageError } from "@onething/messaging";
import type { SQSRecord } from "aws-lambda";
import {
  DEFAULT_WEBHOOK_RETRY,
  isLastAttempt,
  retryDelaySeconds,
  type WebhookRetryPolicy,
} from "./backoff.ts";
import type { WebhookPoster } from "./post.ts";

export interface WebhooksHandlerDeps {
  readonly directory: WebhookDirectory;
  readonly poster: WebhookPoster;
  readonly sqs: SQSClient;
  /** The webhooks queue (its records' visibility is the backoff). */
  readonly queueUrl: string;
  /** The webhooks DLQ: a delivery's last failure goes there with its reason. */
  readonly onDeadLetter: PoisonHandler;
  /** The outbox sender: a task whose office removed its webhook goes back to the department queue. */
  readonly send: SendOutbox;
  readonly log: CaseLogger;
  readonly retry?: Partial<WebhookRetryPolicy>;
  /** Real time: signatures carry it and receivers check it against theirs (never the scaled platform clock). */
  readonly realClock?: () => Date;
  readonly random?: () => number;
  /**
   * Whether the task is still the office's (`taskStillOpen`): asked before each attempt, so a task answered,
   * transferred or closed meanwhile is not pushed again — its data and token would reach an office it left.
   */
  readonly stillOpen?: (message: WebhookDeliveryMessage["message"]) => Promise<boolean>;
}

/** Failing a record so the queue offers it again after the backoff it was given. */
export class WebhookDeliveryFailedError extends Error {
  readonly reason: string;
  readonly attempt: number;
  readonly retryInSeconds: number;
  constructor(reason: string, attempt: number, retryInSeconds: number) {
    super(`webhook delivery failed (${reason}) on attempt ${attempt}; again in ${retryInSeconds} s`);
    this.name = new.target.name;
    this.reason = reason;
    this.attempt = attempt;
    this.retryInSeconds = retryInSeconds;
  }
}

const attemptOf = (record: SQSRecord) => Math.max(1, Number(record.attributes.ApproximateReceiveCount) || 1);

/**
 * The webhooks function: POSTs each pushed task to its office's endpoint, signed (`OneThing-Signature`) with the
 * office's secret, its `eventId` in `OneThing-Event-Id`. A 2xx acknowledges it. A failure hides the record for the
 * backoff (ChangeMessageVisibility; the attempt is SQS's receive count) and fails it; the last attempt's failure
 * goes to the DLQ with the reason (`delivery-failed`, detail `<last reason> after <n> attempts`). A task whose
 * office no longer has a webhook is sent to the department queue instead.
 */
export function createWebhooksHandler(deps: WebhooksHandlerDeps) {
  const policy = { ...DEFAULT_WEBHOOK_RETRY, ...deps.retry };
  const now = deps.realClock ?? (() => new Date());
  const random = deps.random ?? Math.random;
  return createSqsConsumer({
    schema: WebhookDeliveryMessageSchema,
    processInParallel: true,
    handle: async (record, delivery) => {
      const { message } = delivery;
      const ids = {
        caseId: delivery.caseId,
        eventId: message.eventId,
        department: delivery.department,
        office: delivery.office,
      };
      if (deps.stillOpen && !(await deps.stillOpen(message))) {
        deps.log.info("webhook task no longer open (answered, transferred or closed): not pushed", ids);
        return;
      }
      const registration = await deps.directory.registration(delivery.department, delivery.office);
      if (!registration) {
        await deps.send([
          { queue: departmentQueue(delivery.department), body: message, dedupId: message.eventId },
        ]);
        deps.log.info("webhook gone: task sent to the department queue", ids);
        return;
      }
      const body = JSON.stringify(message);
      const attempt = attemptOf(record);
      const outcome = await deps.poster(registration.url, body, {
        "content-type": "application/json",
        "user-agent": "OneThing-Webhooks/1",
        [WEBHOOK_SIGNATURE_HEADER.toLowerCase()]: signWebhook(
          signingSecrets(registration, now()),
          body,
          now(),
        ),
        [WEBHOOK_EVENT_ID_HEADER.toLowerCase()]: message.eventId,
        "onething-delivery-attempt": String(attempt),
      });
      if (outcome.ok) {
        deps.log.info("webhook delivered", { ...ids, attempt, status: outcome.status });
        return;
      }
      if (isLastAttempt(policy, attempt)) {
        const detail = `${outcome.reason} after ${attempt} attempts`;
        await deps.onDeadLetter(record, new PoisonMessageError("delivery-failed", detail));
        deps.log.warn("webhook delivery dead-lettered", { ...ids, attempt, reason: outcome.reason });
        return;
      }
      const retryIn = retryDelaySeconds(policy, attempt, random);
      await deps.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: deps.queueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: retryIn,
        }),
      );
      deps.log.warn("webhook delivery failed", { ...ids, attempt, reason: outcome.reason, retryIn });
      throw new WebhookDeliveryFailedError(outcome.reason, attempt, retryIn);
    },
    onPoison: deps.onDeadLetter,
    // A failed delivery is logged above (a warning: the receiver's problem, retried); anything else is ours.
    onFailure: (record, error) => {
      if (error instanceof WebhookDeliveryFailedError) return;
      deps.log.error("webhook record failed", {
        messageId: record.messageId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    },
  });
}

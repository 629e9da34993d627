/**
 * Names of the environment variables that carry deployed resource identifiers into functions.
 * Infra sets them, runtime code reads them (once, at module scope): the names live here so the two
 * cannot drift. Values are never part of the topology.
 *
 * Lambda caps a function's environment at 4 KB, so nothing here grows with the department registry: the
 * department queues' URLs are derived from `QUEUE_URL_PREFIX` with the topology's own naming functions
 * (see `queueUrlFromPrefix`).
 *
 * @example
 * const tableName = requireEnv(ENV.tableName); // reads process.env.TABLE_NAME
 */
export const ENV = {
  tableName: "TABLE_NAME",
  orchestratorQueueUrl: "ORCHESTRATOR_QUEUE_URL",
  orchestratorDeadLetterQueueUrl: "ORCHESTRATOR_DLQ_URL",
  resultsQueueUrl: "RESULTS_QUEUE_URL",
  resultsDeadLetterQueueUrl: "RESULTS_DLQ_URL",
  /** Source systems' data events (and the outbox's `EmitDataEvent`s, and the bodies of `POST /v1/events`). */
  eventsQueueUrl: "EVENTS_QUEUE_URL",
  eventsDeadLetterQueueUrl: "EVENTS_DEAD_LETTER_QUEUE_URL",
  /**
   * `<queue URL base>/<topology prefix>`, e.g. `https://sqs.cn-north-1.amazonaws.com.cn/123456789012/onething-prod`:
   * every queue's URL is `<base>/<queueName(prefix, …)>`, so each department queue and DLQ URL is derived from it.
   */
  queueUrlPrefix: "QUEUE_URL_PREFIX",
  /** The task-token signing key itself (local runs and tests only). */
  taskTokenSecret: "TASK_TOKEN_SECRET",
  /** The Secrets Manager secret holding the task-token key (AWS): read once at cold start, never put in the env. */
  taskTokenSecretArn: "TASK_TOKEN_SECRET_ARN",
  /** The notices' SNS topics, one per channel (the sweeper publishes what is due on them). */
  noticeSmsTopicArn: "NOTICE_SMS_TOPIC_ARN",
  noticePushTopicArn: "NOTICE_PUSH_TOPIC_ARN",
  /** Each channel's receipts queue: only its gateway may send there; the sweeper drains it. */
  noticeSmsReceiptsQueueUrl: "NOTICE_SMS_RECEIPTS_QUEUE_URL",
  noticePushReceiptsQueueUrl: "NOTICE_PUSH_RECEIPTS_QUEUE_URL",
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/** Which resource's identifier an environment variable carries. */
export type EnvBinding =
  | { readonly kind: "tableName" }
  | { readonly kind: "queueUrl"; readonly queue: "orchestrator" | "results" | "events" }
  | { readonly kind: "deadLetterQueueUrl"; readonly queue: "orchestrator" | "results" | "events" }
  | { readonly kind: "queueUrlPrefix" }
  | { readonly kind: "secret"; readonly secret: "taskToken" }
  | { readonly kind: "secretArn"; readonly secret: "taskToken" }
  | { readonly kind: "topicArn"; readonly topic: "sms" | "push" }
  | { readonly kind: "receiptsQueueUrl"; readonly channel: "sms" | "push" };

export const ENV_BINDINGS: Readonly<Record<EnvName, EnvBinding>> = {
  [ENV.tableName]: { kind: "tableName" },
  [ENV.orchestratorQueueUrl]: { kind: "queueUrl", queue: "orchestrator" },
  [ENV.orchestratorDeadLetterQueueUrl]: { kind: "deadLetterQueueUrl", queue: "orchestrator" },
  [ENV.resultsQueueUrl]: { kind: "queueUrl", queue: "results" },
  [ENV.resultsDeadLetterQueueUrl]: { kind: "deadLetterQueueUrl", queue: "results" },
  [ENV.eventsQueueUrl]: { kind: "queueUrl", queue: "events" },
  [ENV.eventsDeadLetterQueueUrl]: { kind: "deadLetterQueueUrl", queue: "events" },
  [ENV.queueUrlPrefix]: { kind: "queueUrlPrefix" },
  [ENV.taskTokenSecret]: { kind: "secret", secret: "taskToken" },
  [ENV.taskTokenSecretArn]: { kind: "secretArn", secret: "taskToken" },
  [ENV.noticeSmsTopicArn]: { kind: "topicArn", topic: "sms" },
  [ENV.noticePushTopicArn]: { kind: "topicArn", topic: "push" },
  [ENV.noticeSmsReceiptsQueueUrl]: { kind: "receiptsQueueUrl", channel: "sms" },
  [ENV.noticePushReceiptsQueueUrl]: { kind: "receiptsQueueUrl", channel: "push" },
};

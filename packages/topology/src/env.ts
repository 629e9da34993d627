/**
 * Names of the environment variables that carry deployed resource identifiers into functions.
 * Infra sets them, runtime code reads them (once, at module scope): the names live here so the two
 * cannot drift. Values are never part of the topology.
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
  /** JSON object `{ [departmentId]: queueUrl }`: one variable instead of one per department (Lambda caps env at 4 KB). */
  departmentQueueUrls: "DEPARTMENT_QUEUE_URLS",
  /** JSON object `{ [departmentId]: deadLetterQueueUrl }`: the department queues' DLQs, for the operator routes. */
  departmentDeadLetterQueueUrls: "DEPARTMENT_DLQ_URLS",
  taskTokenSecret: "TASK_TOKEN_SECRET",
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

/** Which resource's identifier an environment variable carries. */
export type EnvBinding =
  | { readonly kind: "tableName" }
  | { readonly kind: "queueUrl"; readonly queue: "orchestrator" | "results" }
  | { readonly kind: "deadLetterQueueUrl"; readonly queue: "orchestrator" | "results" }
  | { readonly kind: "departmentQueueUrls" }
  | { readonly kind: "departmentDeadLetterQueueUrls" }
  | { readonly kind: "secret"; readonly secret: "taskToken" };

export const ENV_BINDINGS: Readonly<Record<EnvName, EnvBinding>> = {
  [ENV.tableName]: { kind: "tableName" },
  [ENV.orchestratorQueueUrl]: { kind: "queueUrl", queue: "orchestrator" },
  [ENV.orchestratorDeadLetterQueueUrl]: { kind: "deadLetterQueueUrl", queue: "orchestrator" },
  [ENV.resultsQueueUrl]: { kind: "queueUrl", queue: "results" },
  [ENV.resultsDeadLetterQueueUrl]: { kind: "deadLetterQueueUrl", queue: "results" },
  [ENV.departmentQueueUrls]: { kind: "departmentQueueUrls" },
  [ENV.departmentDeadLetterQueueUrls]: { kind: "departmentDeadLetterQueueUrls" },
  [ENV.taskTokenSecret]: { kind: "secret", secret: "taskToken" },
};

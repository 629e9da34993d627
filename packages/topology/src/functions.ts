// The platform's five Lambda functions: what invokes each, its limits, and exactly the environment it reads.
import { ENV, type EnvName } from "./env.ts";
import type { QueueKey } from "./names.ts";

export type ConsumerName = "orchestrator" | "results" | "events";
/** Every Lambda function of the platform: the queue consumers, the HTTP API and the scheduled sweeper. */
export type FunctionName = ConsumerName | "api" | "sweeper";

/** What invokes a function. */
export type FunctionTrigger =
  | { readonly kind: "queue"; readonly queue: QueueKey }
  | { readonly kind: "http" }
  | { readonly kind: "schedule"; readonly everyMinutes: number };

/** One Lambda function: what invokes it, its limits, and the environment it reads. */
export interface FunctionSpec {
  readonly name: FunctionName;
  readonly logicalId: string;
  /** The module that exports `handler`, from the repository root. */
  readonly entry: string;
  readonly trigger: FunctionTrigger;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  /**
   * Env var names the function reads (and infra must set); values come from `env` bindings. Exactly what
   * `loadConfig` (packages/platform) requires at cold start: a CDK app built from this list starts.
   */
  readonly environment: readonly EnvName[];
}

/** A queue consumer's function (the `consumers` view of `functions`). */
export interface ConsumerFunctionSpec extends FunctionSpec {
  readonly name: ConsumerName;
  readonly queue: QueueKey;
}

/**
 * What each function reads, and nothing more: `loadConfig` (packages/platform) requires exactly a function's list
 * at cold start, and the CDK app sets exactly this list and grants access to exactly these resources. A unit test
 * in packages/platform checks that `loadConfig` accepts each list and that no name in it could be left out.
 *
 * - every function sends through the outbox: the orchestrator queue, the events queue (an `EmitDataEvent` of a
 *   completed item; the api also queues `POST /v1/events` bodies there) and (derived from the prefix) department
 *   queues;
 * - the orchestrator, results and events consumers dead-letter poison to their own DLQ;
 * - the api reports every queue's DLQ depth and redrives them (the operator routes);
 * - task tokens are signed when items are dispatched (api, orchestrator, results, and events, whose rules start
 *   cases) and verified when departments answer (api, results); the sweeper only resends outbox entries whose
 *   tokens are already signed.
 */
const SENDER_ENVIRONMENT: readonly EnvName[] = [
  ENV.tableName,
  ENV.orchestratorQueueUrl,
  ENV.eventsQueueUrl,
  ENV.queueUrlPrefix,
];

const FUNCTION_ENVIRONMENT: Readonly<Record<FunctionName, readonly EnvName[]>> = {
  api: [
    ...SENDER_ENVIRONMENT,
    ENV.orchestratorDeadLetterQueueUrl,
    ENV.resultsQueueUrl,
    ENV.resultsDeadLetterQueueUrl,
    ENV.eventsDeadLetterQueueUrl,
    ENV.taskTokenSecretArn,
  ],
  orchestrator: [...SENDER_ENVIRONMENT, ENV.orchestratorDeadLetterQueueUrl, ENV.taskTokenSecretArn],
  results: [...SENDER_ENVIRONMENT, ENV.resultsDeadLetterQueueUrl, ENV.taskTokenSecretArn],
  events: [...SENDER_ENVIRONMENT, ENV.eventsDeadLetterQueueUrl, ENV.taskTokenSecretArn],
  // The sweeper also publishes the notices that are due on their channels' topics and drains the gateways'
  // receipts (issue 16).
  sweeper: [
    ...SENDER_ENVIRONMENT,
    ENV.noticeSmsTopicArn,
    ENV.noticePushTopicArn,
    ENV.noticeSmsReceiptsQueueUrl,
    ENV.noticePushReceiptsQueueUrl,
  ],
};

export const CONSUMER_FUNCTIONS: Readonly<
  Record<ConsumerName, Omit<ConsumerFunctionSpec, "name" | "trigger">>
> = {
  orchestrator: {
    logicalId: "OrchestratorFunction",
    entry: "functions/orchestrator/src/main.ts",
    queue: "orchestrator",
    timeoutSeconds: 30,
    memorySizeMb: 512,
    environment: FUNCTION_ENVIRONMENT.orchestrator,
  },
  results: {
    logicalId: "ResultsFunction",
    entry: "functions/orchestrator/src/results-main.ts",
    queue: "results",
    timeoutSeconds: 20,
    memorySizeMb: 256,
    environment: FUNCTION_ENVIRONMENT.results,
  },
  events: {
    logicalId: "EventsFunction",
    entry: "functions/orchestrator/src/events-main.ts",
    queue: "events",
    timeoutSeconds: 30,
    memorySizeMb: 512,
    environment: FUNCTION_ENVIRONMENT.events,
  },
};

export const consumerFunction = (name: ConsumerName): ConsumerFunctionSpec => ({
  name,
  ...CONSUMER_FUNCTIONS[name],
  trigger: { kind: "queue", queue: CONSUMER_FUNCTIONS[name].queue },
});

export const OTHER_FUNCTIONS: Readonly<Record<Exclude<FunctionName, ConsumerName>, FunctionSpec>> = {
  api: {
    name: "api",
    logicalId: "ApiFunction",
    entry: "functions/api/src/main.ts",
    trigger: { kind: "http" },
    // API Gateway's HTTP API gives up on an integration after 30 s; answer (or fail) before it does.
    timeoutSeconds: 29,
    memorySizeMb: 512,
    environment: FUNCTION_ENVIRONMENT.api,
  },
  sweeper: {
    name: "sweeper",
    logicalId: "SweeperFunction",
    entry: "functions/sweeper/src/main.ts",
    trigger: { kind: "schedule", everyMinutes: 1 },
    // Bounded work per tick, done well inside the minute before the next tick starts.
    timeoutSeconds: 50,
    memorySizeMb: 256,
    environment: FUNCTION_ENVIRONMENT.sweeper,
  },
};

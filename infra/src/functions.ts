import { CLAIM_MAP_ENV } from "@onething/auth";
import {
  allQueues,
  type ConsumerName,
  ENV,
  type EnvName,
  type FunctionName,
  type Topology,
} from "@onething/topology";
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { Construct } from "constructs";
import { type PlatformData, queueOf } from "./data.ts";
import { logRetention, PlatformFunction } from "./platform-function.ts";
import type { StageConfig } from "./stages.ts";

/**
 * What a function does with the resources its topology `environment` names, beyond "it may use them": the topology
 * says which variables a function reads, this says the verbs. Grants follow from both (`grantAccess`).
 */
const OPERATES_DEAD_LETTERS: ReadonlySet<FunctionName> = new Set(["api"]);

export interface FunctionsProps {
  readonly topology: Topology;
  readonly stage: StageConfig;
  readonly data: PlatformData;
  /** `ENV.queueUrlPrefix`'s deployed value. */
  readonly urlPrefix: string;
  readonly metricsNamespace: string;
  readonly removalPolicy: RemovalPolicy;
  /** The task-token secret's rotation function's role: it reads the secret too (`task-key-rotation.ts`). */
  readonly secretRotator?: iam.IRole;
}

/**
 * Every function of the topology with its environment and grants, the task-token secret's readers, the queue
 * consumers' event sources and the sweeper's schedule.
 */
export function createFunctions(
  scope: Construct,
  props: FunctionsProps,
): Readonly<Record<FunctionName, PlatformFunction>> {
  const { topology, stage, data } = props;
  const created: Partial<Record<FunctionName, PlatformFunction>> = {};
  for (const spec of Object.values(topology.functions)) {
    const fn = new PlatformFunction(scope, spec.logicalId, {
      spec,
      environment: {
        ...Object.fromEntries(
          spec.environment.map((name) => [name, envValue(topology, data, name, props.urlPrefix)]),
        ),
        // An external issuer's claim names, for the function that reads principals (a runtime setting).
        ...(spec.name === "api" && stage.claimMap ? { [CLAIM_MAP_ENV]: JSON.stringify(stage.claimMap) } : {}),
      },
      logRetentionDays: logRetention(stage.logRetentionDays),
      removalPolicy: props.removalPolicy,
      metricsNamespace: props.metricsNamespace,
    });
    grantAccess(topology, data, fn);
    created[spec.name] = fn;
  }
  const functions = created as Record<FunctionName, PlatformFunction>;
  restrictSecretReaders(data, functions, props.secretRotator);
  // The schedule invokes asynchronously: Lambda's own retries of a failed or timed-out sweep would overlap the
  // next scheduled one, and two sweeps must never run at once.
  functions.sweeper.function.configureAsyncInvoke({ retryAttempts: 0 });

  for (const consumer of Object.values(topology.consumers)) {
    connectConsumer(topology, data, functions, consumer.name);
  }

  new events.Rule(scope, "SweeperSchedule", {
    description: "Runs the sweeper: resends the outbox, raises overdue items, reports stuck cases",
    schedule: events.Schedule.rate(Duration.minutes(sweeperEveryMinutes(topology))),
    targets: [new targets.LambdaFunction(functions.sweeper.function, { retryAttempts: 0 })],
  });
  return functions;
}

/**
 * The functions that sign or verify task tokens (those whose environment lists the secret's ARN) are the only
 * principals that may read its value: a resource policy denies `GetSecretValue` to every other principal, even
 * one an identity policy would allow. Management (describe, update, delete, policy) stays with the account.
 */
function restrictSecretReaders(
  data: PlatformData,
  functions: Readonly<Record<FunctionName, PlatformFunction>>,
  rotator?: iam.IRole,
): void {
  const readers = Object.values(functions)
    .filter((fn) => fn.spec.environment.includes(ENV.taskTokenSecretArn))
    .map((fn): iam.IRole => fn.role)
    .concat(rotator ? [rotator] : []);
  data.taskTokenSecret.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "OnlyTaskTokenFunctionsReadTheKey",
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ["secretsmanager:GetSecretValue"],
      resources: ["*"],
      conditions: { ArnNotEquals: { "aws:PrincipalArn": readers.map((role) => role.roleArn) } },
    }),
  );
}

/** The deployed value of one variable the topology names. */
function envValue(topology: Topology, data: PlatformData, name: EnvName, urlPrefix: string): string {
  const binding = topology.env[name];
  switch (binding.kind) {
    case "tableName":
      return data.table.tableName;
    case "queueUrl":
      return queueOf(data.queues, binding.queue).queue.queueUrl;
    case "deadLetterQueueUrl":
      return queueOf(data.queues, binding.queue).deadLetterQueue.queueUrl;
    case "queueUrlPrefix":
      return urlPrefix;
    case "secretArn":
      return data.taskTokenSecret.secretArn;
    case "topicArn":
      return data.noticeTopics[binding.topic].topic.topicArn;
    case "receiptsQueueUrl":
      return data.noticeTopics[binding.channel].receipts.queueUrl;
    case "secret":
      throw new Error(
        `${name} carries the key itself and is never set on AWS; list ${ENV.taskTokenSecretArn}`,
      );
    default: {
      const unknown: never = binding;
      throw new Error(`no value for ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Least privilege from the topology: a function may use exactly what its environment names. Every function
 * commits to the table and sends to the orchestrator, events and department queues (the outbox); a consumer dead-letters
 * poison to its own DLQ; the operator function (api) reads every DLQ's depth and redrives it to its source;
 * only the functions that list the secret may read it (and decrypt it).
 */
function grantAccess(topology: Topology, data: PlatformData, fn: PlatformFunction): void {
  const { spec, role } = fn;
  const reads = (name: EnvName) => spec.environment.includes(name);
  if (reads(ENV.tableName)) data.table.grantReadWriteData(role);
  if (reads(ENV.orchestratorQueueUrl)) queueOf(data.queues, "orchestrator").queue.grantSendMessages(role);
  if (reads(ENV.eventsQueueUrl)) queueOf(data.queues, "events").queue.grantSendMessages(role);
  const departments = allQueues(topology).filter((q) => q.consumer.kind === "department");
  if (reads(ENV.queueUrlPrefix)) {
    for (const q of departments) queueOf(data.queues, q.key).queue.grantSendMessages(role);
  }
  const consumerOf = (queue: ConsumerName) => spec.trigger.kind === "queue" && spec.trigger.queue === queue;
  for (const [queue, variable] of [
    ["orchestrator", ENV.orchestratorDeadLetterQueueUrl],
    ["results", ENV.resultsDeadLetterQueueUrl],
    ["events", ENV.eventsDeadLetterQueueUrl],
  ] as const) {
    if (reads(variable) && consumerOf(queue))
      queueOf(data.queues, queue).deadLetterQueue.grantSendMessages(role);
  }
  if (OPERATES_DEAD_LETTERS.has(spec.name)) {
    for (const { queue, deadLetterQueue } of Object.values(data.queues)) {
      deadLetterQueue.grant(
        role,
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
      );
      queue.grantSendMessages(role);
    }
  }
  if (reads(ENV.taskTokenSecretArn)) data.taskTokenSecret.grantRead(role);
  // Publish only, and only to the notices' topics the function names (the sweeper).
  if (reads(ENV.noticeSmsTopicArn)) data.noticeTopics.sms.topic.grantPublish(role);
  if (reads(ENV.noticePushTopicArn)) data.noticeTopics.push.topic.grantPublish(role);
  if (reads(ENV.noticeSmsReceiptsQueueUrl)) data.noticeTopics.sms.receipts.grantConsumeMessages(role);
  if (reads(ENV.noticePushReceiptsQueueUrl)) data.noticeTopics.push.receipts.grantConsumeMessages(role);
}

function connectConsumer(
  topology: Topology,
  data: PlatformData,
  functions: Readonly<Record<FunctionName, PlatformFunction>>,
  name: ConsumerName,
): void {
  const fn = functions[name];
  const spec = topology.consumers[name];
  const deployed = queueOf(data.queues, spec.queue);
  const consumer = deployed.spec.consumer;
  if (consumer.kind !== "function") throw new Error(`queue ${spec.queue} is not consumed by a function`);
  fn.function.addEventSource(
    new SqsEventSource(deployed.queue, {
      batchSize: consumer.batchSize,
      maxConcurrency: consumer.maxConcurrency,
      reportBatchItemFailures: consumer.reportBatchItemFailures,
      ...(consumer.maxBatchingWindowSeconds > 0
        ? { maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds) }
        : {}),
    }),
  );
}

function sweeperEveryMinutes(topology: Topology): number {
  const trigger = topology.functions.sweeper.trigger;
  if (trigger.kind !== "schedule") throw new Error("the sweeper is not scheduled in the topology");
  return trigger.everyMinutes;
}

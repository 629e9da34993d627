import type { Catalogue } from "@onething/domain";
import {
  allQueues,
  buildTopology,
  type ConsumerName,
  ENV,
  type EnvName,
  type FunctionName,
  PUBLIC_ROUTES,
  type QueueSpec,
  queueUrlPrefix,
  type Topology,
} from "@onething/topology";
import {
  Annotations,
  Aws,
  CfnCondition,
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
} from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { DeployedQueue } from "./deployed-queue.ts";
import { Monitoring } from "./monitoring.ts";
import { PlatformFunction } from "./platform-function.ts";
import { type StageConfig, StageConfigError, stageProblems } from "./stages.ts";
import { assertWebPagesBuilt, WebSite } from "./website.ts";

export interface OneThingStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly catalogue: Catalogue;
  /** Absolute path of the built web pages (must contain index.html). */
  readonly webDir: string;
}

// The public routes are topology's, shared with the local gateway; re-exported for the tests.
export { PUBLIC_ROUTES };

/**
 * What a function does with the resources its topology `environment` names, beyond "it may use them": the topology
 * says which variables a function reads, this says the verbs. Grants follow from both (`grantAccess`).
 */
const OPERATES_DEAD_LETTERS: ReadonlySet<FunctionName> = new Set(["api"]);

const RETENTION: Readonly<Record<StageConfig["logRetentionDays"], logs.RetentionDays>> = {
  7: logs.RetentionDays.ONE_WEEK,
  14: logs.RetentionDays.TWO_WEEKS,
  30: logs.RetentionDays.ONE_MONTH,
  90: logs.RetentionDays.THREE_MONTHS,
  180: logs.RetentionDays.SIX_MONTHS,
  365: logs.RetentionDays.ONE_YEAR,
};

/**
 * The whole platform in one stack, built from the same `topology` and catalogue the local runtime provisions from:
 * the table, every queue with its DLQ, the four functions, the HTTP API, the sweeper's schedule, a role per
 * department, the task-token secret, monitoring and the web site.
 */
export class OneThingStack extends Stack {
  readonly topology: Topology;
  readonly table: dynamodb.Table;
  readonly dataKey: kms.Key;
  readonly queues: Readonly<Record<string, DeployedQueue>>;
  readonly functions: Readonly<Record<FunctionName, PlatformFunction>>;
  readonly taskTokenSecret: secretsmanager.Secret;
  readonly api: apigw.HttpApi;
  readonly departmentRoles: Readonly<Record<string, iam.Role>>;
  readonly webSite: WebSite;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: OneThingStackProps) {
    super(scope, id, props);
    assertWebPagesBuilt(props.webDir);
    const { stage, catalogue } = props;
    const departmentIds = [...catalogue.departments.keys()];
    checkStage(this, stage, departmentIds);
    this.topology = buildTopology({ departmentIds, prefix: stage.prefix });
    const dataRemoval = stage.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Customer-managed key for data at rest: the table and the task-token secret.
    this.dataKey = new kms.Key(this, "DataKey", {
      description: `OneThing ${stage.name}: table and task-token secret`,
      enableKeyRotation: true,
      removalPolicy: dataRemoval,
    });

    this.table = this.createTable(stage, dataRemoval);
    this.queues = Object.fromEntries(
      allQueues(this.topology).map((spec) => [spec.key, this.createQueue(spec)] as const),
    );

    this.taskTokenSecret = new secretsmanager.Secret(this, "TaskTokenSecret", {
      description: `OneThing ${stage.name}: HMAC key of department task tokens (read once per cold start)`,
      encryptionKey: this.dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: dataRemoval,
    });

    const urlPrefix = queueUrlPrefix(
      `https://sqs.${Aws.REGION}.${Aws.URL_SUFFIX}/${Aws.ACCOUNT_ID}`,
      stage.prefix,
    );
    const metricsNamespace = `OneThing/${stage.name}`;
    const functions: Partial<Record<FunctionName, PlatformFunction>> = {};
    for (const spec of Object.values(this.topology.functions)) {
      const fn = new PlatformFunction(this, spec.logicalId, {
        spec,
        environment: Object.fromEntries(
          spec.environment.map((name) => [name, this.envValue(name, urlPrefix)]),
        ),
        logRetentionDays: RETENTION[stage.logRetentionDays],
        removalPolicy: dataRemoval,
        metricsNamespace,
      });
      this.grantAccess(fn);
      functions[spec.name] = fn;
    }
    this.functions = functions as Record<FunctionName, PlatformFunction>;
    this.restrictSecretReaders();
    // The schedule invokes asynchronously: Lambda's own retries of a failed or timed-out sweep would overlap the
    // next scheduled one, and two sweeps must never run at once.
    this.functions.sweeper.function.configureAsyncInvoke({ retryAttempts: 0 });

    for (const consumer of Object.values(this.topology.consumers)) this.connectConsumer(consumer.name);

    new events.Rule(this, "SweeperSchedule", {
      description: "Runs the sweeper: resends the outbox, raises overdue items, reports stuck cases",
      schedule: events.Schedule.rate(Duration.minutes(this.sweeperEveryMinutes())),
      targets: [new targets.LambdaFunction(this.functions.sweeper.function, { retryAttempts: 0 })],
    });

    this.api = this.createApi(stage, dataRemoval);
    this.departmentRoles = this.createDepartmentRoles(stage);

    this.monitoring = new Monitoring(this, "Monitoring", {
      stage,
      catalogue,
      topology: this.topology,
      queues: this.queues,
      functions: Object.values(this.functions),
      api: this.api,
      metricsNamespace,
    });

    this.webSite = new WebSite(this, "Web", { webDir: props.webDir, api: this.api });

    new CfnOutput(this, "ApiUrl", { value: this.api.apiEndpoint, description: "HTTP API endpoint" });
    new CfnOutput(this, "WebUrl", {
      value: `https://${this.webSite.distribution.distributionDomainName}`,
      description: "Web pages and the API under /v1 (CloudFront)",
    });
    new CfnOutput(this, "QueueUrlPrefix", {
      value: urlPrefix,
      description: "Every queue URL is this + '-' + the queue's base name (dept-<id>, dept-<id>-dlq, …)",
    });
    new CfnOutput(this, "ResultsQueueUrl", {
      value: this.queue("results").queue.queueUrl,
      description: "Where departments may send TaskResult messages",
    });
    new CfnOutput(this, "TableName", { value: this.table.tableName });
    new CfnOutput(this, "AlarmTopicArn", {
      value: this.monitoring.topic.topicArn,
      description: "Every alarm is sent here (subscribe more endpoints to it)",
    });
    const chinaPartition = new CfnCondition(this, "ChinaPartition", {
      expression: Fn.conditionEquals(Aws.PARTITION, "aws-cn"),
    });
    new CfnOutput(this, "DashboardName", { value: this.monitoring.dashboard.dashboardName });
    new CfnOutput(this, "DashboardUrl", {
      value: `https://${Fn.conditionIf(chinaPartition.logicalId, "console.amazonaws.cn", "console.aws.amazon.com").toString()}/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${this.monitoring.dashboard.dashboardName}`,
      description: "The operators' CloudWatch dashboard",
    });
  }

  /**
   * The functions that sign or verify task tokens (those whose environment lists the secret's ARN) are the only
   * principals that may read its value: a resource policy denies `GetSecretValue` to every other principal, even
   * one an identity policy would allow. Management (describe, update, delete, policy) stays with the account.
   */
  private restrictSecretReaders(): void {
    const readers = Object.values(this.functions).filter((fn) =>
      fn.spec.environment.includes(ENV.taskTokenSecretArn),
    );
    this.taskTokenSecret.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "OnlyTaskTokenFunctionsReadTheKey",
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ["secretsmanager:GetSecretValue"],
        resources: ["*"],
        conditions: { ArnNotEquals: { "aws:PrincipalArn": readers.map((fn) => fn.role.roleArn) } },
      }),
    );
  }

  /** The deployed queue for a topology queue key. */
  queue(key: string): DeployedQueue {
    const queue = this.queues[key];
    if (!queue) throw new Error(`no queue ${key} in the topology`);
    return queue;
  }

  private createTable(stage: StageConfig, removalPolicy: RemovalPolicy): dynamodb.Table {
    const spec = this.topology.table;
    const attribute = (key: { name: string }) => ({ name: key.name, type: dynamodb.AttributeType.STRING });
    const table = new dynamodb.Table(this, spec.logicalId, {
      partitionKey: attribute(spec.partitionKey),
      sortKey: attribute(spec.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: spec.pointInTimeRecovery },
      timeToLiveAttribute: spec.timeToLiveAttribute,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      deletionProtection: stage.protectData,
      removalPolicy,
    });
    for (const index of spec.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  private createQueue(spec: QueueSpec): DeployedQueue {
    const fifoProps = (fifo: QueueSpec["fifo"]) =>
      fifo
        ? {
            fifo: true,
            contentBasedDeduplication: fifo.contentBasedDeduplication,
            deduplicationScope:
              fifo.deduplicationScope === "messageGroup"
                ? sqs.DeduplicationScope.MESSAGE_GROUP
                : sqs.DeduplicationScope.QUEUE,
            fifoThroughputLimit:
              fifo.fifoThroughputLimit === "perMessageGroupId"
                ? sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID
                : sqs.FifoThroughputLimit.PER_QUEUE,
          }
        : {};
    // SQS-managed encryption: encrypted at rest without a KMS grant for every department that polls.
    const common = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;
    const dlq = spec.deadLetterQueue;
    const deadLetterQueue = new sqs.Queue(this, dlq.logicalId, {
      ...common,
      queueName: dlq.name,
      retentionPeriod: Duration.seconds(dlq.messageRetentionSeconds),
      ...fifoProps(dlq.fifo),
    });
    const queue = new sqs.Queue(this, spec.logicalId, {
      ...common,
      queueName: spec.name,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(spec.messageRetentionSeconds),
      receiveMessageWaitTime: Duration.seconds(spec.receiveWaitTimeSeconds),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
      ...fifoProps(spec.fifo),
    });
    return { spec, queue, deadLetterQueue };
  }

  /** The deployed value of one variable the topology names. */
  private envValue(name: EnvName, urlPrefix: string): string {
    const binding = this.topology.env[name];
    switch (binding.kind) {
      case "tableName":
        return this.table.tableName;
      case "queueUrl":
        return this.queue(binding.queue).queue.queueUrl;
      case "deadLetterQueueUrl":
        return this.queue(binding.queue).deadLetterQueue.queueUrl;
      case "queueUrlPrefix":
        return urlPrefix;
      case "secretArn":
        return this.taskTokenSecret.secretArn;
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
   * commits to the table and sends to the orchestrator and department queues (the outbox); a consumer dead-letters
   * poison to its own DLQ; the operator function (api) reads every DLQ's depth and redrives it to its source;
   * only the functions that list the secret may read it (and decrypt it).
   */
  private grantAccess(fn: PlatformFunction): void {
    const { spec, role } = fn;
    const reads = (name: EnvName) => spec.environment.includes(name);
    if (reads(ENV.tableName)) this.table.grantReadWriteData(role);
    if (reads(ENV.orchestratorQueueUrl)) this.queue("orchestrator").queue.grantSendMessages(role);
    const departments = allQueues(this.topology).filter((q) => q.consumer.kind === "department");
    if (reads(ENV.queueUrlPrefix)) {
      for (const q of departments) this.queue(q.key).queue.grantSendMessages(role);
    }
    const consumerOf = (queue: ConsumerName) => spec.trigger.kind === "queue" && spec.trigger.queue === queue;
    for (const [queue, variable] of [
      ["orchestrator", ENV.orchestratorDeadLetterQueueUrl],
      ["results", ENV.resultsDeadLetterQueueUrl],
    ] as const) {
      if (reads(variable) && consumerOf(queue)) this.queue(queue).deadLetterQueue.grantSendMessages(role);
    }
    if (OPERATES_DEAD_LETTERS.has(spec.name)) {
      for (const { queue, deadLetterQueue } of Object.values(this.queues)) {
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
    if (reads(ENV.taskTokenSecretArn)) this.taskTokenSecret.grantRead(role);
  }

  private connectConsumer(name: ConsumerName): void {
    const fn = this.functions[name];
    const spec = this.topology.consumers[name];
    const deployed = this.queue(spec.queue);
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

  private sweeperEveryMinutes(): number {
    const trigger = this.topology.functions.sweeper.trigger;
    if (trigger.kind !== "schedule") throw new Error("the sweeper is not scheduled in the topology");
    return trigger.everyMinutes;
  }

  private createApi(stage: StageConfig, removalPolicy: RemovalPolicy): apigw.HttpApi {
    const api = new apigw.HttpApi(this, "HttpApi", {
      description: `OneThing ${stage.name} HTTP API`,
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, "ApiAccessLogs", {
      retention: RETENTION[stage.logRetentionDays],
      removalPolicy,
    });
    new apigw.HttpStage(this, "ApiDefaultStage", {
      httpApi: api,
      stageName: "$default",
      autoDeploy: true,
      throttle: stage.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // No PII: the route template (never the path, which carries case ids and task tokens), no source IP, no
        // user agent, no JWT claims.
        format: accessLogFormat(),
      },
    });
    const integration = new HttpLambdaIntegration("ApiIntegration", this.functions.api.function, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    const authorizer = new HttpJwtAuthorizer("JwtAuthorizer", stage.jwt.issuer, {
      jwtAudience: [...stage.jwt.audience],
    });
    api.addRoutes({ path: "/v1/{proxy+}", methods: [apigw.HttpMethod.ANY], integration, authorizer });
    for (const route of PUBLIC_ROUTES) {
      const [method, path] = route.split(" ") as [string, string];
      api.addRoutes({ path, methods: [method as apigw.HttpMethod], integration });
    }
    return api;
  }

  /**
   * One role per department of the registry: receive, delete and extend the visibility of messages on its own queue,
   * read its attributes, and send answers to the results queue. Nothing else.
   */
  private createDepartmentRoles(stage: StageConfig): Record<string, iam.Role> {
    const roles: Record<string, iam.Role> = {};
    for (const spec of allQueues(this.topology)) {
      if (spec.consumer.kind !== "department") continue;
      const departmentId = spec.consumer.departmentId;
      const principal = stage.departmentPrincipals[departmentId] ?? {};
      const role = new iam.Role(this, `${spec.logicalId}Role`, {
        description: `OneThing ${stage.name}: department ${departmentId} reads its queue and answers`,
        assumedBy: new iam.AccountPrincipal(principal.account ?? Aws.ACCOUNT_ID),
        externalIds: [principal.externalId ?? departmentExternalId(stage, departmentId)],
        maxSessionDuration: Duration.hours(1),
      });
      this.queue(spec.key).queue.grant(
        role,
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
      );
      this.queue("results").queue.grantSendMessages(role);
      new CfnOutput(this, `${spec.logicalId}RoleArn`, {
        value: role.roleArn,
        description: `Role department ${departmentId} assumes (ExternalId ${principal.externalId ?? departmentExternalId(stage, departmentId)})`,
      });
      roles[departmentId] = role;
    }
    return roles;
  }
}

/** The `sts:ExternalId` a department presents by default. */
export const departmentExternalId = (stage: StageConfig, departmentId: string): string =>
  `onething-${stage.name}-${departmentId}`;

/** API Gateway access log fields: ids, route template, status and latencies only. */
export function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: "$context.requestId",
      requestTime: "$context.requestTimeEpoch",
      routeKey: "$context.routeKey",
      status: "$context.status",
      protocol: "$context.protocol",
      responseLength: "$context.responseLength",
      responseLatency: "$context.responseLatency",
      integrationLatency: "$context.integrationLatency",
      integrationStatus: "$context.integrationStatus",
      authorizerError: "$context.authorizer.error",
      errorMessage: "$context.error.message",
    }),
  );
}

/**
 * Prod refuses to synthesise with a placeholder issuer, no alarm e-mail or a department without its own AWS account
 * (every department role would otherwise trust the whole deploying account); dev synthesises with a warning.
 */
function checkStage(scope: Construct, stage: StageConfig, departmentIds: readonly string[]): void {
  const problems = stageProblems(stage, departmentIds);
  if (problems.length === 0) return;
  if (stage.name === "prod") {
    throw new StageConfigError(
      `stage prod is not fit to deploy (README, "Deploy to AWS"):\n  - ${problems.join("\n  - ")}`,
    );
  }
  Annotations.of(scope).addWarningV2(
    "@onething/infra:stage-placeholder",
    `stage ${stage.name} is not fit for production (fine for a trial):\n  - ${problems.join("\n  - ")}`,
  );
}

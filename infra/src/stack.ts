import type { Catalogue } from "@onething/domain";
import {
  buildTopology,
  type FunctionName,
  queueUrlPrefix,
  type RotationFunctionSpec,
  type Topology,
} from "@onething/topology";
import {
  Annotations,
  Aws,
  CfnCondition,
  CfnOutput,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
} from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { createData, type PlatformData, queueOf } from "./data.ts";
import { createDepartmentPull } from "./department-pull.ts";
import { createDepartmentRoles } from "./department-roles.ts";
import type { DeployedQueue } from "./deployed-queue.ts";
import { createDocumentsBucket, documentsBucketOrigin } from "./documents.ts";
import { createFunctions } from "./functions.ts";
import { createHttpApi } from "./http-api.ts";
import { createIdentity, type IdentityResult } from "./identity.ts";
import { Monitoring } from "./monitoring.ts";
import { alarmOnNoticeReceipts, lockNoticeReceipts } from "./notices.ts";
import type { PlatformFunction } from "./platform-function.ts";
import { createSourceRoles } from "./source-roles.ts";
import { type StageConfig, StageConfigError, stageProblems } from "./stages.ts";
import { alarmOnTaskKeyRotation, createTaskKeyRotation } from "./task-key-rotation.ts";
import { assertWebPagesBuilt, WebSite } from "./website.ts";

export interface OneThingStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly catalogue: Catalogue;
  /** Absolute path of the built web pages (must contain index.html). */
  readonly webDir: string;
}

// The public routes are topology's, shared with the local gateway; re-exported for the tests.
export { PUBLIC_ROUTES } from "@onething/contracts";

/**
 * The whole platform in one stack, built from the same `topology` and catalogue the local runtime provisions from:
 * the table, every queue with its DLQ, the five functions, the HTTP API, the sweeper's schedule, a role per
 * department and per source system, the task-token secret, monitoring and the web site. Each part is built by its module, every
 * construct directly in the stack, so construct paths and logical ids are the topology's.
 */
export class OneThingStack extends Stack {
  readonly topology: Topology;
  readonly table: dynamodb.Table;
  readonly dataKey: kms.Key;
  /** The documents bucket (supplement uploads, certificate PDFs): `infra/src/documents.ts`. */
  readonly documents: s3.Bucket;
  readonly queues: Readonly<Record<string, DeployedQueue>>;
  readonly functions: Readonly<Record<FunctionName, PlatformFunction>>;
  readonly taskTokenSecret: secretsmanager.Secret;
  /** The task-token secret's rotation function (every 30 days): `infra/src/task-key-rotation.ts`. */
  readonly taskKeyRotation: PlatformFunction<RotationFunctionSpec>;
  readonly api: apigw.HttpApi;
  readonly departmentRoles: Readonly<Record<string, iam.Role>>;
  /** One per external source system (`topology.sources`): may only send to the events queue. */
  readonly sourceRoles: Readonly<Record<string, iam.Role>>;
  /** Per notice channel: its topic, the gateway's role and receipts queue (`notices.ts`). */
  readonly noticeChannels: PlatformData["noticeTopics"];
  readonly webSite: WebSite;
  /** The stage's identity provider: a Cognito user pool, or the external issuer it names. */
  readonly identity: IdentityResult;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: OneThingStackProps) {
    super(scope, id, props);
    assertWebPagesBuilt(props.webDir);
    const { stage, catalogue } = props;
    const departmentIds = [...catalogue.departments.keys()];
    this.topology = buildTopology({ departmentIds, prefix: stage.prefix });
    checkStage(this, stage, departmentIds, this.topology.sources);
    const dataRemoval = stage.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const data = createData(this, this.topology, stage, dataRemoval);
    this.dataKey = data.dataKey;
    this.table = data.table;
    this.queues = data.queues;
    this.taskTokenSecret = data.taskTokenSecret;
    this.noticeChannels = data.noticeTopics;

    const urlPrefix = queueUrlPrefix(
      `https://sqs.${Aws.REGION}.${Aws.URL_SUFFIX}/${Aws.ACCOUNT_ID}`,
      stage.prefix,
    );
    const metricsNamespace = `OneThing/${stage.name}`;
    this.taskKeyRotation = createTaskKeyRotation(this, {
      data,
      stage,
      removalPolicy: dataRemoval,
      metricsNamespace,
    });
    this.functions = createFunctions(this, {
      secretRotator: this.taskKeyRotation.role,
      topology: this.topology,
      stage,
      data,
      urlPrefix,
      metricsNamespace,
      removalPolicy: dataRemoval,
    });

    // The identity provider first: the authorizer checks its issuer; its client learns the pages' domain lazily.
    this.identity = createIdentity(
      this,
      stage,
      () => this.webSite.distribution.distributionDomainName,
      dataRemoval,
    );
    // Pull over HTTPS: the api's grants on the department queues, and the department systems' M2M clients.
    const pull = createDepartmentPull(this, {
      topology: this.topology,
      catalogue,
      queues: this.queues,
      api: this.functions.api,
      identity: this.identity,
      stagePrefix: stage.prefix,
    });
    this.api = createHttpApi(this, { ...stage, jwt: pull.jwt }, this.functions.api, dataRemoval);
    this.departmentRoles = createDepartmentRoles(this, this.topology, stage, this.queues);
    this.sourceRoles = createSourceRoles(this, this.topology, stage, this.queues);

    this.monitoring = new Monitoring(this, "Monitoring", {
      stage,
      catalogue,
      topology: this.topology,
      queues: this.queues,
      functions: Object.values(this.functions),
      api: this.api,
      metricsNamespace,
    });
    alarmOnTaskKeyRotation(this, this.taskKeyRotation, this.monitoring.topic);
    lockNoticeReceipts(this.noticeChannels, this.functions.sweeper.role);
    alarmOnNoticeReceipts(this, this.noticeChannels, this.monitoring.topic);

    this.webSite = new WebSite(this, "Web", {
      webDir: props.webDir,
      api: this.api,
      runtimeConfig: this.identity.runtimeConfig,
      // The identity provider's token endpoint and the documents bucket (uploads PUT to presigned URLs there).
      connectOrigins: [...this.identity.connectOrigins, documentsBucketOrigin(stage.name)],
    });
    this.documents = createDocumentsBucket(this, {
      stageName: stage.name,
      dataKey: this.dataKey,
      api: this.functions.api,
      distribution: this.webSite.distribution,
      removalPolicy: dataRemoval,
    });
    this.addOutputs(urlPrefix);
  }

  /** The deployed queue for a topology queue key. */
  queue(key: string): DeployedQueue {
    return queueOf(this.queues, key);
  }

  /** What operators and departments need after a deploy: endpoints, queue URLs, the table, alarms, the dashboard. */
  private addOutputs(urlPrefix: string): void {
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
    new CfnOutput(this, "EventsQueueUrl", {
      value: this.queue("events").queue.queueUrl,
      description: "Where source systems send data events (DataEventMessage), with their role",
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
}

/**
 * Prod refuses to synthesise with a placeholder issuer, no alarm e-mail or a department or source system without its
 * own AWS account (its role would otherwise trust the whole deploying account); dev synthesises with a warning.
 */
function checkStage(
  scope: Construct,
  stage: StageConfig,
  departmentIds: readonly string[],
  sourceIds: readonly string[],
): void {
  const problems = stageProblems(stage, departmentIds, sourceIds);
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

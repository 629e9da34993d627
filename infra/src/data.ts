import { allQueues, type QueueSpec, type Topology } from "@onething/topology";
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as kms from "aws-cdk-lib/aws-kms";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { DeployedQueue } from "./deployed-queue.ts";
import { createNoticeChannels } from "./notices.ts";
import type { StageConfig } from "./stages.ts";

/** What the platform keeps: the data key, the table, every queue with its DLQ, the task-token secret. */
export interface PlatformData {
  readonly dataKey: kms.Key;
  readonly table: dynamodb.Table;
  readonly queues: Readonly<Record<string, DeployedQueue>>;
  readonly taskTokenSecret: secretsmanager.Secret;
  /** The notices' topics, one per channel (`notices.ts`). */
  readonly noticeTopics: ReturnType<typeof createNoticeChannels>;
}

/** The data resources of the topology, in the stack itself (their construct ids are the topology's logical ids). */
export function createData(
  scope: Construct,
  topology: Topology,
  stage: StageConfig,
  removalPolicy: RemovalPolicy,
): PlatformData {
  // Customer-managed key for data at rest: the table and the task-token secret.
  const dataKey = new kms.Key(scope, "DataKey", {
    description: `OneThing ${stage.name}: table and task-token secret`,
    enableKeyRotation: true,
    removalPolicy,
  });
  const table = createTable(scope, topology, stage, dataKey, removalPolicy);
  const queues = Object.fromEntries(
    allQueues(topology).map((spec) => [spec.key, createQueue(scope, spec)] as const),
  );
  const taskTokenSecret = new secretsmanager.Secret(scope, "TaskTokenSecret", {
    description: `OneThing ${stage.name}: keyring of department task tokens (rotated every 30 days; docs/task-tokens.md)`,
    encryptionKey: dataKey,
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
    removalPolicy,
  });
  return {
    dataKey,
    table,
    queues,
    taskTokenSecret,
    noticeTopics: createNoticeChannels(scope, topology, stage, dataKey),
  };
}

/** The deployed queue for a topology queue key. */
export function queueOf(queues: Readonly<Record<string, DeployedQueue>>, key: string): DeployedQueue {
  const queue = queues[key];
  if (!queue) throw new Error(`no queue ${key} in the topology`);
  return queue;
}

function createTable(
  scope: Construct,
  topology: Topology,
  stage: StageConfig,
  dataKey: kms.Key,
  removalPolicy: RemovalPolicy,
): dynamodb.Table {
  const spec = topology.table;
  const attribute = (key: { name: string }) => ({ name: key.name, type: dynamodb.AttributeType.STRING });
  const table = new dynamodb.Table(scope, spec.logicalId, {
    partitionKey: attribute(spec.partitionKey),
    sortKey: attribute(spec.sortKey),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: spec.pointInTimeRecovery },
    timeToLiveAttribute: spec.timeToLiveAttribute,
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: dataKey,
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

function createQueue(scope: Construct, spec: QueueSpec): DeployedQueue {
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
  const deadLetterQueue = new sqs.Queue(scope, dlq.logicalId, {
    ...common,
    queueName: dlq.name,
    retentionPeriod: Duration.seconds(dlq.messageRetentionSeconds),
    ...fifoProps(dlq.fifo),
  });
  const queue = new sqs.Queue(scope, spec.logicalId, {
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

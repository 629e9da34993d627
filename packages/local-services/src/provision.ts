import {
  type AttributeDefinition,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import {
  DeleteQueueCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import {
  allQueues,
  type DeadLetterQueueSpec,
  ENV,
  type EnvBinding,
  type EnvName,
  type FifoSettings,
  type QueueKey,
  type QueueSpec,
  queueUrlPrefix,
  type TableSpec,
  type Topology,
} from "@onething/topology";
import { createLocalClients, type LocalEndpoints } from "./clients.ts";
import { ensureQueue, type ProvisionedQueueRef, type QueueAttributes } from "./ensure-queue.ts";
import { ProvisionConflictError } from "./errors.ts";
import { localTopicArn } from "./notice-topics.ts";
import { provisionReceiptsQueue } from "./receipts-queues.ts";

export type { ProvisionedQueueRef };

export interface ProvisionedQueue extends ProvisionedQueueRef {
  readonly key: QueueKey;
  readonly deadLetterQueue: ProvisionedQueueRef;
}

/** Mirrors `topology.queues`. */
export interface ProvisionedQueues {
  readonly orchestrator: ProvisionedQueue;
  readonly results: ProvisionedQueue;
  readonly events: ProvisionedQueue;
  readonly webhooks: ProvisionedQueue;
  readonly departments: Readonly<Record<string, ProvisionedQueue>>;
}

export interface Provisioned {
  readonly tableName: string;
  readonly queues: ProvisionedQueues;
}

type Attributes = QueueAttributes;

function fifoAttributes(fifo: FifoSettings | null): Attributes {
  if (fifo === null) return {};
  return {
    FifoQueue: "true",
    ContentBasedDeduplication: String(fifo.contentBasedDeduplication),
    DeduplicationScope: fifo.deduplicationScope,
    FifoThroughputLimit: fifo.fifoThroughputLimit,
  };
}

function deadLetterAttributes(spec: DeadLetterQueueSpec): Attributes {
  return { ...fifoAttributes(spec.fifo), MessageRetentionPeriod: String(spec.messageRetentionSeconds) };
}

function sourceAttributes(spec: QueueSpec, deadLetterArn: string): Attributes {
  return {
    ...fifoAttributes(spec.fifo),
    VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(spec.messageRetentionSeconds),
    ReceiveMessageWaitTimeSeconds: String(spec.receiveWaitTimeSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetterArn,
      maxReceiveCount: spec.maxReceiveCount,
    }),
  };
}

async function provisionQueue(
  sqs: SQSClient,
  sqsEndpoint: string,
  spec: QueueSpec,
): Promise<ProvisionedQueue> {
  const deadLetterQueue = await ensureQueue(
    sqs,
    sqsEndpoint,
    spec.deadLetterQueue.name,
    deadLetterAttributes(spec.deadLetterQueue),
  );
  const queue = await ensureQueue(sqs, sqsEndpoint, spec.name, sourceAttributes(spec, deadLetterQueue.arn));
  return { key: spec.key, ...queue, deadLetterQueue };
}

function attributeDefinitions(table: TableSpec): AttributeDefinition[] {
  const keys = [
    table.partitionKey,
    table.sortKey,
    ...table.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type }));
}

/** The declared indexes an existing table lacks (a table from before an index was added to the topology). */
function missingIndexes(table: TableSpec, existing: TableDescription | undefined) {
  const present = new Set((existing?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const sameKeys =
    (existing?.KeySchema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(",") ===
    `${table.partitionKey.name}:HASH,${table.sortKey.name}:RANGE`;
  const unknown = [...present].some(
    (name) => !table.globalSecondaryIndexes.some((index) => index.name === name),
  );
  if (!sameKeys || unknown) return [];
  return table.globalSecondaryIndexes.filter((index) => !present.has(index.name));
}

/**
 * Adds the declared indexes a persisted table lacks, one UpdateTable each (DynamoDB creates one GSI per call), and
 * waits until each is active. Rows written before get no entry until they are next written.
 */
async function addMissingIndexes(
  dynamo: DynamoDBClient,
  table: TableSpec,
  existing: TableDescription | undefined,
): Promise<TableDescription | undefined> {
  let current = existing;
  for (const index of missingIndexes(table, existing)) {
    await dynamo.send(
      new UpdateTableCommand({
        TableName: table.name,
        AttributeDefinitions: attributeDefinitions(table),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey.name, KeyType: "HASH" },
                { AttributeName: index.sortKey.name, KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: index.projection },
            },
          },
        ],
      }),
    );
    for (let attempt = 0; ; attempt++) {
      current = (await dynamo.send(new DescribeTableCommand({ TableName: table.name }))).Table;
      const status = current?.GlobalSecondaryIndexes?.find((i) => i.IndexName === index.name)?.IndexStatus;
      if (status === "ACTIVE" || status === undefined) break;
      if (attempt >= 300)
        throw new ProvisionConflictError(`index ${index.name} of ${table.name} did not become active`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return current;
}

function assertSameShape(table: TableSpec, existing: TableDescription | undefined): void {
  const keys = (existing?.KeySchema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(",");
  const expectedKeys = `${table.partitionKey.name}:HASH,${table.sortKey.name}:RANGE`;
  const indexes = (existing?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort();
  const expectedIndexes = table.globalSecondaryIndexes.map((index) => index.name).sort();
  if (keys !== expectedKeys || indexes.join(",") !== expectedIndexes.join(",")) {
    throw new ProvisionConflictError(
      `table ${table.name} exists with keys [${keys}] and indexes [${indexes}], expected [${expectedKeys}] and [${expectedIndexes}]`,
    );
  }
}

async function provisionTable(dynamo: DynamoDBClient, table: TableSpec): Promise<void> {
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: table.name,
        AttributeDefinitions: attributeDefinitions(table),
        KeySchema: [
          { AttributeName: table.partitionKey.name, KeyType: "HASH" },
          { AttributeName: table.sortKey.name, KeyType: "RANGE" },
        ],
        BillingMode: table.billingMode,
        GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: "HASH" },
            { AttributeName: index.sortKey.name, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: index.projection },
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const { state } = await waitUntilTableExists(
    { client: dynamo, maxWaitTime: 30 },
    { TableName: table.name },
  );
  if (state !== "SUCCESS") throw new ProvisionConflictError(`table ${table.name} did not become active`);
  const { Table: described } = await dynamo.send(new DescribeTableCommand({ TableName: table.name }));
  const existing = await addMissingIndexes(dynamo, table, described);
  assertSameShape(table, existing);

  const { TimeToLiveDescription: ttl } = await dynamo.send(
    new DescribeTimeToLiveCommand({ TableName: table.name }),
  );
  const enabled = ttl?.TimeToLiveStatus === "ENABLED" || ttl?.TimeToLiveStatus === "ENABLING";
  if (enabled && ttl?.AttributeName === table.timeToLiveAttribute) return;
  if (enabled) {
    throw new ProvisionConflictError(
      `table ${table.name} has TTL on ${ttl?.AttributeName}, not ${table.timeToLiveAttribute}`,
    );
  }
  await dynamo.send(
    new UpdateTimeToLiveCommand({
      TableName: table.name,
      TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
    }),
  );
  // Point-in-time recovery is an AWS durability setting; DynamoDB Local has nothing to recover to.
}

/**
 * Creates the table (keys, GSIs, TTL) and every queue with its DLQ and redrive policy, as the
 * topology declares them. Idempotent: run it on every start; existing queues are brought to the
 * declared attributes, an existing table with different keys or indexes is a `ProvisionConflictError`.
 *
 * @example
 * const { tableName, queues } = await provision(buildTopology({ departmentIds }), { dynamoEndpoint, sqsEndpoint });
 * queues.orchestrator.url; queues.orchestrator.deadLetterQueue.url;
 */
export async function provision(topology: Topology, endpoints: LocalEndpoints): Promise<Provisioned> {
  const clients = createLocalClients(endpoints);
  try {
    const receipts = Promise.all(
      Object.values(topology.topics).map((t) =>
        provisionReceiptsQueue(clients.sqs, endpoints.sqsEndpoint, t),
      ),
    );
    const [, , orchestrator, results, events, webhooks, departments] = await Promise.all([
      receipts,
      provisionTable(clients.dynamo, topology.table),
      provisionQueue(clients.sqs, endpoints.sqsEndpoint, topology.queues.orchestrator),
      provisionQueue(clients.sqs, endpoints.sqsEndpoint, topology.queues.results),
      provisionQueue(clients.sqs, endpoints.sqsEndpoint, topology.queues.events),
      provisionQueue(clients.sqs, endpoints.sqsEndpoint, topology.queues.webhooks),
      Promise.all(
        Object.entries(topology.queues.departments).map(
          async ([departmentId, spec]) =>
            [departmentId, await provisionQueue(clients.sqs, endpoints.sqsEndpoint, spec)] as const,
        ),
      ),
    ]);
    return {
      tableName: topology.table.name,
      queues: { orchestrator, results, events, webhooks, departments: Object.fromEntries(departments) },
    };
  } finally {
    clients.destroy();
  }
}

/** Deletes what `provision` created; missing resources are not an error. */
export async function deprovision(topology: Topology, endpoints: LocalEndpoints): Promise<void> {
  const clients = createLocalClients(endpoints);
  const deleteQueue = async (name: string) => {
    try {
      const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      await clients.sqs.send(new DeleteQueueCommand({ QueueUrl }));
    } catch (error) {
      if (!(error instanceof QueueDoesNotExist)) throw error;
    }
  };
  try {
    await Promise.all([
      clients.dynamo
        .send(new DeleteTableCommand({ TableName: topology.table.name }))
        .catch((error: unknown) => {
          if (!(error instanceof ResourceNotFoundException)) throw error;
        }),
      ...allQueues(topology).flatMap((spec) => [
        deleteQueue(spec.name),
        deleteQueue(spec.deadLetterQueue.name),
      ]),
      ...Object.values(topology.topics).flatMap((t) => [
        deleteQueue(t.receipts.name),
        deleteQueue(t.receipts.deadLetterName),
      ]),
    ]);
  } finally {
    clients.destroy();
  }
}

const ENV_NAMES: readonly EnvName[] = Object.values(ENV);

export interface EnvironmentSecrets {
  readonly taskTokenSecret: string;
}

/**
 * The values of the env vars the topology names, for the provisioned local resources: what the local runtime (or
 * a handler test) sets where Lambda would have the CDK-set environment. The task-token key is set as the value
 * itself (`TASK_TOKEN_SECRET`), never as a Secrets Manager ARN: there is no Secrets Manager locally.
 */
export function resolveEnvironment(
  topology: Topology,
  provisioned: Provisioned,
  secrets: EnvironmentSecrets,
): Partial<Record<EnvName, string>> {
  const value = (binding: EnvBinding): string | undefined => {
    switch (binding.kind) {
      case "tableName":
        return provisioned.tableName;
      case "queueUrl":
        return provisioned.queues[binding.queue].url;
      case "deadLetterQueueUrl":
        return provisioned.queues[binding.queue].deadLetterQueue.url;
      case "queueUrlPrefix": {
        // Every local queue URL is `<endpoint>/<account>/<name>`: the prefix is the orchestrator's base + the prefix.
        const url = provisioned.queues.orchestrator.url;
        return queueUrlPrefix(url.slice(0, url.lastIndexOf("/")), topology.prefix);
      }
      case "secret":
        return secrets.taskTokenSecret;
      case "secretArn":
        return undefined;
      case "topicArn":
        return localTopicArn(topology.topics[binding.topic].name);
      case "receiptsQueueUrl": {
        const url = provisioned.queues.orchestrator.url;
        return `${url.slice(0, url.lastIndexOf("/"))}/${topology.topics[binding.channel].receipts.name}`;
      }
      default: {
        const unknown: never = binding;
        throw new ProvisionConflictError(`unknown env binding ${JSON.stringify(unknown)}`);
      }
    }
  };
  const environment: Partial<Record<EnvName, string>> = {};
  for (const name of ENV_NAMES) {
    const resolved = value(topology.env[name]);
    if (resolved !== undefined) environment[name] = resolved;
  }
  return environment;
}

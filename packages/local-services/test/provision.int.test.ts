import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeTableCommand, DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { createLocalClients, deprovision, provision, startSqsEmulator } from "@onething/local-services";
import { useLocalPlatform } from "@onething/test-harness";
import { buildTopology, departmentQueueUrls, ENV } from "@onething/topology";
import { describe, expect, it } from "vitest";

const platform = await useLocalPlatform({ name: "provision", departmentIds: ["public-security", "health"] });
const { sqs, dynamo } = platform.clients;

async function attributes(queueUrl: string) {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }),
  );
  return Attributes ?? {};
}

describe("provision: a fresh environment", () => {
  it("creates the table with pk/sk, the four GSIs and TTL on expiresAt", async () => {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: platform.tableName }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
      "gsi1",
      "gsi2",
      "gsi3",
      "gsi4",
    ]);
    expect(Table?.GlobalSecondaryIndexes?.every((index) => index.Projection?.ProjectionType === "ALL")).toBe(
      true,
    );
    const { TimeToLiveDescription } = await dynamo.send(
      new DescribeTimeToLiveCommand({ TableName: platform.tableName }),
    );
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: "expiresAt", TimeToLiveStatus: "ENABLED" });
  });

  it("creates every queue with a redrive policy to its own DLQ", async () => {
    const queues = [
      platform.queues.orchestrator,
      platform.queues.results,
      ...Object.values(platform.queues.departments),
    ];
    expect(queues).toHaveLength(4);
    for (const queue of queues) {
      const spec =
        queue.key === "orchestrator" || queue.key === "results"
          ? platform.topology.queues[queue.key]
          : Object.values(platform.topology.queues.departments).find(
              (candidate) => candidate.key === queue.key,
            );
      const read = await attributes(queue.url);
      expect(JSON.parse(read.RedrivePolicy ?? "{}")).toEqual({
        deadLetterTargetArn: queue.deadLetterQueue.arn,
        maxReceiveCount: spec?.maxReceiveCount,
      });
      expect(read.VisibilityTimeout).toBe(String(spec?.visibilityTimeoutSeconds));
      expect((await attributes(queue.deadLetterQueue.url)).MessageRetentionPeriod).toBe(
        String(14 * 24 * 3600),
      );
    }
  });

  it("makes the orchestrator queue and its DLQ FIFO without content-based deduplication", async () => {
    const source = await attributes(platform.queues.orchestrator.url);
    const deadLetter = await attributes(platform.queues.orchestrator.deadLetterQueue.url);
    expect(source).toMatchObject({ FifoQueue: "true", ContentBasedDeduplication: "false" });
    expect(deadLetter).toMatchObject({ FifoQueue: "true" });
  });

  it("is idempotent: a second run returns the same resources", async () => {
    const again = await provision(platform.topology, platform.endpoints);
    expect(again.tableName).toBe(platform.tableName);
    expect(again.queues.orchestrator).toEqual(platform.queues.orchestrator);
    expect(again.queues.departments).toEqual(platform.queues.departments);
  });

  it("resolves every env var the topology names, the key as a value rather than a secret ARN", () => {
    expect(platform.env[ENV.tableName]).toBe(platform.tableName);
    expect(platform.env[ENV.orchestratorDeadLetterQueueUrl]).toBe(
      platform.queues.orchestrator.deadLetterQueue.url,
    );
    const urlPrefix = platform.env[ENV.queueUrlPrefix] ?? "";
    for (const id of ["public-security", "health"]) {
      expect(departmentQueueUrls(urlPrefix, id)).toEqual({
        url: platform.queues.departments[id]?.url,
        deadLetterUrl: platform.queues.departments[id]?.deadLetterQueue.url,
      });
    }
    expect(platform.env[ENV.taskTokenSecret]).toMatch(/^[0-9a-f]{64}$/);
    expect(platform.env[ENV.taskTokenSecretArn]).toBeUndefined();
  });
});

describe("provision: persisted state from an earlier run", () => {
  it("is idempotent on a persisted emulator: queues, URLs and messages (in flight too) survive a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "onething-sqs-persist-"));
    const topology = buildTopology({ departmentIds: ["health"], prefix: `persist${process.pid}` });
    try {
      const first = await startSqsEmulator({ dataDir: dir });
      const endpoints = { dynamoEndpoint: platform.endpoints.dynamoEndpoint, sqsEndpoint: first.endpoint };
      const before = await provision(topology, endpoints);
      const clients = createLocalClients(endpoints);
      await clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: before.queues.orchestrator.url,
          MessageBody: "waiting across the restart",
          MessageGroupId: "case-1",
          MessageDeduplicationId: "m-1",
        }),
      );
      // Received and never deleted, as by a consumer (or an aborted long poll) when the last run stopped.
      const taken = await clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: before.queues.orchestrator.url, VisibilityTimeout: 300 }),
      );
      expect(taken.Messages).toHaveLength(1);
      clients.destroy();
      await first.stop();

      const second = await startSqsEmulator({ dataDir: dir });
      try {
        const again = { ...endpoints, sqsEndpoint: second.endpoint };
        const after = await provision(topology, again);
        const path = (url: string) => new URL(url).pathname;
        expect(path(after.queues.orchestrator.url)).toBe(path(before.queues.orchestrator.url));
        // The emulator got another port: the restored queues must answer on it (the SDK sends to the queue URL).
        expect(new URL(after.queues.orchestrator.url).port).toBe(new URL(second.endpoint).port);
        expect(after.queues.orchestrator.deadLetterQueue.arn).toBe(
          before.queues.orchestrator.deadLetterQueue.arn,
        );
        expect(Object.keys(after.queues.departments)).toEqual(["health"]);
        // Still in flight after the restart (for 5 minutes), until released (visible again within a second).
        expect(await second.releaseInFlight([after.queues.orchestrator.url])).toBe(1);
        // A third run on the same state changes nothing either.
        await provision(topology, again);
        const read = createLocalClients(again);
        try {
          const { Attributes } = await read.sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: after.queues.orchestrator.url,
              AttributeNames: ["All"],
            }),
          );
          expect(JSON.parse(Attributes?.RedrivePolicy ?? "{}")).toMatchObject({
            deadLetterTargetArn: after.queues.orchestrator.deadLetterQueue.arn,
          });
          const { Messages } = await read.sqs.send(
            new ReceiveMessageCommand({ QueueUrl: after.queues.orchestrator.url, WaitTimeSeconds: 3 }),
          );
          expect(Messages?.map((m) => m.Body)).toEqual(["waiting across the restart"]);
        } finally {
          read.destroy();
        }
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("adds an index the topology declares to a persisted table that lacks it", async () => {
    const topology = buildTopology({ departmentIds: ["health"], prefix: `older-${Date.now()}` });
    const older = {
      ...topology,
      table: {
        ...topology.table,
        globalSecondaryIndexes: topology.table.globalSecondaryIndexes.filter(
          (index) => index.name !== "gsi4",
        ),
      },
    };
    const endpoints = platform.endpoints;
    await provision(older, endpoints);
    const indexes = async () =>
      (
        (await dynamo.send(new DescribeTableCommand({ TableName: topology.table.name }))).Table
          ?.GlobalSecondaryIndexes ?? []
      )
        .map((index) => `${index.IndexName}:${index.IndexStatus}`)
        .sort();
    expect(await indexes()).toEqual(["gsi1:ACTIVE", "gsi2:ACTIVE", "gsi3:ACTIVE"]);
    await provision(topology, endpoints);
    expect(await indexes()).toEqual(["gsi1:ACTIVE", "gsi2:ACTIVE", "gsi3:ACTIVE", "gsi4:ACTIVE"]);
    await deprovision(topology, endpoints);
  });
});

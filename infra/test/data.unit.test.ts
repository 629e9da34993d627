// The synthesised template, checked for behaviour (what each resource does, derived from the topology and the
// catalogue, never "there are N of these"): the queues and their DLQs, the table, the task-token secret.

import { allQueues, ENV } from "@onething/topology";
import { describe, expect, it } from "vitest";
import { arnOf, type Resource, ref, synthesiseStages } from "./support.ts";

const { dev, template, prodTemplate, topology, resources, idOf, queuesByName } = synthesiseStages();

describe("queues: exactly the topology's, so local and AWS cannot drift", () => {
  it("synthesises the set of queues and DLQs the topology declares, and no other", () => {
    const declared = [
      ...allQueues(topology).flatMap((q) => [q.name, q.deadLetterQueue.name]),
      // The notice gateways' receipts queues (infra/test/notices.unit.test.ts checks who reaches them).
      ...Object.values(topology.topics).flatMap((t) => [t.receipts.name, t.receipts.deadLetterName]),
    ];

    expect([...queuesByName.keys()].sort()).toEqual(declared.sort());
  });

  it.each(allQueues(topology).map((q) => [q.name, q] as const))(
    "%s: FIFO-ness, timeouts, retention and its DLQ with the topology's max receive count",
    (_name, spec) => {
      const queue = queuesByName.get(spec.name);
      const dlq = queuesByName.get(spec.deadLetterQueue.name);
      expect(queue?.Properties).toMatchObject({
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        MessageRetentionPeriod: spec.messageRetentionSeconds,
        ReceiveMessageWaitTimeSeconds: spec.receiveWaitTimeSeconds,
        RedrivePolicy: { deadLetterTargetArn: arnOf(dlq?.id ?? "?"), maxReceiveCount: spec.maxReceiveCount },
      });
      expect(queue?.Properties.FifoQueue ?? false).toBe(spec.fifo !== null);
      expect(dlq?.Properties.FifoQueue ?? false).toBe(spec.deadLetterQueue.fifo !== null);
      if (spec.fifo) {
        expect(queue?.Properties).toMatchObject({
          ContentBasedDeduplication: spec.fifo.contentBasedDeduplication,
          DeduplicationScope: spec.fifo.deduplicationScope,
          FifoThroughputLimit: spec.fifo.fifoThroughputLimit,
        });
      }
    },
  );

  it("gives every queue that is not a DLQ a DLQ with a finite max receive count; DLQs keep 14 days", () => {
    const deadLetterIds = new Set<string>();
    for (const [, queue] of resources("AWS::SQS::Queue")) {
      const redrive = queue.Properties.RedrivePolicy as
        | { deadLetterTargetArn: { "Fn::GetAtt": [string, string] }; maxReceiveCount: number }
        | undefined;
      if (redrive) deadLetterIds.add(redrive.deadLetterTargetArn["Fn::GetAtt"][0]);
    }
    for (const [id, queue] of resources("AWS::SQS::Queue")) {
      if (deadLetterIds.has(id)) {
        expect(queue.Properties.MessageRetentionPeriod, id).toBe(14 * 24 * 60 * 60);
        expect(queue.Properties.RedrivePolicy, id).toBeUndefined();
        continue;
      }
      const redrive = queue.Properties.RedrivePolicy as { maxReceiveCount: number } | undefined;
      expect(Number.isInteger(redrive?.maxReceiveCount), id).toBe(true);
      expect(redrive?.maxReceiveCount, id).toBeGreaterThanOrEqual(1);
      expect(redrive?.maxReceiveCount, id).toBeLessThanOrEqual(10);
    }
    expect(deadLetterIds.size).toBe(allQueues(topology).length + Object.keys(topology.topics).length);
  });

  it("encrypts every queue and refuses non-TLS access to it", () => {
    for (const [id, queue] of resources("AWS::SQS::Queue")) {
      expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
    }
    const queuesWithTlsPolicy = new Set(
      resources("AWS::SQS::QueuePolicy").flatMap(([, policy]) => {
        const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
          .Statement;
        const denies = statements.some(
          (s) =>
            s.Effect === "Deny" && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
        );
        return denies ? (policy.Properties.Queues as { Ref: string }[]).map((q) => q.Ref) : [];
      }),
    );
    expect([...queuesWithTlsPolicy].sort()).toEqual(
      resources("AWS::SQS::Queue")
        .map(([id]) => id)
        .sort(),
    );
  });
});

describe("table", () => {
  const [[, table]] = resources("AWS::DynamoDB::Table") as [[string, Resource]];

  it("is on-demand with the topology's keys, GSIs and TTL, PITR on, encrypted with the customer-managed key", () => {
    const spec = topology.table;
    const keyId = idOf(dev.stack.dataKey);
    expect(table.Properties).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: spec.partitionKey.name, KeyType: "HASH" },
        { AttributeName: spec.sortKey.name, KeyType: "RANGE" },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: "KMS", KMSMasterKeyId: arnOf(keyId) },
    });
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      spec.globalSecondaryIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: "HASH" },
          { AttributeName: index.sortKey.name, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    );
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("is deletion-protected and retained in prod, disposable in dev", () => {
    const [[, prodTable]] = resources("AWS::DynamoDB::Table", prodTemplate) as [[string, Resource]];
    expect(prodTable.Properties.DeletionProtectionEnabled).toBe(true);
    expect(prodTable.DeletionPolicy).toBe("Retain");
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe("Delete");
  });
});

describe("task-token secret: resource policy", () => {
  it("denies GetSecretValue to every principal but the roles of the functions that sign or verify tokens (and the rotation's)", () => {
    const policies = resources("AWS::SecretsManager::ResourcePolicy");
    expect(policies).toHaveLength(1);
    const [[, policy]] = policies as [[string, Resource]];
    expect(policy.Properties.SecretId).toEqual(ref(idOf(dev.stack.taskTokenSecret)));
    const readers = Object.values(topology.functions)
      .filter((spec) => spec.environment.includes(ENV.taskTokenSecretArn))
      .map((spec) => arnOf(idOf(dev.stack.functions[spec.name].role)))
      .concat([arnOf(idOf(dev.stack.taskKeyRotation.role))]);
    expect(readers).toHaveLength(5);
    const statements = (policy.Properties.ResourcePolicy as { Statement: Record<string, unknown>[] })
      .Statement;
    // CDK's rotation schedule adds its own guard: the account root may not delete the secret it rotates.
    expect(statements.filter((st) => st.Action === "secretsmanager:DeleteSecret")).toHaveLength(1);
    expect(statements.filter((st) => st.Action !== "secretsmanager:DeleteSecret")).toEqual([
      expect.objectContaining({
        Effect: "Deny",
        Principal: { AWS: "*" },
        // Only reading the value: describing, updating, deleting and the policy itself stay with the account.
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": expect.arrayContaining(readers) } },
      }),
    ]);
    const condition = statements.find((st) => st.Sid === "OnlyTaskTokenFunctionsReadTheKey")?.Condition as {
      ArnNotEquals: { "aws:PrincipalArn": unknown[] };
    };
    expect(condition.ArnNotEquals["aws:PrincipalArn"]).toHaveLength(5);
  });
});

/**
 * A throwaway table on DynamoDB Local for one test file. Temporary until this package moves to the shared
 * harness (`useLocalPlatform`); only this file then changes.
 */
import { randomUUID } from "node:crypto";
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import { createDocumentClient, INDEX, KEY_ATTRIBUTES, TTL_ATTRIBUTE } from "../src/index.ts";

export interface TestTable {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Deletes the table and closes the clients; await it in afterAll. */
  drop(): Promise<void>;
}

/** DYNAMODB_ENDPOINT when set (a DynamoDB Local you started), else the one the integration global setup started. */
function endpoint(): string {
  const value = process.env.DYNAMODB_ENDPOINT || inject("localServices")?.dynamoEndpoint;
  if (!value)
    throw new Error(
      "no DynamoDB Local: run through the vitest integration project, or start one and set DYNAMODB_ENDPOINT",
    );
  return value;
}

export async function createTestTable(label: string): Promise<TestTable> {
  const raw = new DynamoDBClient({
    endpoint: endpoint(),
    region: "local",
    // DynamoDB Local accepts any credentials; fixed ones keep the SDK from searching the environment.
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const tableName = `store-${label}-${randomUUID()}`;
  const indexes = [INDEX.gsi1, INDEX.gsi2, INDEX.gsi3, INDEX.gsi4].map((name) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: KEY_ATTRIBUTES[name].pk, KeyType: "HASH" as const },
      { AttributeName: KEY_ATTRIBUTES[name].sk, KeyType: "RANGE" as const },
    ],
    Projection: { ProjectionType: "ALL" as const },
  }));
  const attributes = (["table", INDEX.gsi1, INDEX.gsi2, INDEX.gsi3, INDEX.gsi4] as const).flatMap((name) => [
    KEY_ATTRIBUTES[name].pk,
    KEY_ATTRIBUTES[name].sk,
  ]);
  await raw.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: KEY_ATTRIBUTES.table.pk, KeyType: "HASH" },
        { AttributeName: KEY_ATTRIBUTES.table.sk, KeyType: "RANGE" },
      ],
      AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: "S" as const })),
      GlobalSecondaryIndexes: indexes,
    }),
  );
  await waitUntilTableExists({ client: raw, maxWaitTime: 30 }, { TableName: tableName });
  await raw.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
  const client = createDocumentClient(raw);
  return {
    tableName,
    client,
    async drop() {
      await raw.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
      raw.destroy();
    },
  };
}

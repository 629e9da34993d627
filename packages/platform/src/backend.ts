import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createDocumentClient } from "@onething/store";
import type { PlatformInputs, PlatformQueues } from "./compose.ts";

/** The table and queues a platform runs on, and the clients that reach them. */
export interface Backend {
  readonly dynamo: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly tableName: string;
  readonly queues: PlatformQueues;
}

/** The part of `composePlatform`'s inputs that a backend gives: the same for a Lambda, the local runtime and a test. */
export function backendInputs(
  backend: Backend,
): Pick<PlatformInputs, "documentClient" | "tableName" | "sqs" | "queues"> {
  return {
    documentClient: createDocumentClient(backend.dynamo),
    tableName: backend.tableName,
    sqs: backend.sqs,
    queues: backend.queues,
  };
}

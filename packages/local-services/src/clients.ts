import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient, type TranslateConfig } from "@aws-sdk/lib-dynamodb";

/** Both emulators accept any credentials; the region only shapes ARNs and queue URLs. */
export const LOCAL_REGION = "us-east-1";
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export const DOCUMENT_TRANSLATE_CONFIG: TranslateConfig = {
  // zod output carries `undefined` for absent optional fields; DynamoDB has no such value.
  marshallOptions: { removeUndefinedValues: true },
};

export interface LocalEndpoints {
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
}

export interface LocalClients {
  readonly dynamo: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  /** Closes the clients' sockets. */
  destroy(): void;
}

export function createLocalDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

export function createLocalSqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/**
 * SDK clients pointed at the local services.
 *
 * @example
 * const clients = createLocalClients({ dynamoEndpoint, sqsEndpoint });
 * await clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "{}" }));
 * clients.destroy();
 */
export function createLocalClients(endpoints: LocalEndpoints): LocalClients {
  const dynamo = createLocalDynamoDbClient(endpoints.dynamoEndpoint);
  const documentClient = DynamoDBDocumentClient.from(dynamo, DOCUMENT_TRANSLATE_CONFIG);
  const sqs = createLocalSqsClient(endpoints.sqsEndpoint);
  return {
    dynamo,
    documentClient,
    sqs,
    destroy() {
      documentClient.destroy();
      dynamo.destroy();
      sqs.destroy();
    },
  };
}

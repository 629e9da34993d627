/**
 * Lambda entry point of the orchestrator queue's consumer (SQS FIFO event source, `ReportBatchItemFailures`).
 * Wired once per cold start; poison records go straight to the orchestrator DLQ with the reason.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { sendPoisonToDeadLetterQueue } from "@onething/messaging";
import { createLogger, createPlatform, loadConfig } from "@onething/platform";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { createCaseStore, createDocumentClient } from "@onething/store";
import { createOrchestratorHandler } from "./index.ts";

const catalogue = loadSeedCatalogue();
const config = loadConfig(process.env, { departmentIds: catalogue.departments.keys() });
const dynamo = new DynamoDBClient(config.endpoints.dynamodb ? { endpoint: config.endpoints.dynamodb } : {});
const sqs = new SQSClient(config.endpoints.sqs ? { endpoint: config.endpoints.sqs } : {});
const platform = createPlatform({
  catalogue,
  calendar: loadSeedCalendar(),
  store: createCaseStore({ client: createDocumentClient(dynamo), tableName: config.tableName }),
  sqs,
  queues: config.queues,
  taskTokenSecret: config.taskTokenSecret,
  log: createLogger({ serviceName: "orchestrator" }),
});

export const handler = createOrchestratorHandler({
  ...platform,
  onPoison: sendPoisonToDeadLetterQueue(sqs, config.queues.orchestratorDeadLetter),
});

/**
 * Lambda entry point of the sweeper (EventBridge schedule, every minute). Wired once per cold start; it
 * resends through the platform's outbox sender, so queue URLs and FIFO ids are the same as on the hot path.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createLogger, createPlatform, loadConfig } from "@onething/platform";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { createCaseStore, createDocumentClient } from "@onething/store";
import { createSweeperHandler } from "./handler.ts";

const catalogue = loadSeedCatalogue();
const departments = [...catalogue.departments.keys()];
const config = loadConfig(process.env, { departmentIds: departments });
const log = createLogger({ serviceName: "sweeper" });
const dynamo = new DynamoDBClient(config.endpoints.dynamodb ? { endpoint: config.endpoints.dynamodb } : {});
const sqs = new SQSClient(config.endpoints.sqs ? { endpoint: config.endpoints.sqs } : {});
const store = createCaseStore({ client: createDocumentClient(dynamo), tableName: config.tableName });
const platform = createPlatform({
  catalogue,
  calendar: loadSeedCalendar(),
  store,
  sqs,
  queues: config.queues,
  taskTokenSecret: config.taskTokenSecret,
  log,
});

export const handler = createSweeperHandler({
  store,
  send: platform.send,
  departments,
  log,
  clock: platform.clock,
});

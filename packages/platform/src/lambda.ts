import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { createCaseStore, createDocumentClient } from "@onething/store";
import { loadConfig } from "./config.ts";
import { applicantIndexKeyFrom, createPlatform } from "./index.ts";
import { createLogger } from "./logger.ts";

/**
 * Everything a Lambda entry point wires at cold start, once: the catalogue, the config read from the environment
 * (failing fast with every bad variable named), SDK clients, the store, a masking logger and the platform.
 * @example const { platform, sqs, config } = createLambdaPlatform("orchestrator");
 */
export function createLambdaPlatform(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
) {
  const catalogue = loadSeedCatalogue();
  const departments = [...catalogue.departments.keys()];
  const config = loadConfig(env, { departmentIds: departments });
  const log = createLogger({ serviceName });
  const dynamo = new DynamoDBClient(config.endpoints.dynamodb ? { endpoint: config.endpoints.dynamodb } : {});
  const sqs = new SQSClient(config.endpoints.sqs ? { endpoint: config.endpoints.sqs } : {});
  const store = createCaseStore({
    client: createDocumentClient(dynamo),
    tableName: config.tableName,
    applicantIndexKey: applicantIndexKeyFrom(config.taskTokenSecret),
  });
  const platform = createPlatform({
    catalogue,
    calendar: loadSeedCalendar(),
    store,
    sqs,
    queues: config.queues,
    taskTokenSecret: config.taskTokenSecret,
    log,
  });
  return { catalogue, departments, config, log, sqs, store, platform };
}

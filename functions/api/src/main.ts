/**
 * Lambda entry point of the HTTP API. Everything here runs once per cold start: a bad environment fails the
 * init (ConfigError naming every variable) instead of the first request, and the clients are reused across
 * invocations.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createOps, opsQueuesFrom } from "@onething/ops";
import { createLogger, createPlatform, loadConfig } from "@onething/platform";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { createCaseStore, createDocumentClient } from "@onething/store";
import { createApiHandler } from "./handler.ts";

const catalogue = loadSeedCatalogue();
const departments = [...catalogue.departments.keys()];
const config = loadConfig(process.env, { departmentIds: departments });
const log = createLogger({ serviceName: "api" });
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
const queueRef = (url: string, deadLetterUrl: string) => ({ url, deadLetterQueue: { url: deadLetterUrl } });
// Every source queue with its DLQ: the summary reports each DLQ's depth and the redrive route accepts each key.
// `loadConfig` has checked that both department maps cover every department.
const ops = createOps({
  store,
  sqs,
  bundleIds: catalogue.bundles.map((bundle) => bundle.id),
  departments,
  queues: opsQueuesFrom({
    orchestrator: queueRef(config.queues.orchestrator, config.queues.orchestratorDeadLetter),
    results: queueRef(config.queues.results, config.queues.resultsDeadLetter),
    departments: Object.fromEntries(
      departments.map((id) => [
        id,
        queueRef(config.queues.departments[id] ?? "", config.queues.departmentDeadLetters[id] ?? ""),
      ]),
    ),
  }),
  log,
  clock: platform.clock,
});

export const handler = createApiHandler({ ...platform, ops });

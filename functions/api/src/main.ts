/**
 * Lambda entry point of the HTTP API. Everything here runs once per cold start: a bad environment fails the
 * init (ConfigError naming every variable) instead of the first request, and the clients are reused across
 * invocations.
 */
import { createOps, opsQueuesFrom } from "@onething/ops";
import { createLambdaPlatform } from "@onething/platform/lambda";
import { createApiHandler } from "./handler.ts";

const { catalogue, departments, config, log, sqs, store, platform } = createLambdaPlatform("api");
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

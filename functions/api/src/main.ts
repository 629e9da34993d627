/**
 * Lambda entry point of the HTTP API. Everything here runs once per cold start (the task-token key is read with a
 * top-level await): a bad environment fails the
 * init (ConfigError naming every variable) instead of the first request, and the clients are reused across
 * invocations.
 */

import { createApiHandler } from "@onething/api";
import { createOps, opsQueuesFrom } from "@onething/ops";
import { configured } from "@onething/platform";
import { createLambdaPlatform } from "@onething/platform/lambda";
import { ENV } from "@onething/topology";

const { catalogue, departments, config, log, sqs, store, platform } = await createLambdaPlatform("api");
const queueRef = (url: string, deadLetterUrl: string) => ({ url, deadLetterQueue: { url: deadLetterUrl } });
// Every source queue with its DLQ: the summary reports each DLQ's depth and the redrive route accepts each key.
// Department queue and DLQ URLs are derived from QUEUE_URL_PREFIX for every department of the registry.
const ops = createOps({
  store,
  sqs,
  bundleIds: catalogue.bundles.map((bundle) => bundle.id),
  departments,
  queues: opsQueuesFrom({
    orchestrator: queueRef(
      config.queues.orchestrator,
      configured(config.queues.orchestratorDeadLetter, ENV.orchestratorDeadLetterQueueUrl),
    ),
    results: queueRef(
      configured(config.queues.results, ENV.resultsQueueUrl),
      configured(config.queues.resultsDeadLetter, ENV.resultsDeadLetterQueueUrl),
    ),
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

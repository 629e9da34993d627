import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import middy from "@middy/core";
import {
  CLAIM_MAP_ENV,
  type ClaimMap,
  DEPARTMENT_CLIENTS_ENV,
  type DepartmentClients,
  parseClaimMap,
  parseDepartmentClients,
  parseTaskKeyring,
  TaskKeyringError,
} from "@onething/auth";
import type { CalendarSource, CaseLogger } from "@onething/cases";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { buildTopology, ENV, type FunctionName } from "@onething/topology";
import { backendInputs } from "./backend.ts";
import { warnIfCalendarProvisional } from "./calendar-horizon.ts";
import { type ComposedPlatform, composePlatform, type PlatformQueues, type QueueRef } from "./compose.ts";
import { type Config, ConfigError, configured, loadConfig, MIN_TASK_TOKEN_SECRET_LENGTH } from "./config.ts";
import { documentsFromEnv } from "./documents.ts";
import { createLogger } from "./logger.ts";
import { createCaseMetrics } from "./metrics-emf.ts";

export { createCaseMetrics } from "./metrics-emf.ts";

/** Reads a secret's string value (Secrets Manager `GetSecretValue`); replaced in tests. */
export type FetchSecret = (secretId: string) => Promise<string | undefined>;

const fetchFromSecretsManager: FetchSecret = async (secretId) => {
  const client = new SecretsManagerClient({});
  try {
    return (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } finally {
    client.destroy();
  }
};

export interface LambdaOptions {
  readonly env?: Record<string, string | undefined>;
  readonly fetchSecret?: FetchSecret;
}

/**
 * The task-token keyring, read at cold start: the variable's value locally, the secret's value on AWS (one
 * `GetSecretValue`; the keys are never resolved into the environment), read again when a token names a key made
 * after the cold start. A missing, short or malformed secret fails the cold start.
 */
export async function resolveTaskTokenSecret(config: Config, fetchSecret: FetchSecret): Promise<string> {
  const source = config.taskTokenSecret;
  if (source === undefined) {
    throw new ConfigError([
      { variable: ENV.taskTokenSecretArn, message: "is not in this function's environment" },
    ]);
  }
  if (source.kind === "value") return source.value;
  const value = await fetchSecret(source.secretId);
  if (value === undefined || value.length < MIN_TASK_TOKEN_SECRET_LENGTH) {
    throw new ConfigError([
      {
        variable: ENV.taskTokenSecretArn,
        message: `names a secret without a string value of at least ${MIN_TASK_TOKEN_SECRET_LENGTH} characters`,
      },
    ]);
  }
  try {
    parseTaskKeyring(value);
  } catch (error) {
    if (!(error instanceof TaskKeyringError)) throw error;
    throw new ConfigError([
      {
        variable: ENV.taskTokenSecretArn,
        message: `names a secret that is not a task-token keyring (${error.message})`,
      },
    ]);
  }
  return value;
}

/** The queues of a function's environment; one it does not declare fails loudly when something reads it. */
function queuesFrom(config: Config): PlatformQueues {
  const q = config.queues;
  const ref = (url: () => string, deadLetter: () => string): QueueRef => ({
    get url() {
      return url();
    },
    deadLetterQueue: {
      get url() {
        return deadLetter();
      },
    },
  });
  return {
    orchestrator: ref(
      () => q.orchestrator,
      () => configured(q.orchestratorDeadLetter, ENV.orchestratorDeadLetterQueueUrl),
    ),
    results: ref(
      () => configured(q.results, ENV.resultsQueueUrl),
      () => configured(q.resultsDeadLetter, ENV.resultsDeadLetterQueueUrl),
    ),
    events: ref(
      () => q.events,
      () => configured(q.eventsDeadLetter, ENV.eventsDeadLetterQueueUrl),
    ),
    webhooks: ref(
      () => q.webhooks,
      () => q.webhooksDeadLetter,
    ),
    // Derived from QUEUE_URL_PREFIX for every department of the registry.
    departments: Object.fromEntries(
      Object.entries(q.departments).map(([id, url]) => [
        id,
        { url, deadLetterQueue: { url: q.departmentDeadLetters[id] ?? "" } },
      ]),
    ),
  };
}

/**
 * The calendar as this function will count (seeds and loaded notices), read once at cold start: the log then says
 * which of the coming years are provisional. A table that cannot be read yet is not fatal here; the first use retries.
 */
export async function logCalendarAtColdStart(
  calendars: CalendarSource,
  now: Date,
  log: Pick<CaseLogger, "warn">,
): Promise<void> {
  try {
    warnIfCalendarProvisional(await calendars.current(), now, log);
  } catch (error) {
    log.warn("working-day calendar not read at cold start", { error: (error as Error).message });
    warnIfCalendarProvisional(calendars.seeds, now, log);
  }
}

/**
 * A Lambda's inputs, read once at cold start: the catalogue, the config of the environment the topology declares for
 * `name` (failing fast with every bad variable named), SDK clients, a masking logger, the custom metrics and — for
 * the functions whose environment names it — the task-token key; then the platform composed from them.
 * @example const { platform } = await lambdaPlatform("orchestrator");
 */
export async function lambdaPlatform(name: FunctionName, options: LambdaOptions = {}) {
  const catalogue = loadSeedCatalogue();
  const departments = [...catalogue.departments.keys()];
  const variables = buildTopology({ departmentIds: departments }).functions[name].environment;
  const config = loadConfig(options.env ?? process.env, { departmentIds: departments, variables });
  const log = createLogger({ serviceName: name });
  const dynamo = new DynamoDBClient(config.endpoints.dynamodb ? { endpoint: config.endpoints.dynamodb } : {});
  const sqs = new SQSClient(config.endpoints.sqs ? { endpoint: config.endpoints.sqs } : {});
  const fetchSecret = options.fetchSecret ?? fetchFromSecretsManager;
  const taskTokenSecret =
    config.taskTokenSecret === undefined ? undefined : await resolveTaskTokenSecret(config, fetchSecret);
  const platform = composePlatform({
    catalogue,
    calendar: loadSeedCalendar(),
    ...backendInputs({ dynamo, sqs, tableName: config.tableName, queues: queuesFrom(config) }),
    ...(taskTokenSecret === undefined
      ? {}
      : { taskTokenSecret, reloadTaskTokenSecret: () => resolveTaskTokenSecret(config, fetchSecret) }),
    clock: () => new Date(),
    logger: () => log,
    metrics: createCaseMetrics(),
    // fauxqs serves SNS on the SQS endpoint locally.
    ...(config.noticeTopics
      ? {
          noticeChannels: {
            sns: new SNSClient(config.endpoints.sqs ? { endpoint: config.endpoints.sqs } : {}),
            topics: config.noticeTopics,
            ...(config.noticeReceiptQueues ? { receiptQueues: config.noticeReceiptQueues } : {}),
          },
        }
      : {}),
    ...claimMapFrom(options.env ?? process.env),
    ...departmentClientsFrom(options.env ?? process.env),
    ...documentsFromEnv(options.env ?? process.env),
  });
  await logCalendarAtColdStart(platform.calendars, platform.clock(), log);
  return { platform, log, config };
}

/**
 * The stage's claim map (a runtime setting of the api function, `CLAIM_MAP`, set only when the stage has one): a
 * malformed one fails the cold start, naming what is wrong.
 */
function claimMapFrom(env: Record<string, string | undefined>): { claimMap?: ClaimMap } {
  const json = env[CLAIM_MAP_ENV];
  return json?.trim() ? { claimMap: parseClaimMap(json) } : {};
}

/** The stage's department clients (`DEPARTMENT_CLIENTS`, api only, Cognito's M2M clients): malformed fails the cold start. */
function departmentClientsFrom(env: Record<string, string | undefined>): {
  departmentClients?: DepartmentClients;
} {
  const json = env[DEPARTMENT_CLIENTS_ENV];
  return json?.trim() ? { departmentClients: parseDepartmentClients(json) } : {};
}

type LambdaHandlerOf = { [N in FunctionName]: ComposedPlatform[N] };

/**
 * The Lambda handler of `name`, composed at cold start (ESM top-level await: Lambda finishes it during init), with
 * Powertools' middy middleware adding the invocation's request id and cold-start flag to every log line.
 * @example export const handler = await lambdaHandler("api");
 */
export async function lambdaHandler<N extends FunctionName>(name: N, options: LambdaOptions = {}) {
  const { platform, log } = await lambdaPlatform(name, options);
  const handler = platform[name] as LambdaHandlerOf[N];
  return middy(handler as never).use(injectLambdaContext(log.powertools));
}

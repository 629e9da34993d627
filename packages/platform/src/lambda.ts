import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SQSClient } from "@aws-sdk/client-sqs";
import { type CalendarSource, type CaseLogger, createCalendarSource } from "@onething/cases";
import { createSendOutbox } from "@onething/messaging";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { createCaseStore, createDocumentClient } from "@onething/store";
import { buildTopology, ENV, type FunctionName } from "@onething/topology";
import { warnIfCalendarProvisional } from "./calendar-horizon.ts";
import { type Config, ConfigError, loadConfig, MIN_TASK_TOKEN_SECRET_LENGTH } from "./config.ts";
import { applicantIndexKeyFrom, createPlatform } from "./index.ts";
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
 * The task-token key, read once: the variable's value locally, the secret's value on AWS (one `GetSecretValue` at
 * cold start; the key is never resolved into the environment). A missing or short secret fails the cold start.
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
  return value;
}

/**
 * What every Lambda entry point wires at cold start, once: the catalogue, the config read from the environment the
 * topology declares for `name` (failing fast with every bad variable named), SDK clients, the store, a masking
 * logger, the custom metrics and the outbox sender. The sweeper needs no more; the others use `createLambdaPlatform`.
 * @example const { store, send, departments, log } = createLambdaBase("sweeper");
 */
export function createLambdaBase(name: FunctionName, env: Record<string, string | undefined> = process.env) {
  const catalogue = loadSeedCatalogue();
  const departments = [...catalogue.departments.keys()];
  const variables = buildTopology({ departmentIds: departments }).functions[name].environment;
  const config = loadConfig(env, { departmentIds: departments, variables });
  const log = createLogger({ serviceName: name });
  const dynamo = new DynamoDBClient(config.endpoints.dynamodb ? { endpoint: config.endpoints.dynamodb } : {});
  const sqs = new SQSClient(config.endpoints.sqs ? { endpoint: config.endpoints.sqs } : {});
  const documentClient = createDocumentClient(dynamo);
  // No applicant index key here: this store reads, and keeps the outbox; it cannot commit cases (see below).
  const store = createCaseStore({ client: documentClient, tableName: config.tableName });
  const send = createSendOutbox(sqs, config.queues);
  const clock = () => new Date();
  const metrics = createCaseMetrics();
  const calendars = createCalendarSource({ seeds: loadSeedCalendar(), repository: store });
  return { catalogue, departments, config, log, sqs, documentClient, store, send, clock, metrics, calendars };
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
 * `createLambdaBase` plus the task-token key (read once, see `resolveTaskTokenSecret`) and the platform the use
 * cases run on. Entry points `await` it at module scope (ESM top-level await: Lambda finishes it during init).
 * @example const { platform, sqs, config } = await createLambdaPlatform("orchestrator");
 */
export async function createLambdaPlatform(name: FunctionName, options: LambdaOptions = {}) {
  const base = createLambdaBase(name, options.env ?? process.env);
  const taskTokenSecret = await resolveTaskTokenSecret(
    base.config,
    options.fetchSecret ?? fetchFromSecretsManager,
  );
  // Only functions that hold the task-token key write cases; the applicant index key is derived from it.
  const store = createCaseStore({
    client: base.documentClient,
    tableName: base.config.tableName,
    applicantIndexKey: applicantIndexKeyFrom(taskTokenSecret),
  });
  const platform = createPlatform({
    catalogue: base.catalogue,
    calendar: base.calendars.seeds,
    store,
    sqs: base.sqs,
    queues: base.config.queues,
    taskTokenSecret,
    log: base.log,
    metrics: base.metrics,
  });
  await logCalendarAtColdStart(platform.calendars, platform.clock(), base.log);
  return { ...base, store, platform };
}

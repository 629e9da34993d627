import { departmentQueueUrlsFrom } from "@onething/messaging";
import { loadSeedCatalogue } from "@onething/seeds";
import { ENV, type EnvName, queueUrlFromPrefix } from "@onething/topology";
import { z } from "zod";

/**
 * Local-only variables: point the SDK clients at DynamoDB Local and fauxqs. Never set on AWS, where the
 * clients find the regional endpoints themselves. Not in `ENV` because infra never sets them.
 */
export const LOCAL_ENV = {
  dynamodbEndpoint: "DYNAMODB_ENDPOINT",
  sqsEndpoint: "SQS_ENDPOINT",
} as const;

/** HMAC-SHA256 keys shorter than the hash output (32 bytes) weaken the task tokens. */
export const MIN_TASK_TOKEN_SECRET_LENGTH = 32;

/** One problem with one variable; `message` never contains the value (it may be a secret). */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/** The environment is incomplete or invalid; the message names every problem at once, not just the first. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join("; ")}`);
    this.problems = problems;
  }
}

/** Where the task-token key comes from: the variable itself (local runs), or a Secrets Manager secret (AWS). */
export type TaskTokenSecretSource =
  | { readonly kind: "value"; readonly value: string }
  | { readonly kind: "secretsManager"; readonly secretId: string };

/**
 * What a function reads from its environment, parsed. Every function sends through the outbox, so the table, the
 * orchestrator queue, the events queue and the department queues are always there; the rest only for the functions whose topology
 * `environment` lists them (`loadConfig` requires exactly that list).
 */
export interface Config {
  readonly tableName: string;
  /** Shaped like `createPlatform`'s `queues`, plus the dead-letter queues the consumers send poison to. */
  readonly queues: {
    readonly orchestrator: string;
    readonly orchestratorDeadLetter?: string;
    readonly results?: string;
    readonly resultsDeadLetter?: string;
    /** Source systems' data events; every function may send to it (the outbox's `EmitDataEvent`). */
    readonly events: string;
    readonly eventsDeadLetter?: string;
    /** Derived from `QUEUE_URL_PREFIX` with the topology's queue names, for every department. */
    readonly departments: Readonly<Record<string, string>>;
    /** Each department queue's DLQ, derived the same way: what the operator routes read and redrive. */
    readonly departmentDeadLetters: Readonly<Record<string, string>>;
  };
  /**
   * Signs and verifies department task tokens. On AWS the environment carries only the secret's ARN
   * (`TASK_TOKEN_SECRET_ARN`) and `createLambdaPlatform` reads the value once at cold start; locally
   * `TASK_TOKEN_SECRET` carries the value itself (and wins when both are set).
   */
  readonly taskTokenSecret?: TaskTokenSecretSource;
  /** The notices' topics, one per channel (the functions that publish notices: the sweeper). */
  readonly noticeTopics?: { readonly sms: string; readonly push: string };
  /** The gateways' receipts queues, one per channel (the sweeper drains them). */
  readonly noticeReceiptQueues?: { readonly sms: string; readonly push: string };
  /** Local runs only (`LOCAL_ENV`); absent on AWS. */
  readonly endpoints: { readonly dynamodb?: string; readonly sqs?: string };
}

export interface LoadConfigOptions {
  /** Departments whose queue URLs are derived from `QUEUE_URL_PREFIX`. Default: the seed registry. */
  readonly departmentIds?: Iterable<string>;
  /**
   * The variables the function reads (its topology `environment`); exactly these are required. Default: every
   * variable a function may read (`ALL_FUNCTION_VARIABLES`). `TASK_TOKEN_SECRET_ARN` in the list is satisfied by
   * `TASK_TOKEN_SECRET` as well.
   */
  readonly variables?: readonly EnvName[];
}

/** Every variable infra may set on a function (the union of the topology's function environments). */
export const ALL_FUNCTION_VARIABLES: readonly EnvName[] = [
  ENV.tableName,
  ENV.orchestratorQueueUrl,
  ENV.queueUrlPrefix,
  ENV.orchestratorDeadLetterQueueUrl,
  ENV.resultsQueueUrl,
  ENV.resultsDeadLetterQueueUrl,
  ENV.eventsQueueUrl,
  ENV.eventsDeadLetterQueueUrl,
  ENV.taskTokenSecretArn,
  ENV.noticeSmsTopicArn,
  ENV.noticePushTopicArn,
  ENV.noticeSmsReceiptsQueueUrl,
  ENV.noticePushReceiptsQueueUrl,
];

// Not trimmed: a secret must reach the HMAC exactly as stored.
const required = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "is missing" : `must be ${what}`) })
    .refine((value) => value.trim() !== "", { message: "is missing", abort: true });

const httpUrl = () => z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const url = required("a URL").pipe(httpUrl());

const queueUrlPrefixSchema = url.refine(
  (value) => {
    // Not a URL at all is the URL check's problem; this one names only a URL without the topology prefix.
    if (!URL.canParse(value)) return true;
    try {
      queueUrlFromPrefix(value, "probe", false);
      return true;
    } catch {
      return false;
    }
  },
  { message: "must end in /<topology prefix>" },
);

const SECRET_NAMES: readonly EnvName[] = [ENV.taskTokenSecret, ENV.taskTokenSecretArn];

/** The parser of each plain (non-secret) variable. */
const FIELDS: Readonly<
  Record<Exclude<EnvName, "TASK_TOKEN_SECRET" | "TASK_TOKEN_SECRET_ARN">, z.ZodType<string>>
> = {
  [ENV.tableName]: required("a table name"),
  [ENV.orchestratorQueueUrl]: url,
  [ENV.orchestratorDeadLetterQueueUrl]: url,
  [ENV.resultsQueueUrl]: url,
  [ENV.resultsDeadLetterQueueUrl]: url,
  [ENV.eventsQueueUrl]: url,
  [ENV.eventsDeadLetterQueueUrl]: url,
  [ENV.queueUrlPrefix]: queueUrlPrefixSchema,
  [ENV.noticeSmsTopicArn]: required("an SNS topic ARN").pipe(z.string().startsWith("arn:", "must be an ARN")),
  [ENV.noticePushTopicArn]: required("an SNS topic ARN").pipe(
    z.string().startsWith("arn:", "must be an ARN"),
  ),
  [ENV.noticeSmsReceiptsQueueUrl]: url,
  [ENV.noticePushReceiptsQueueUrl]: url,
};

const secretValue = z
  .string()
  .min(MIN_TASK_TOKEN_SECRET_LENGTH, `must be at least ${MIN_TASK_TOKEN_SECRET_LENGTH} characters`);

const optionalUrl = z.preprocess((value) => (value === "" ? undefined : value), httpUrl().optional());
const optionalNonBlank = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z.string().optional(),
);

/** Every function needs these: it commits to the table and sends through the outbox. */
const ALWAYS: readonly EnvName[] = [
  ENV.tableName,
  ENV.orchestratorQueueUrl,
  ENV.eventsQueueUrl,
  ENV.queueUrlPrefix,
];

/**
 * Parses the function's environment, failing fast with one `ConfigError` that names every missing or
 * invalid variable (values are never echoed). Requires exactly `options.variables` (the function's topology
 * `environment`). Call it once, at module scope, so a misconfigured function fails its cold start instead of its
 * first request.
 *
 * @example
 * const config = loadConfig(process.env, { variables: topology.functions.sweeper.environment });
 */
export function loadConfig(env: Record<string, string | undefined>, options: LoadConfigOptions = {}): Config {
  const variables = new Set<EnvName>([...ALWAYS, ...(options.variables ?? ALL_FUNCTION_VARIABLES)]);
  const needsSecret = SECRET_NAMES.some((name) => variables.has(name));
  const shape: Record<string, z.ZodType> = {
    [LOCAL_ENV.dynamodbEndpoint]: optionalUrl,
    [LOCAL_ENV.sqsEndpoint]: optionalUrl,
  };
  for (const [name, schema] of Object.entries(FIELDS))
    if (variables.has(name as EnvName)) shape[name] = schema;
  if (needsSecret) {
    shape[ENV.taskTokenSecret] = z.preprocess((v) => (v === "" ? undefined : v), secretValue.optional());
    shape[ENV.taskTokenSecretArn] = optionalNonBlank;
  }
  const parsed = z.object(shape).safeParse(env);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        variable: issue.path.map(String).join("."),
        message: issue.message,
      }));
  const data = (parsed.success ? parsed.data : {}) as Record<string, string | undefined>;
  const secretProblem = problems.some((p) => p.variable === ENV.taskTokenSecret);
  const isSet = (name: EnvName) => (env[name] ?? "").trim() !== "";
  if (needsSecret && !secretProblem && !isSet(ENV.taskTokenSecret) && !isSet(ENV.taskTokenSecretArn)) {
    problems.push({
      variable: ENV.taskTokenSecretArn,
      message: `is missing (or ${ENV.taskTokenSecret} locally)`,
    });
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const get = (name: EnvName): string | undefined => data[name];
  const urlPrefix = get(ENV.queueUrlPrefix) ?? "";
  const derived = departmentQueueUrlsFrom(
    urlPrefix,
    options.departmentIds ?? loadSeedCatalogue().departments.keys(),
  );
  const optional = <K extends string>(key: K, name: EnvName) => {
    const value = get(name);
    return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
  };
  const secretValueSet = get(ENV.taskTokenSecret);
  const secretArn = get(ENV.taskTokenSecretArn);
  const taskTokenSecret: TaskTokenSecretSource | undefined = !needsSecret
    ? undefined
    : secretValueSet
      ? { kind: "value", value: secretValueSet }
      : { kind: "secretsManager", secretId: secretArn ?? "" };
  return {
    tableName: get(ENV.tableName) ?? "",
    queues: {
      orchestrator: get(ENV.orchestratorQueueUrl) ?? "",
      ...optional("orchestratorDeadLetter", ENV.orchestratorDeadLetterQueueUrl),
      ...optional("results", ENV.resultsQueueUrl),
      ...optional("resultsDeadLetter", ENV.resultsDeadLetterQueueUrl),
      events: get(ENV.eventsQueueUrl) ?? "",
      ...optional("eventsDeadLetter", ENV.eventsDeadLetterQueueUrl),
      departments: derived.queues,
      departmentDeadLetters: derived.deadLetters,
    },
    ...(taskTokenSecret ? { taskTokenSecret } : {}),
    ...noticeTopicsOf(get),
    endpoints: {
      ...(data[LOCAL_ENV.dynamodbEndpoint] ? { dynamodb: data[LOCAL_ENV.dynamodbEndpoint] } : {}),
      ...(data[LOCAL_ENV.sqsEndpoint] ? { sqs: data[LOCAL_ENV.sqsEndpoint] } : {}),
    },
  };
}

function noticeTopicsOf(
  get: (name: EnvName) => string | undefined,
): Pick<Config, "noticeTopics" | "noticeReceiptQueues"> {
  const sms = get(ENV.noticeSmsTopicArn);
  const push = get(ENV.noticePushTopicArn);
  const smsReceipts = get(ENV.noticeSmsReceiptsQueueUrl);
  const pushReceipts = get(ENV.noticePushReceiptsQueueUrl);
  return {
    ...(sms && push ? { noticeTopics: { sms, push } } : {}),
    ...(smsReceipts && pushReceipts ? { noticeReceiptQueues: { sms: smsReceipts, push: pushReceipts } } : {}),
  };
}

/**
 * A value `loadConfig` guarantees for the function's variables, for the entry points: a function that reads a
 * variable its topology `environment` does not list fails its cold start here, naming it.
 */
export function configured<T>(value: T | undefined, variable: EnvName): T {
  if (value === undefined)
    throw new ConfigError([{ variable, message: "is not in this function's environment" }]);
  return value;
}

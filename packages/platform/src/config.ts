import { loadSeedCatalogue } from "@onething/seeds";
import { ENV } from "@onething/topology";
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

/** What every function reads from its environment, parsed. */
export interface Config {
  readonly tableName: string;
  /** Shaped like `createPlatform`'s `queues`, plus the dead-letter queues the consumers send poison to. */
  readonly queues: {
    readonly orchestrator: string;
    readonly orchestratorDeadLetter: string;
    readonly results: string;
    readonly resultsDeadLetter: string;
    readonly departments: Readonly<Record<string, string>>;
    /** Each department queue's DLQ (`DEPARTMENT_DLQ_URLS`): what the operator routes read and redrive. */
    readonly departmentDeadLetters: Readonly<Record<string, string>>;
  };
  /**
   * Signs and verifies department task tokens. On AWS the value lives in Secrets Manager / SSM; how it
   * reaches this variable (CDK resolving it into the environment at deploy time, or a cold-start getter
   * that fills it before `loadConfig` runs) is decided by the CDK issue. Either way this code reads
   * the variable only.
   */
  readonly taskTokenSecret: string;
  /** Local runs only (`LOCAL_ENV`); absent on AWS. */
  readonly endpoints: { readonly dynamodb?: string; readonly sqs?: string };
}

export interface LoadConfigOptions {
  /**
   * Departments `DEPARTMENT_QUEUE_URLS` and `DEPARTMENT_DLQ_URLS` must cover. Default: the seed registry. Pass
   * `catalogue.departments.keys()` when the catalogue is loaded anyway, to skip loading it twice.
   */
  readonly departmentIds?: Iterable<string>;
}

// Not trimmed: a secret must reach the HMAC exactly as stored.
const required = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "is missing" : `must be ${what}`) })
    .refine((value) => value.trim() !== "", { message: "is missing", abort: true });

const httpUrl = () => z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const url = required("a URL").pipe(httpUrl());

/** A JSON object `{ department: URL }`; `what` names the URL in the message ("queue URL"). */
const departmentUrls = (what: string) => {
  const message = `must be a JSON object { department: ${what} }`;
  return required("a JSON object")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().min(1), httpUrl(), { error: message }));
};

/** The department maps, with what each holds per department; every department must be in each. */
const DEPARTMENT_MAPS = [
  [ENV.departmentQueueUrls, "queue URL"],
  [ENV.departmentDeadLetterQueueUrls, "dead-letter queue URL"],
] as const;

const optionalUrl = z.preprocess((value) => (value === "" ? undefined : value), httpUrl().optional());

const EnvSchema = z.object({
  [ENV.tableName]: required("a table name"),
  [ENV.orchestratorQueueUrl]: url,
  [ENV.orchestratorDeadLetterQueueUrl]: url,
  [ENV.resultsQueueUrl]: url,
  [ENV.resultsDeadLetterQueueUrl]: url,
  [ENV.departmentQueueUrls]: departmentUrls("queue URL"),
  [ENV.departmentDeadLetterQueueUrls]: departmentUrls("dead-letter queue URL"),
  [ENV.taskTokenSecret]: required("a string").min(
    MIN_TASK_TOKEN_SECRET_LENGTH,
    `must be at least ${MIN_TASK_TOKEN_SECRET_LENGTH} characters`,
  ),
  [LOCAL_ENV.dynamodbEndpoint]: optionalUrl,
  [LOCAL_ENV.sqsEndpoint]: optionalUrl,
});

/**
 * Parses the function's environment, failing fast with one `ConfigError` that names every missing or
 * invalid variable (values are never echoed). Call it once, at module scope, so a misconfigured function
 * fails its cold start instead of its first request.
 *
 * @example
 * const config = loadConfig(process.env); // throws ConfigError naming every bad variable
 * const sqs = new SQSClient(config.endpoints.sqs ? { endpoint: config.endpoints.sqs } : {});
 */
export function loadConfig(env: Record<string, string | undefined>, options: LoadConfigOptions = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        variable: issue.path.map(String).join("."),
        message: issue.message,
      }));
  if (parsed.success) {
    const departmentIds = [...(options.departmentIds ?? loadSeedCatalogue().departments.keys())];
    for (const [variable, what] of DEPARTMENT_MAPS) {
      const urls = parsed.data[variable];
      for (const id of departmentIds) {
        if (urls[id] === undefined)
          problems.push({ variable, message: `has no ${what} for department ${id}` });
      }
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const data = parsed.data;
  return {
    tableName: data[ENV.tableName],
    queues: {
      orchestrator: data[ENV.orchestratorQueueUrl],
      orchestratorDeadLetter: data[ENV.orchestratorDeadLetterQueueUrl],
      results: data[ENV.resultsQueueUrl],
      resultsDeadLetter: data[ENV.resultsDeadLetterQueueUrl],
      departments: data[ENV.departmentQueueUrls],
      departmentDeadLetters: data[ENV.departmentDeadLetterQueueUrls],
    },
    taskTokenSecret: data[ENV.taskTokenSecret],
    endpoints: {
      ...(data[LOCAL_ENV.dynamodbEndpoint] ? { dynamodb: data[LOCAL_ENV.dynamodbEndpoint] } : {}),
      ...(data[LOCAL_ENV.sqsEndpoint] ? { sqs: data[LOCAL_ENV.sqsEndpoint] } : {}),
    },
  };
}

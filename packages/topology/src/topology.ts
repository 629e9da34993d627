import { ENV, ENV_BINDINGS, type EnvBinding, type EnvName } from "./env.ts";

/** The declaration is inconsistent or would produce names AWS refuses. */
export class InvalidTopologyError extends Error {
  override name = "InvalidTopologyError";
}

export type ConsumerName = "orchestrator" | "results";
/** Every Lambda function of the platform: the queue consumers, the HTTP API and the scheduled sweeper. */
export type FunctionName = ConsumerName | "api" | "sweeper";
export type QueueKey = "orchestrator" | "results" | `dept-${string}`;

export interface KeyAttribute {
  readonly name: string;
  readonly type: "S";
}

export interface GlobalSecondaryIndexSpec {
  readonly name: "gsi1" | "gsi2" | "gsi3" | "gsi4";
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly projection: "ALL";
  readonly purpose: string;
}

export interface TableSpec {
  readonly logicalId: string;
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndexSpec[];
  readonly timeToLiveAttribute: string;
  readonly billingMode: "PAY_PER_REQUEST";
  readonly pointInTimeRecovery: boolean;
}

export interface FifoSettings {
  /** Off: every producer sets an explicit deduplication id (the event id). */
  readonly contentBasedDeduplication: boolean;
  readonly deduplicationScope: "queue" | "messageGroup";
  readonly fifoThroughputLimit: "perQueue" | "perMessageGroupId";
  /** What producers put in `MessageGroupId` (documentation for producers; SQS does not check it). */
  readonly messageGroupIdFrom: "caseId" | "none";
}

export interface DeadLetterQueueSpec {
  readonly logicalId: string;
  readonly name: string;
  readonly fifo: FifoSettings | null;
  readonly messageRetentionSeconds: number;
}

/** Lambda event source mapping settings for a queue read by one of our functions. */
export interface FunctionConsumer {
  readonly kind: "function";
  readonly function: ConsumerName;
  readonly batchSize: number;
  /** Must be 0 for FIFO sources: Lambda does not support a batching window on FIFO queues. */
  readonly maxBatchingWindowSeconds: number;
  /** Lambda `ScalingConfig.MaximumConcurrency` (2..1000). */
  readonly maxConcurrency: number;
  readonly reportBatchItemFailures: true;
}

/** A department's own system (or its adapter) polls the queue; no platform function reads it. */
export interface DepartmentConsumer {
  readonly kind: "department";
  readonly departmentId: string;
}

export interface QueueSpec {
  readonly key: QueueKey;
  readonly logicalId: string;
  readonly name: string;
  readonly fifo: FifoSettings | null;
  readonly visibilityTimeoutSeconds: number;
  readonly messageRetentionSeconds: number;
  readonly receiveWaitTimeSeconds: number;
  readonly maxReceiveCount: number;
  readonly deadLetterQueue: DeadLetterQueueSpec;
  readonly consumer: FunctionConsumer | DepartmentConsumer;
}

/** What invokes a function. */
export type FunctionTrigger =
  | { readonly kind: "queue"; readonly queue: QueueKey }
  | { readonly kind: "http" }
  | { readonly kind: "schedule"; readonly everyMinutes: number };

/** One Lambda function: what invokes it, its limits, and the environment it reads. */
export interface FunctionSpec {
  readonly name: FunctionName;
  readonly logicalId: string;
  /** The module that exports `handler`, from the repository root. */
  readonly entry: string;
  readonly trigger: FunctionTrigger;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  /**
   * Env var names the function reads (and infra must set); values come from `env` bindings. Exactly what
   * `loadConfig` (packages/platform) requires at cold start: a CDK app built from this list starts.
   */
  readonly environment: readonly EnvName[];
}

/** A queue consumer's function (the `consumers` view of `functions`). */
export interface ConsumerFunctionSpec extends FunctionSpec {
  readonly name: ConsumerName;
  readonly queue: QueueKey;
}

export interface Topology {
  readonly prefix: string;
  readonly table: TableSpec;
  readonly queues: {
    readonly orchestrator: QueueSpec;
    readonly results: QueueSpec;
    readonly departments: Readonly<Record<string, QueueSpec>>;
  };
  /** The queue consumers' functions, by consumer (the same specs as in `functions`). */
  readonly consumers: Readonly<Record<ConsumerName, ConsumerFunctionSpec>>;
  /** Every function of the platform, consumers or not. */
  readonly functions: Readonly<Record<FunctionName, FunctionSpec>>;
  readonly env: Readonly<Record<EnvName, EnvBinding>>;
}

export interface TopologyOptions {
  readonly departmentIds: readonly string[];
  /** Prefix of every physical name; tests pass a unique one per file. Default `onething`. */
  readonly prefix?: string;
}

export const DEFAULT_PREFIX = "onething";

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;
/** SQS maximum; DLQs keep messages as long as SQS allows so operators have time to redrive. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * DAY;
/**
 * AWS guidance for SQS event sources: visibility timeout at least six times the function timeout,
 * so a record is not redelivered while Lambda's retries of a throttled batch are still running.
 */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;

const SQS_QUEUE_NAME_MAX_LENGTH = 80;
const DYNAMODB_TABLE_NAME_MAX_LENGTH = 255;
const PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const DEPARTMENT_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const QUEUE_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const FIFO_SUFFIX = ".fifo";

/** SQS accepts 1..80 characters of alphanumerics, `-` and `_`, FIFO names ending in `.fifo` (counted). */
export function isValidQueueName(name: string, fifo: boolean): boolean {
  if (name.length === 0 || name.length > SQS_QUEUE_NAME_MAX_LENGTH) return false;
  if (fifo !== name.endsWith(FIFO_SUFFIX)) return false;
  const base = fifo ? name.slice(0, -FIFO_SUFFIX.length) : name;
  return QUEUE_NAME_PATTERN.test(base);
}

/** `orchestrator` → `onething-orchestrator.fifo` / `onething-orchestrator-dlq.fifo`. */
export function queueName(prefix: string, base: string, fifo: boolean): string {
  return `${prefix}-${base}${fifo ? FIFO_SUFFIX : ""}`;
}

export function deadLetterQueueName(prefix: string, base: string, fifo: boolean): string {
  return queueName(prefix, `${base}-dlq`, fifo);
}

/**
 * `ENV.queueUrlPrefix`'s value for a queue URL base (`https://sqs.<region>.<suffix>/<account>`) and a topology prefix.
 * @example queueUrlPrefix("https://sqs.cn-north-1.amazonaws.com.cn/123456789012", "onething-prod")
 */
export function queueUrlPrefix(urlBase: string, prefix: string): string {
  return `${urlBase.replace(/\/+$/, "")}/${prefix}`;
}

/**
 * A queue's URL from `ENV.queueUrlPrefix`'s value, with the topology's naming functions: the last path segment is the
 * topology prefix, what precedes it the URL base every queue shares.
 * @example
 * queueUrlFromPrefix("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/onething-prod", "dept-health", false);
 * // "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/onething-prod-dept-health"
 */
export function queueUrlFromPrefix(
  urlPrefix: string,
  base: string,
  fifo: boolean,
  kind: "queue" | "deadLetterQueue" = "queue",
): string {
  const slash = urlPrefix.lastIndexOf("/");
  const prefix = urlPrefix.slice(slash + 1);
  if (slash < 0 || !PREFIX_PATTERN.test(prefix)) {
    throw new InvalidTopologyError(`queue URL prefix "${urlPrefix}" must end in /<topology prefix>`);
  }
  const name = kind === "queue" ? queueName(prefix, base, fifo) : deadLetterQueueName(prefix, base, fifo);
  return `${urlPrefix.slice(0, slash)}/${name}`;
}

/** A department's queue and DLQ URLs, derived from `ENV.queueUrlPrefix`'s value. */
export function departmentQueueUrls(
  urlPrefix: string,
  departmentId: string,
): { url: string; deadLetterUrl: string } {
  const base = departmentQueueKey(departmentId);
  return {
    url: queueUrlFromPrefix(urlPrefix, base, false),
    deadLetterUrl: queueUrlFromPrefix(urlPrefix, base, false, "deadLetterQueue"),
  };
}

export function tableName(prefix: string): string {
  return `${prefix}-table`;
}

export function departmentQueueKey(departmentId: string): `dept-${string}` {
  return `dept-${departmentId}`;
}

function pascalCase(id: string): string {
  return id
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

const ORCHESTRATOR_FIFO: FifoSettings = {
  contentBasedDeduplication: false,
  // Per-group dedup and throughput: each case is its own group, so cases never throttle each other.
  deduplicationScope: "messageGroup",
  fifoThroughputLimit: "perMessageGroupId",
  messageGroupIdFrom: "caseId",
};

const FIFO_DEAD_LETTER: FifoSettings = {
  contentBasedDeduplication: false,
  deduplicationScope: "queue",
  fifoThroughputLimit: "perQueue",
  messageGroupIdFrom: "caseId",
};

/**
 * What each function reads, and nothing more: `loadConfig` (packages/platform) requires exactly a function's list
 * at cold start, and the CDK app sets exactly this list and grants access to exactly these resources. A unit test
 * in packages/platform checks that `loadConfig` accepts each list and that no name in it could be left out.
 *
 * - every function sends through the outbox: the orchestrator queue and (derived from the prefix) department queues;
 * - the orchestrator and results consumers dead-letter poison to their own DLQ;
 * - the api reports every queue's DLQ depth and redrives them (the operator routes);
 * - task tokens are signed when items are dispatched (api, orchestrator, results) and verified when departments
 *   answer (api, results); the sweeper only resends outbox entries whose tokens are already signed.
 */
const SENDER_ENVIRONMENT: readonly EnvName[] = [ENV.tableName, ENV.orchestratorQueueUrl, ENV.queueUrlPrefix];

const FUNCTION_ENVIRONMENT: Readonly<Record<FunctionName, readonly EnvName[]>> = {
  api: [
    ...SENDER_ENVIRONMENT,
    ENV.orchestratorDeadLetterQueueUrl,
    ENV.resultsQueueUrl,
    ENV.resultsDeadLetterQueueUrl,
    ENV.taskTokenSecretArn,
  ],
  orchestrator: [...SENDER_ENVIRONMENT, ENV.orchestratorDeadLetterQueueUrl, ENV.taskTokenSecretArn],
  results: [...SENDER_ENVIRONMENT, ENV.resultsDeadLetterQueueUrl, ENV.taskTokenSecretArn],
  sweeper: SENDER_ENVIRONMENT,
};

const CONSUMER_FUNCTIONS: Readonly<Record<ConsumerName, Omit<ConsumerFunctionSpec, "name" | "trigger">>> = {
  orchestrator: {
    logicalId: "OrchestratorFunction",
    entry: "functions/orchestrator/src/main.ts",
    queue: "orchestrator",
    timeoutSeconds: 30,
    memorySizeMb: 512,
    environment: FUNCTION_ENVIRONMENT.orchestrator,
  },
  results: {
    logicalId: "ResultsFunction",
    entry: "functions/orchestrator/src/results-main.ts",
    queue: "results",
    timeoutSeconds: 20,
    memorySizeMb: 256,
    environment: FUNCTION_ENVIRONMENT.results,
  },
};

const consumerFunction = (name: ConsumerName): ConsumerFunctionSpec => ({
  name,
  ...CONSUMER_FUNCTIONS[name],
  trigger: { kind: "queue", queue: CONSUMER_FUNCTIONS[name].queue },
});

const OTHER_FUNCTIONS: Readonly<Record<Exclude<FunctionName, ConsumerName>, FunctionSpec>> = {
  api: {
    name: "api",
    logicalId: "ApiFunction",
    entry: "functions/api/src/main.ts",
    trigger: { kind: "http" },
    // API Gateway's HTTP API gives up on an integration after 30 s; answer (or fail) before it does.
    timeoutSeconds: 29,
    memorySizeMb: 512,
    environment: FUNCTION_ENVIRONMENT.api,
  },
  sweeper: {
    name: "sweeper",
    logicalId: "SweeperFunction",
    entry: "functions/sweeper/src/main.ts",
    trigger: { kind: "schedule", everyMinutes: 1 },
    // Bounded work per tick, done well inside the minute before the next tick starts.
    timeoutSeconds: 50,
    memorySizeMb: 256,
    environment: FUNCTION_ENVIRONMENT.sweeper,
  },
};

function deadLetterFor(prefix: string, base: string, logicalId: string, fifo: boolean): DeadLetterQueueSpec {
  return {
    logicalId: `${logicalId}DeadLetter`,
    name: deadLetterQueueName(prefix, base, fifo),
    fifo: fifo ? FIFO_DEAD_LETTER : null,
    messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
  };
}

function functionQueue(
  prefix: string,
  consumer: ConsumerName,
  settings: {
    fifo: FifoSettings | null;
    maxReceiveCount: number;
    batchSize: number;
    maxBatchingWindowSeconds: number;
    maxConcurrency: number;
  },
): QueueSpec {
  const logicalId = `${pascalCase(consumer)}Queue`;
  const fifo = settings.fifo !== null;
  return {
    key: consumer,
    logicalId,
    name: queueName(prefix, consumer, fifo),
    fifo: settings.fifo,
    visibilityTimeoutSeconds: CONSUMER_FUNCTIONS[consumer].timeoutSeconds * VISIBILITY_TO_TIMEOUT_RATIO,
    messageRetentionSeconds: 4 * DAY,
    // Lambda long-polls on its own; a queue-level wait would only slow down ad-hoc receives.
    receiveWaitTimeSeconds: 0,
    maxReceiveCount: settings.maxReceiveCount,
    deadLetterQueue: deadLetterFor(prefix, consumer, logicalId, fifo),
    consumer: {
      kind: "function",
      function: consumer,
      batchSize: settings.batchSize,
      maxBatchingWindowSeconds: settings.maxBatchingWindowSeconds,
      maxConcurrency: settings.maxConcurrency,
      reportBatchItemFailures: true,
    },
  };
}

function departmentQueue(prefix: string, departmentId: string): QueueSpec {
  const base = departmentQueueKey(departmentId);
  const logicalId = `DepartmentQueue${pascalCase(departmentId)}`;
  return {
    key: base,
    logicalId,
    name: queueName(prefix, base, false),
    fifo: null,
    // Departments receive, work and answer out of band; five minutes before a task is offered again.
    visibilityTimeoutSeconds: 5 * MINUTE,
    // Below the DLQ's 14 days: a standard queue keeps the original enqueue time when a message is
    // dead-lettered, so the DLQ must retain longer than its source or messages expire there early.
    messageRetentionSeconds: 7 * DAY,
    receiveWaitTimeSeconds: 20,
    maxReceiveCount: 8,
    deadLetterQueue: deadLetterFor(prefix, base, logicalId, false),
    consumer: { kind: "department", departmentId },
  };
}

/** Every queue of the topology (sources only; each carries its `deadLetterQueue`). */
export function allQueues(topology: Topology): QueueSpec[] {
  return [
    topology.queues.orchestrator,
    topology.queues.results,
    ...Object.values(topology.queues.departments),
  ];
}

function assertValid(topology: Topology): void {
  const problems: string[] = [];
  const { table } = topology;
  if (table.name.length < 3 || table.name.length > DYNAMODB_TABLE_NAME_MAX_LENGTH) {
    problems.push(`table name "${table.name}" must be 3..${DYNAMODB_TABLE_NAME_MAX_LENGTH} characters`);
  }
  const seenNames = new Set<string>();
  const seenLogicalIds = new Set<string>();
  for (const queue of allQueues(topology)) {
    for (const [name, logicalId, fifo] of [
      [queue.name, queue.logicalId, queue.fifo !== null],
      [queue.deadLetterQueue.name, queue.deadLetterQueue.logicalId, queue.deadLetterQueue.fifo !== null],
    ] as const) {
      if (!isValidQueueName(name, fifo)) problems.push(`queue name "${name}" is not a valid SQS name`);
      if (seenNames.has(name)) problems.push(`queue name "${name}" is used twice`);
      if (seenLogicalIds.has(logicalId)) problems.push(`logical id "${logicalId}" is used twice`);
      seenNames.add(name);
      seenLogicalIds.add(logicalId);
    }
  }
  if (problems.length > 0) throw new InvalidTopologyError(problems.join("; "));
}

/**
 * The one declaration of the platform's table, queues, DLQs, queue consumers and functions (with the environment
 * each reads). Pure data: the CDK app turns it into resources, the local runtime provisions DynamoDB Local and the
 * SQS emulator from it.
 *
 * @example
 * const topology = buildTopology({ departmentIds: ["public-security", "health"], prefix: "onething-dev" });
 * topology.queues.orchestrator.name; // "onething-dev-orchestrator.fifo"
 * topology.queues.departments.health?.deadLetterQueue.name; // "onething-dev-dept-health-dlq"
 */
export function buildTopology(options: TopologyOptions): Topology {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new InvalidTopologyError(`prefix "${prefix}" must be alphanumerics, "-" or "_"`);
  }
  const departments: Record<string, QueueSpec> = {};
  for (const departmentId of options.departmentIds) {
    if (!DEPARTMENT_ID_PATTERN.test(departmentId)) {
      throw new InvalidTopologyError(`department id "${departmentId}" must be lower-case kebab-case`);
    }
    if (Object.hasOwn(departments, departmentId)) {
      throw new InvalidTopologyError(`department id "${departmentId}" is listed twice`);
    }
    departments[departmentId] = departmentQueue(prefix, departmentId);
  }

  const consumers = { orchestrator: consumerFunction("orchestrator"), results: consumerFunction("results") };
  const topology: Topology = {
    prefix,
    table: {
      logicalId: "Table",
      name: tableName(prefix),
      partitionKey: { name: "pk", type: "S" },
      sortKey: { name: "sk", type: "S" },
      globalSecondaryIndexes: [
        {
          name: "gsi1",
          partitionKey: { name: "gsi1pk", type: "S" },
          sortKey: { name: "gsi1sk", type: "S" },
          projection: "ALL",
          purpose: "cases by status, sorted by updated time",
        },
        {
          name: "gsi2",
          partitionKey: { name: "gsi2pk", type: "S" },
          sortKey: { name: "gsi2sk", type: "S" },
          projection: "ALL",
          purpose: "cases by bundle",
        },
        {
          name: "gsi3",
          partitionKey: { name: "gsi3pk", type: "S" },
          sortKey: { name: "gsi3sk", type: "S" },
          projection: "ALL",
          purpose: "open items by department, sorted by due time; overdue cases by submission time",
        },
        {
          name: "gsi4",
          partitionKey: { name: "gsi4pk", type: "S" },
          sortKey: { name: "gsi4sk", type: "S" },
          projection: "ALL",
          purpose:
            "a citizen's cases (keyed hash of the applicant identity), a clerk's filed cases, cases with an item open at a department; by submission time",
        },
      ],
      timeToLiveAttribute: "expiresAt",
      billingMode: "PAY_PER_REQUEST",
      pointInTimeRecovery: true,
    },
    queues: {
      orchestrator: functionQueue(prefix, "orchestrator", {
        fifo: ORCHESTRATOR_FIFO,
        maxReceiveCount: 5,
        batchSize: 10,
        maxBatchingWindowSeconds: 0,
        maxConcurrency: 10,
      }),
      results: functionQueue(prefix, "results", {
        fifo: null,
        maxReceiveCount: 5,
        batchSize: 10,
        maxBatchingWindowSeconds: 1,
        maxConcurrency: 5,
      }),
      departments,
    },
    consumers,
    functions: { ...consumers, ...OTHER_FUNCTIONS },
    env: ENV_BINDINGS,
  };
  assertValid(topology);
  return topology;
}

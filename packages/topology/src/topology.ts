import { ENV_BINDINGS, type EnvBinding, type EnvName } from "./env.ts";
import {
  type ConsumerFunctionSpec,
  type ConsumerName,
  consumerFunction,
  type FunctionName,
  type FunctionSpec,
  OTHER_FUNCTIONS,
} from "./functions.ts";
import {
  DEPARTMENT_ID_PATTERN,
  DYNAMODB_TABLE_NAME_MAX_LENGTH,
  InvalidTopologyError,
  isValidQueueName,
  PREFIX_PATTERN,
} from "./names.ts";
import { type NoticeTopics, noticeTopics } from "./notices.ts";
import { departmentQueue, functionQueues, type QueueSpec } from "./queues.ts";
import { SOURCE_SYSTEMS } from "./sources.ts";
import { type TableSpec, tableSpec } from "./table.ts";

export interface Topology {
  readonly prefix: string;
  readonly table: TableSpec;
  readonly queues: {
    readonly orchestrator: QueueSpec;
    readonly results: QueueSpec;
    readonly events: QueueSpec;
    /** Tasks for offices with a registered webhook (issue 17). */
    readonly webhooks: QueueSpec;
    readonly departments: Readonly<Record<string, QueueSpec>>;
  };
  /** The queue consumers' functions, by consumer (the same specs as in `functions`). */
  readonly consumers: Readonly<Record<ConsumerName, ConsumerFunctionSpec>>;
  /** Every function of the platform, consumers or not. */
  readonly functions: Readonly<Record<FunctionName, FunctionSpec>>;
  readonly env: Readonly<Record<EnvName, EnvBinding>>;
  /** The external source systems that send data events (one IAM role each on AWS); default `SOURCE_SYSTEMS`. */
  readonly sources: readonly string[];
  /** The notices' SNS topics, one per delivery channel (issue 16). */
  readonly topics: NoticeTopics;
}

export interface TopologyOptions {
  readonly departmentIds: readonly string[];
  /** External source systems sending data events. Default `SOURCE_SYSTEMS`. */
  readonly sourceIds?: readonly string[];
  /** Prefix of every physical name; tests pass a unique one per file. Default `onething`. */
  readonly prefix?: string;
}

export const DEFAULT_PREFIX = "onething";

/** Every queue of the topology (sources only; each carries its `deadLetterQueue`). */
export function allQueues(topology: Topology): QueueSpec[] {
  return [
    topology.queues.orchestrator,
    topology.queues.results,
    topology.queues.events,
    topology.queues.webhooks,
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

  const sources = [...(options.sourceIds ?? SOURCE_SYSTEMS)];
  for (const [i, sourceId] of sources.entries()) {
    if (!DEPARTMENT_ID_PATTERN.test(sourceId)) {
      throw new InvalidTopologyError(`source id "${sourceId}" must be lower-case kebab-case`);
    }
    if (sources.indexOf(sourceId) !== i) {
      throw new InvalidTopologyError(`source id "${sourceId}" is listed twice`);
    }
  }
  const consumers = {
    orchestrator: consumerFunction("orchestrator"),
    results: consumerFunction("results"),
    events: consumerFunction("events"),
    webhooks: consumerFunction("webhooks"),
  };
  const topology: Topology = {
    prefix,
    table: tableSpec(prefix),
    queues: { ...functionQueues(prefix), departments },
    consumers,
    functions: { ...consumers, ...OTHER_FUNCTIONS },
    env: ENV_BINDINGS,
    sources,
    topics: noticeTopics(prefix),
  };
  assertValid(topology);
  return topology;
}

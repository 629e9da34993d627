export { ENV, ENV_BINDINGS, type EnvBinding, type EnvName } from "./env.ts";
export type {
  ConsumerFunctionSpec,
  ConsumerName,
  FunctionName,
  FunctionSpec,
  FunctionTrigger,
} from "./functions.ts";
export {
  deadLetterQueueName,
  departmentQueueKey,
  departmentQueueUrls,
  InvalidTopologyError,
  isValidQueueName,
  pascalCase,
  type QueueKey,
  queueName,
  queueUrlFromPrefix,
  queueUrlPrefix,
  tableName,
} from "./names.ts";
export { NOTICE_CHANNELS, type NoticeChannelName, type NoticeTopics, type TopicSpec } from "./notices.ts";
export {
  type DeadLetterQueueSpec,
  type DepartmentConsumer,
  type FifoSettings,
  type FunctionConsumer,
  type QueueSpec,
  VISIBILITY_TO_TIMEOUT_RATIO,
} from "./queues.ts";
export { type RotationFunctionSpec, TASK_KEY_ROTATION_DAYS, TASK_KEY_ROTATION_FUNCTION } from "./rotation.ts";
export { SOURCE_SYSTEMS, type SourceSystemId } from "./sources.ts";
export type { GlobalSecondaryIndexSpec, KeyAttribute, TableSpec } from "./table.ts";
export { allQueues, buildTopology, DEFAULT_PREFIX, type Topology, type TopologyOptions } from "./topology.ts";

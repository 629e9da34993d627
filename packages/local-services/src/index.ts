export {
  createLocalClients,
  createLocalDynamoDbClient,
  createLocalSqsClient,
  DOCUMENT_TRANSLATE_CONFIG,
  LOCAL_REGION,
  type LocalClients,
  type LocalEndpoints,
} from "./clients.ts";
export { type DynamoDbLocalOptions, type LocalService, startDynamoDbLocal } from "./dynamodb-local.ts";
export { LocalServiceStartError, ProvisionConflictError } from "./errors.ts";
export {
  createLocalSnsClient,
  localTopicArn,
  type ProvisionedNoticeChannel,
  type ProvisionedNoticeTopics,
  provisionNoticeTopics,
} from "./notice-topics.ts";
export { freePort, isPortFree } from "./ports.ts";
export {
  deprovision,
  type EnvironmentSecrets,
  type Provisioned,
  type ProvisionedQueue,
  type ProvisionedQueueRef,
  type ProvisionedQueues,
  provision,
  resolveEnvironment,
} from "./provision.ts";
export {
  RELEASE_VISIBILITY_SECONDS,
  type SqsEmulator,
  type SqsEmulatorOptions,
  startSqsEmulator,
} from "./sqs-emulator.ts";
export {
  type ReceiveAsSqsEventOptions,
  receiveAsSqsEvent,
  type Settlement,
  settleLikeLambda,
  toSqsRecord,
} from "./sqs-event.ts";

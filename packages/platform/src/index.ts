export { type Backend, backendInputs } from "./backend.ts";
export { CALENDAR_HORIZON_DAYS, warnIfCalendarProvisional } from "./calendar-horizon.ts";
export {
  type ComposedPlatform,
  composePlatform,
  type PlatformInputs,
  type PlatformQueues,
  type QueueRef,
  type ServiceName,
} from "./compose.ts";
export {
  ALL_FUNCTION_VARIABLES,
  type Config,
  ConfigError,
  type ConfigProblem,
  configured,
  LOCAL_ENV,
  type LoadConfigOptions,
  loadConfig,
  MIN_TASK_TOKEN_SECRET_LENGTH,
  type TaskTokenSecretSource,
} from "./config.ts";
export { departmentPullDeps, leaseKeyFrom } from "./department-pull.ts";
export { DOCUMENTS_BUCKET_ENV, documentsFromEnv } from "./documents.ts";
export { applicantIndexKeyFrom, newCaseId } from "./ids.ts";
export { createLogger, maskLogFields, maskPiiInText } from "./logger.ts";
export { CASE_METRICS, type CaseMetrics, countingFinishedCases } from "./metrics.ts";
export type { WebhookRetryPolicy } from "./webhooks/backoff.ts";
export type { WebhookInputs } from "./webhooks/parts.ts";
export { createWebhookPoster, type PostOutcome, type WebhookPoster } from "./webhooks/post.ts";

export { createScaledClock, InvalidTimeScaleError, resumeAt, type ScaledClock } from "./clock.ts";
export {
  CLOCK_FILE,
  DEFAULT_DATA_DIR,
  DEV_SECRETS_FILE,
  type DevSecrets,
  DevSecretsSchema,
  loadOrCreateDevSecrets,
  RUNTIME_FILE,
  type RuntimeFile,
  RuntimeFileSchema,
  readRuntimeFile,
} from "./data-dir.ts";
export {
  applicantAnswers,
  applicantClaims,
  createSimulatedDepartments,
  type SimulatedDepartments,
  type SimulationStats,
} from "./departments.ts";
export {
  DEV_TOKEN_TTL_SECONDS,
  type DevTokenRequest,
  DevTokenRequestSchema,
  type DevTokenResponse,
  DevTokenResponseSchema,
  devClaims,
} from "./dev-token.ts";
export { AlreadyRunningError, DataDirError, InvalidOptionError, PortInUseError } from "./errors.ts";
export {
  BodyTooLargeError,
  bearerToken,
  fromApiGatewayResult,
  type HttpResponse,
  type HttpServerOptions,
  handleRequest,
  isPublicRoute,
  MAX_REQUEST_BYTES,
  type RawRequest,
  startHttpServer,
  toApiGatewayEvent,
} from "./http-server.ts";
export { createSinkLogger, type LogSink } from "./logger.ts";
export {
  DEFAULT_PORT,
  type LocalPlatformOptions,
  type SimulateOption,
  simulatedDepartments,
} from "./options.ts";
export {
  type SimulatedAnswerBody,
  type SimulatedTask,
  simulatedAnswer,
  simulatedOutputs,
} from "./outputs.ts";
export {
  createQueuePoller,
  type PollerStats,
  type QueuePoller,
  type QueuePollerOptions,
  type SqsHandler,
} from "./poller.ts";
export { type CaseTotals, caseTotals, progressSnapshot } from "./progress.ts";
export { stopOnSignals } from "./shutdown.ts";
export {
  DEFAULT_SIMULATION,
  InvalidSimulationError,
  MAX_SUPPLEMENTS,
  type PlannedAnswer,
  planAnswer,
  resolveSimulation,
  type SimulationSettings,
} from "./simulation.ts";
export { type PlatformStats, type RunningPlatform, startLocalPlatform } from "./start.ts";

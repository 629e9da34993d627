export {
  fromApiGatewayResult,
  type HttpResponse,
  jsonResponse,
  type RawRequest,
  toApiGatewayEvent,
} from "./api-gateway.ts";
export { authorize, bearerToken, isPublicRoute, type VerifyToken } from "./authorizer.ts";
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
  type DevSignIn,
  type DevTokenRequest,
  DevTokenRequestSchema,
  type DevTokenResponse,
  DevTokenResponseSchema,
  devClaims,
  devTokenRoute,
} from "./dev-token.ts";
export {
  AlreadyRunningError,
  DataDirError,
  InvalidOptionError,
  LocalStartError,
  PortInUseError,
} from "./errors.ts";
export {
  type ExpectingCouple,
  expectedBirthEvent,
  expectingCoupleOf,
  expectingCouples,
} from "./expecting.ts";
export {
  type HttpServerOptions,
  handleRequest,
  MAX_HEADER_BYTES,
  parserRefusal,
  startHttpServer,
} from "./http-server.ts";
export { createSinkLogger, type LogSink } from "./logger.ts";
export { type Answerer, missingFields, offerAnswers } from "./offer-answers.ts";
export {
  checkOptions,
  DEFAULT_PORT,
  type LocalPlatformOptions,
  resolveOptions,
  type SimulateOption,
  simulatedDepartments,
} from "./options.ts";
export {
  type OutputsTask,
  type PlausibleOutputsOptions,
  plausibleOutputs,
  type SimulatedAnswerBody,
  simulatedAnswer,
} from "./outputs.ts";
export {
  createQueuePoller,
  type PollerStats,
  type QueuePoller,
  type QueuePollerOptions,
  type SqsHandler,
} from "./poller.ts";
export { type CaseTotals, caseTotals, progressSnapshot } from "./progress.ts";
export { BodyTooLargeError, MAX_REQUEST_BYTES } from "./request-body.ts";
export { stopOnSignals } from "./shutdown.ts";
export {
  createSimulatedCitizens,
  DECLINE_REASONS,
  DEFAULT_CITIZENS,
  declineReason,
  type OfferChoice,
  PERSONS_PER_ROUND,
  planOfferChoice,
  type SimulatedCitizensSettings,
  type SimulatedCitizensStats,
} from "./simulated-citizens.ts";
export { type SimulatedHousehold, simulatedHousehold, simulatedPhone } from "./simulated-household.ts";
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
export {
  LOCAL_TASK_KEY_RELOAD_MS,
  type LocalRotation,
  loadOrCreateTaskKeyring,
  localTaskTokens,
  rotateLocalTaskKeyring,
  TASK_KEYS_FILE,
} from "./task-keys.ts";
export { HOME_VISIT_ITEM, planVisitOutcome, type VisitOutcome, visitOutputs } from "./visit-outputs.ts";

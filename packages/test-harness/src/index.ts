export {
  DEFAULT_DEPARTMENT_IDS,
  type LocalPlatform,
  type LocalPlatformOptions,
  receiveAsSqsEvent,
  settleLikeLambda,
  toSqsRecord,
  useLocalPlatform,
} from "./local.ts";
export type { LocalServiceEndpoints } from "./provided.ts";

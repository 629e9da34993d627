import { createHash, createHmac, randomBytes } from "node:crypto";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createTaskTokens } from "@onething/auth";
import {
  type ApplyDeps,
  type CaseLogger,
  createCalendarDecider,
  createCalendarSource,
} from "@onething/cases";
import { type Catalogue, chinaDate, type WorkingCalendar } from "@onething/domain";
import { createSendOutbox, type QueueUrls } from "@onething/messaging";
import { type CaseStore, fullTimeline, idempotencyOn } from "@onething/store";
import { createLogger } from "./logger.ts";
import { type CaseMetrics, countingFinishedCases } from "./metrics.ts";

export { CALENDAR_HORIZON_DAYS, warnIfCalendarProvisional } from "./calendar-horizon.ts";
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
export { createLogger, maskLogFields, maskPiiInText } from "./logger.ts";
export { CASE_METRICS, type CaseMetrics, countingFinishedCases } from "./metrics.ts";

export interface PlatformConfig {
  catalogue: Catalogue;
  /** The seeds' calendar; notices loaded at run time (in the store) replace its years. */
  calendar: WorkingCalendar;
  /** How long a read of the loaded notices is reused (default `DEFAULT_CALENDAR_CACHE_MS`, a minute). */
  calendarCacheMs?: number;
  store: CaseStore;
  sqs: SQSClient;
  queues: QueueUrls;
  taskTokenSecret: string;
  clock?: () => Date;
  /** Default: `createLogger({ serviceName: "onething" })` (Powertools JSON, PII masked). */
  log?: CaseLogger;
  /** Custom metrics (the Lambda wiring passes `createCaseMetrics()`); none by default, e.g. in the local runtime. */
  metrics?: Pick<CaseMetrics, "caseFinished">;
}

/**
 * The key of the applicant index (the HMAC partitioning a citizen's case list), derived from the task-token
 * secret every function already holds, under its own label: no new secret to deploy, and the index key is not the
 * token key. Rotating the task-token secret changes it: the case rows' `gsi4pk` must then be rewritten (a
 * one-off migration) or citizens' lists stay empty for older cases.
 */
export function applicantIndexKeyFrom(taskTokenSecret: string): string {
  return createHmac("sha256", taskTokenSecret).update("onething/applicant-index/v1").digest("base64url");
}

/** Case ids people can read out on the phone: OT-<Beijing date>-<10 base32 characters>. */
export function newCaseId(now: Date): string {
  const day = chinaDate(now).replaceAll("-", "");
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const suffix = [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join("");
  return `OT-${day}-${suffix}`;
}

/** The use cases' dependencies, built once per process (at Lambda module scope). */
export function createPlatform(config: PlatformConfig) {
  const clock = config.clock ?? (() => new Date());
  const log = config.log ?? createLogger({ serviceName: "onething" });
  const calendars = createCalendarSource({
    seeds: config.calendar,
    repository: config.store,
    ...(config.calendarCacheMs === undefined ? {} : { cacheMs: config.calendarCacheMs }),
  });
  const deps: ApplyDeps & { clock: () => Date } = {
    decide: createCalendarDecider(config.catalogue, calendars),
    catalogue: config.catalogue,
    cases: config.metrics ? countingFinishedCases(config.store, config.metrics) : config.store,
    send: createSendOutbox(config.sqs, config.queues),
    tokens: createTaskTokens(config.taskTokenSecret),
    log,
    clock,
  };
  return {
    ...deps,
    calendars,
    calendarNotices: config.store,
    departments: [...config.catalogue.departments.keys()],
    idempotency: idempotencyOn(config.store),
    timeline: (caseId: string) => fullTimeline(config.store, caseId),
    listOwnCases: config.store.listOwnCases,
    newCaseId: () => newCaseId(clock()),
    hash: (text: string) => createHash("sha256").update(text).digest("hex"),
  };
}
export type Platform = ReturnType<typeof createPlatform>;

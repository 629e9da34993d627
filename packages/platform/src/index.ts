import { createHash, createHmac, randomBytes } from "node:crypto";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createTaskTokens } from "@onething/auth";
import {
  type ApplyDeps,
  type CaseLogger,
  createCalendarDecider,
  createCalendarSource,
  type IdempotencyRepository,
  ORCHESTRATOR_QUEUE,
  type OutboxMessage,
  type SendOutbox,
} from "@onething/cases";
import { type Catalogue, chinaDate, type WorkingCalendar } from "@onething/domain";
import { sendMessages } from "@onething/messaging";
import { type CaseStore, type CaseTimelineEntry, IdempotencyKeyConflictError } from "@onething/store";
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

export interface QueueUrls {
  orchestrator: string;
  /** Not sent to by the platform (departments answer on it); kept for the callers that report on it. */
  results?: string;
  departments: Readonly<Record<string, string>>;
}

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

/** Resolves a logical outbox queue ("orchestrator", "department:<id>") to its URL. Unknown queues fail loudly. */
export function queueUrlFor(queues: QueueUrls, logical: string): string {
  if (logical === ORCHESTRATOR_QUEUE) return queues.orchestrator;
  const department = logical.startsWith("department:") ? logical.slice("department:".length) : undefined;
  const url = department ? queues.departments[department] : undefined;
  if (!url) throw new Error(`no queue for ${logical}`);
  return url;
}

/** Sends outbox messages grouped by queue, batched, with FIFO group and dedup ids. */
export function createSendOutbox(sqs: SQSClient, queues: QueueUrls): SendOutbox {
  return async (messages: readonly OutboxMessage[]) => {
    const byQueue = new Map<string, OutboxMessage[]>();
    for (const m of messages) byQueue.set(m.queue, [...(byQueue.get(m.queue) ?? []), m]);
    for (const [logical, batch] of byQueue) {
      await sendMessages(
        sqs,
        queueUrlFor(queues, logical),
        batch.map((m) => ({
          body: m.body as object,
          ...(m.groupId ? { groupId: m.groupId } : {}),
          ...(m.dedupId ? { dedupId: m.dedupId } : {}),
        })),
      );
    }
  };
}

/** Idempotency keys on the store: returns the stored claim when the key was already taken. */
export function idempotencyOn(store: CaseStore): IdempotencyRepository {
  return {
    async claim(scope, key, record, now) {
      try {
        await store.claimIdempotencyKey({ scope, key, ...record, response: null, now });
        return undefined;
      } catch (error) {
        if (error instanceof IdempotencyKeyConflictError) {
          return { requestHash: error.record.requestHash, caseId: error.record.caseId };
        }
        throw error;
      }
    },
  };
}

/** Every timeline entry of a case, page by page. */
export async function fullTimeline(store: CaseStore, caseId: string): Promise<CaseTimelineEntry[]> {
  const entries: CaseTimelineEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.getTimeline(caseId, { limit: 100, ...(cursor ? { cursor } : {}) });
    entries.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return entries;
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

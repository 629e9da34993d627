import { createHash } from "node:crypto";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createApiHandler, type OpsPort } from "@onething/api";
import { type ClaimMap, createTaskTokens, type DepartmentClients } from "@onething/auth";
import {
  type CaseLogger,
  createCalendarDecider,
  createCalendarSource,
  type DocumentsPort,
  type IngestDeps,
  type ResultDeps,
  type SendOutbox,
  type SubmitDeps,
  taskStillOpen,
} from "@onething/cases";
import {
  createEventsHandler,
  createOrchestratorHandler,
  createResultsHandler,
  createSweeperHandler,
} from "@onething/consumers";
import type { Catalogue, WorkingCalendar } from "@onething/domain";
import { createSendOutbox, sendPoisonToDeadLetterQueue } from "@onething/messaging";
import { createOps, type Ops, opsQueuesFrom, type RedispatchDeps } from "@onething/ops";
import {
  type CaseStore,
  createCaseStore,
  createWebhookStore,
  fullTimeline,
  idempotencyOn,
} from "@onething/store";
import { departmentPullDeps } from "./department-pull.ts";
import { applicantIndexKeyFrom, newCaseId } from "./ids.ts";
import { type CaseMetrics, countingFinishedCases } from "./metrics.ts";
import { drainNoticeReceipts } from "./notice-receipts.ts";
import {
  deliverDueNotices,
  type NoticeChannelsInput,
  noticeDeps,
  noticeInbox,
  withNoticeDelivery,
} from "./notices.ts";
import { withRegistryChanges } from "./registry-outbox.ts";
import { type WebhookInputs, webhookParts } from "./webhooks/parts.ts";

/** The platform's functions: each is a Lambda on AWS and a handler in the local runtime. */
export type ServiceName = "api" | "orchestrator" | "results" | "events" | "sweeper" | "webhooks";

/** A queue and its dead-letter queue. */
export interface QueueRef {
  readonly url: string;
  readonly deadLetterQueue: { readonly url: string };
}

export interface PlatformQueues {
  readonly orchestrator: QueueRef;
  readonly results: QueueRef;
  /** Source systems' data events, and the ones the platform emits itself (`EmitDataEvent`). */
  readonly events: QueueRef;
  readonly departments: Readonly<Record<string, QueueRef>>;
  /** Tasks of offices with a registered webhook (issue 17); without it nothing is pushed. */
  readonly webhooks?: QueueRef;
}

/** Everything the platform is built from: what differs between a Lambda, the local runtime and a test. */
export interface PlatformInputs {
  readonly catalogue: Catalogue;
  /** The seeds' calendar; notices loaded at run time (in the table) replace its years. */
  readonly calendar: WorkingCalendar;
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly sqs: SQSClient;
  readonly queues: PlatformQueues;
  /**
   * The task-token key. A function without it (the sweeper, which signs and verifies nothing) gets a store that
   * reads and keeps the outbox but cannot write cases; asking it for a handler that needs the key throws.
   */
  readonly taskTokenSecret?: string;
  /** Re-reads the keyring (the secret's current value), for keys rotated in after the start (docs/task-tokens.md). */
  readonly reloadTaskTokenSecret?: () => Promise<string> | string;
  /** Least real time between two keyring reloads, and the age at which signing reloads it (30 s / 1 hour). */
  readonly taskTokenReloadMs?: number;
  /** The platform clock (the local runtime's may run faster). */
  readonly clock: () => Date;
  /** Real time: when every function's cached calendar has expired. Default: `new Date()`. */
  readonly realClock?: () => Date;
  /** The logger of each function (on AWS one per Lambda: the same one for its own name). */
  readonly logger: (service: ServiceName) => CaseLogger;
  /** Custom metrics (Powertools EMF on AWS); none by default. */
  readonly metrics?: CaseMetrics;
  /** How long a read of the loaded holiday notices is reused (default a minute). */
  readonly calendarCacheMs?: number;
  /** Extra attempts of a commit cancelled by a transaction conflict (the store's default otherwise). */
  readonly conflictRetries?: number;
  /** Wraps the outbox sender, e.g. a test's crash between commit and send. */
  readonly wrapSend?: (send: SendOutbox) => SendOutbox;
  /** Operator routes to answer otherwise than the real port over the table and queues (a test's stub). */
  readonly ops?: OpsPort;
  /** The notices' channels (SNS topics); the functions that publish notices (the sweeper) are given them. */
  readonly noticeChannels?: NoticeChannelsInput;
  /** The stage's claim map for an external issuer's tokens (the api function's `CLAIM_MAP`); absent: the default. */
  readonly claimMap?: ClaimMap | undefined;
  /** The documents bucket (`@onething/documents`); without it the document routes answer 503. */
  readonly documents?: DocumentsPort;
  /** Push to offices' webhooks (issue 17): loopback allowance, backoff, timeout (defaults: AWS's). */
  readonly webhooks?: WebhookInputs;
  /** Client-credentials clients → department offices (the api function's `DEPARTMENT_CLIENTS`); absent: none. */
  readonly departmentClients?: DepartmentClients | undefined;
}

/** Builds a value on first use and keeps it: a Lambda builds only what its handler needs. */
function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

/** An object whose properties are built on first read, from `builders` (each a `lazy`). */
function lazily<T extends Record<string, () => unknown>>(
  builders: T,
): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const object = {};
  for (const [name, build] of Object.entries(builders))
    Object.defineProperty(object, name, { get: build, enumerable: true });
  return object as { readonly [K in keyof T]: ReturnType<T[K]> };
}

class MissingTaskTokenSecretError extends Error {
  constructor(what: string) {
    super(`${what} needs the task-token key, and this function was not given it`);
    this.name = new.target.name;
  }
}

/** The ports every handler shares, each built once on first use. */
function composePorts(inputs: PlatformInputs) {
  const { catalogue } = inputs;
  const store = lazy<CaseStore>(() =>
    createCaseStore({
      client: inputs.documentClient,
      tableName: inputs.tableName,
      // Only functions that hold the task-token key write cases; the applicant index key is derived from it.
      ...(inputs.taskTokenSecret === undefined
        ? {}
        : { applicantIndexKey: applicantIndexKeyFrom(inputs.taskTokenSecret) }),
      ...(inputs.conflictRetries === undefined ? {} : { conflictRetries: inputs.conflictRetries }),
    }),
  );
  const hooks = webhookParts({
    inputs: inputs.webhooks,
    queue: inputs.queues.webhooks,
    sqs: inputs.sqs,
    repository: lazy(() =>
      createWebhookStore({ client: inputs.documentClient, tableName: inputs.tableName }),
    ),
    realClock: inputs.realClock ?? (() => new Date()),
    log: inputs.logger("webhooks"),
    opsQueues: () => opsQueuesFrom(inputs.queues),
  });
  const send = lazy<SendOutbox>(() => {
    const urls = {
      ...hooks.urls,
      orchestrator: inputs.queues.orchestrator.url,
      events: inputs.queues.events.url,
      departments: Object.fromEntries(
        Object.entries(inputs.queues.departments).map(([id, q]) => [id, q.url]),
      ),
    };
    // Without the key (the sweeper), the registry's entries go on to the events queue's function.
    const sender = hooks.route(
      withRegistryChanges(
        createSendOutbox(inputs.sqs, urls),
        inputs.taskTokenSecret === undefined
          ? undefined
          : (m) => store().applyCaseChanges(m.caseId, m.changes, inputs.clock()),
      ),
    );
    return inputs.wrapSend ? inputs.wrapSend(sender) : sender;
  });
  const calendars = lazy(() =>
    createCalendarSource({
      seeds: inputs.calendar,
      repository: store(),
      ...(inputs.calendarCacheMs === undefined ? {} : { cacheMs: inputs.calendarCacheMs }),
    }),
  );
  const tokens = lazy(() => {
    if (inputs.taskTokenSecret === undefined) throw new MissingTaskTokenSecretError("this handler");
    const reload = inputs.reloadTaskTokenSecret;
    const every = inputs.taskTokenReloadMs;
    return createTaskTokens(inputs.taskTokenSecret, {
      clock: inputs.clock,
      ...(reload ? { reload } : {}),
      ...(every === undefined ? {} : { reloadIntervalMs: every, maxAgeMs: every }),
    });
  });
  const decide = lazy(() => createCalendarDecider(catalogue, calendars()));
  const cases = lazy(() => (inputs.metrics ? countingFinishedCases(store(), inputs.metrics) : store()));
  const ops = lazy((): Ops => {
    const real = createOps({
      store: store(),
      sqs: inputs.sqs,
      bundleIds: catalogue.bundles.map((b) => b.id),
      departments: [...catalogue.departments.keys()],
      catalogue,
      queues: opsQueuesFrom(inputs.queues),
      log: inputs.logger("api"),
      clock: inputs.clock,
    });
    return inputs.ops ? { ...real, ...inputs.ops } : real;
  });
  /** The use cases' dependencies, logging as `service`. */
  const useCasesFor = (
    service: ServiceName,
  ): SubmitDeps & ResultDeps & IngestDeps & { clock: () => Date } => ({
    decide: decide(),
    catalogue,
    cases: cases(),
    send: send(),
    tokens: tokens(),
    log: inputs.logger(service),
    clock: inputs.clock,
    idempotency: idempotencyOn(store()),
    registry: store(),
    offers: store(),
    subjectCases: (identity: string) => store().listSubjectCases(identity),
    hash: (text: string) => createHash("sha256").update(text).digest("hex"),
    ...(inputs.documents ? { documents: inputs.documents } : {}),
  });
  const notices = lazy(() => noticeDeps(store(), catalogue, inputs.logger("sweeper"), inputs.noticeChannels));
  return { store, send, calendars, tokens, ops, useCasesFor, notices, hooks };
}

/**
 * The one composition root: every port and handler of the platform, from its inputs. The Lambda entry points
 * (`lambdaHandler`), the local runtime and the tests all call it with their own inputs, and nothing else
 * constructs a handler. Built lazily, each once.
 * @example const { api, orchestrator } = composePlatform(inputs); await api(event);
 */
export function composePlatform(inputs: PlatformInputs) {
  const { catalogue, clock, logger } = inputs;
  const departments = [...catalogue.departments.keys()];
  const { store, send, calendars, tokens, ops, useCasesFor, notices, hooks } = composePorts(inputs);
  const useCases = lazy(() => useCasesFor("api"));
  const poisonTo = (queue: QueueRef) => sendPoisonToDeadLetterQueue(inputs.sqs, queue.deadLetterQueue.url);

  const api = lazy(() =>
    createApiHandler({
      ...useCases(),
      timeline: (caseId: string) => fullTimeline(store(), caseId),
      listOwnCases: (query) => store().listOwnCases(query),
      ops: ops(),
      newCaseId: () => newCaseId(clock()),
      calendars: calendars(),
      calendarNotices: store(),
      departments,
      notices: noticeInbox(store(), notices()),
      claimMap: inputs.claimMap,
      webhooks: hooks.api(),
      departmentClients: inputs.departmentClients,
      ...(inputs.taskTokenSecret === undefined
        ? {}
        : {
            departmentPull: departmentPullDeps({
              ...inputs,
              departments: inputs.queues.departments,
              taskTokenSecret: inputs.taskTokenSecret,
              store: store(),
              log: logger("api"),
            }),
          }),
    }),
  );
  const orchestrator = lazy(() =>
    createOrchestratorHandler({
      ...useCasesFor("orchestrator"),
      onPoison: poisonTo(inputs.queues.orchestrator),
    }),
  );
  const results = lazy(() =>
    createResultsHandler({ ...useCasesFor("results"), onPoison: poisonTo(inputs.queues.results) }),
  );
  const events = lazy(() =>
    createEventsHandler({ ...useCasesFor("events"), onPoison: poisonTo(inputs.queues.events) }),
  );
  /** Pushes tasks to offices' webhooks (issue 17). */
  const webhooks = lazy(() =>
    hooks.handler(send(), (message) =>
      taskStillOpen({ cases: store(), idempotency: idempotencyOn(store()), clock }, message),
    ),
  );
  /**
   * The notices' round (the sweeper's step; the local runtime's faster tick): the gateways' receipts that are
   * waiting, then the notices that are due, published on their channels.
   */
  const drainReceipts = async () => {
    const queues = inputs.noticeChannels?.receiptQueues;
    if (!queues) return undefined;
    const retrySeconds = inputs.noticeChannels?.receiptRetrySeconds;
    return drainNoticeReceipts(inputs.sqs, queues, notices(), clock, logger("sweeper"), {
      ...(retrySeconds !== undefined ? { retrySeconds } : {}),
    });
  };
  const deliverNotices = async () => {
    // A receipts queue that fails (a grant, a throttle) must not stop the notices that are due from going out.
    const receipts = await drainReceipts().catch((error: unknown) => {
      logger("sweeper").error("notice receipts not drained; the next round tries again", {
        error: (error as Error).message,
      });
      return undefined;
    });
    return { ...(await deliverDueNotices(notices(), clock())), ...(receipts ? { receipts } : {}) };
  };
  const sweeper = lazy(() =>
    withNoticeDelivery(
      createSweeperHandler({
        store: store(),
        send: send(),
        departments,
        log: logger("sweeper"),
        clock,
        ...(inputs.metrics ? { metrics: inputs.metrics } : {}),
        ...(inputs.realClock ? { realClock: inputs.realClock } : {}),
      }),
      // Only a function given the channels publishes; elsewhere the step would fail every notice's attempt.
      inputs.noticeChannels && inputs.noticeChannels.deliverOnSweep !== false
        ? deliverNotices
        : async () => ({ published: 0, publishFailed: 0 }),
      logger("sweeper"),
    ),
  );
  const redispatch = lazy(
    (): RedispatchDeps => ({
      store: store(),
      catalogue,
      tokens: tokens(),
      send: send(),
      departments,
      log: logger("orchestrator"),
    }),
  );

  // Not spread: reading a getter builds its part, and a function builds only what its handler needs.
  return Object.assign(
    lazily({
      store,
      send,
      calendars,
      tokens,
      /** The use cases' dependencies (what `applyCaseEvent`, `submitApplication` … take). */
      useCases,
      ops,
      api,
      orchestrator,
      results,
      events,
      sweeper,
      webhooks,
      /** What re-sends every open task from the store (the local runtime's start-up recovery). */
      redispatch,
      /** The notices' use cases' dependencies (`deliverNotice`, `applyReceipt` …). */
      notices,
    }),
    { departments, clock, deliverNotices, drainReceipts },
  );
}
export type ComposedPlatform = ReturnType<typeof composePlatform>;

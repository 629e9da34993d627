import { createDevIssuer, type DevIssuer } from "@onething/auth";
import type { Catalogue, WorkingCalendar } from "@onething/domain";
import { createLocalClients, provision } from "@onething/local-services";
import { redispatchOpenTasks } from "@onething/ops";
import { backendInputs, composePlatform } from "@onething/platform";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { buildTopology, type Topology } from "@onething/topology";
import { banner, calendarStatusOf, runtimeFileOf } from "./banner.ts";
import { createScaledClock, resumeAt, type ScaledClock } from "./clock.ts";
import {
  ensureDataDir,
  isProcessAlive,
  loadOrCreateDevSecrets,
  type RuntimeFile,
  readClockFile,
  removeRuntimeFile,
  writeClockFile,
  writeRuntimeFile,
} from "./data-dir.ts";
import { createSimulatedDepartments } from "./departments.ts";
import { AlreadyRunningError } from "./errors.ts";
import { expectingCouples } from "./expecting.ts";
import { startHttpServer } from "./http-server.ts";
import { indexPage } from "./index-page.ts";
import { startLocalDocuments } from "./local-documents.ts";
import { createSinkLogger, type LogSink } from "./logger.ts";
import { localNoticeChannels, provisionLocalNotices, startLocalNotices } from "./notices.ts";
import { type LocalPlatformOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import { caseTotals, createProgressReporter, type ProgressOutput, progressSnapshot } from "./progress.ts";
import type { RunningPlatform } from "./running.ts";
import { startPollers, startSweeper, sweepEveryMs } from "./schedules.ts";
import { checkPorts, everyQueue, previousRuntime, startServices } from "./services.ts";
import { runShutdown, type ShutdownStep } from "./shutdown.ts";
import { createLocalSignIn } from "./sign-in.ts";
import { createSimulatedCitizens } from "./simulated-citizens.ts";
import { createSimulatedSources, simulatedPlaces, simulatedPopulation } from "./simulated-sources.ts";
import { stopHandle } from "./stop-handle.ts";
import { localTaskTokens } from "./task-keys.ts";
import { LOCAL_WEBHOOKS } from "./webhooks.ts";

export type { PlatformStats, RunningPlatform } from "./running.ts";

const CLOCK_SAVE_EVERY_MS = 5_000;
const LOCAL_CALENDAR_CACHE_MS = 2_000;
const SERVICES = [
  "api",
  "orchestrator",
  "results",
  "events",
  "sweeper",
  "webhooks",
  "departments",
  "sources",
  "citizens",
  "local",
] as const;

/**
 * Starts the whole platform on this machine, on the handler code that runs on AWS: DynamoDB Local (persistent under
 * `dataDir` unless `inMemory`) and the SQS/SNS emulator (SQLite under `<dataDir>/sqs` unless `inMemory`), provisioned
 * from the topology; a Lambda-like poller per consumed queue; the HTTP API behind a local API Gateway with the dev
 * issuer as JWT authorizer; the sweeper on its schedule; simulated departments and notice gateways; and a recovery
 * pass that re-sends every open task (departments dedupe, answers are idempotent).
 *
 * @example
 * const platform = await startLocalPlatform({ port: 3000, timeScale: 60, handleSignals: true });
 * const token = await platform.token({ role: "operator", sub: "me" });
 * await fetch(`${platform.url}/v1/ops/summary`, { headers: { authorization: `Bearer ${token}` } });
 * await platform.stop();
 */
export async function startLocalPlatform(options: LocalPlatformOptions = {}): Promise<RunningPlatform> {
  const started = performance.now();
  const catalogue = loadSeedCatalogue();
  const calendar = loadSeedCalendar();
  const departments = [...catalogue.departments.keys()];
  const topology: Topology = buildTopology({ departmentIds: departments });
  const resolved = resolveOptions(options, { departments, sweepEveryMs: sweepEveryMs(topology) });
  const output = options.output === undefined ? process.stdout : options.output;
  // On a terminal with the status line, a log line first clears it (the next refresh redraws it below).
  const clearStatus = output && resolved.progress && output.isTTY === true ? "\r\u001b[2K" : "";
  const sink: LogSink = options.log ?? ((line) => process.stderr.write(`${clearStatus}${line}\n`));
  const loggerFor = (service: (typeof SERVICES)[number]) =>
    createSinkLogger(service, sink, resolved.verbose ? "info" : "error");
  const log = loggerFor("local");

  ensureDataDir(resolved.dataDir);
  const previous = previousRuntime(resolved.dataDir);
  if (previous && isProcessAlive(previous.pid)) {
    throw new AlreadyRunningError(previous.pid, previous.url, resolved.dataDir);
  }
  await checkPorts(resolved);
  const secrets = loadOrCreateDevSecrets(resolved.dataDir);
  const issuer = createDevIssuer(secrets.devIssuerSecret);
  const clock = createScaledClock({
    scale: resolved.timeScale,
    platformOrigin:
      options.startAt ??
      resumeAt(new Date(), resolved.inMemory ? undefined : readClockFile(resolved.dataDir)),
  });

  // Stop steps, pushed as each part starts; `stop()` (or a failed start) runs them in reverse.
  const steps: ShutdownStep[] = [];
  const shutdown = () => runShutdown([...steps].reverse(), log);
  const ctx: StartContext = {
    started,
    catalogue,
    calendar,
    departments,
    topology,
    resolved,
    output,
    loggerFor,
    log,
    secrets,
    issuer,
    clock,
    steps,
    shutdown,
  };
  try {
    return await startParts(ctx);
  } catch (error) {
    await shutdown();
    throw error;
  }
}

async function startParts(ctx: StartContext): Promise<RunningPlatform> {
  const { resolved, output, loggerFor, issuer, clock, steps, shutdown } = ctx;
  const { dynamo, sqsService, provisioned, clients, notices, documents } = await startBackends(ctx);
  const queues = provisioned.queues;
  const departmentUrls = Object.fromEntries(Object.entries(queues.departments).map(([id, q]) => [id, q.url]));
  // The same composition root the Lambdas use, over the local services.
  const platform = composePlatform({
    catalogue: ctx.catalogue,
    calendar: ctx.calendar,
    ...backendInputs({ ...clients, tableName: provisioned.tableName, queues }),
    ...localTaskTokens(ctx.resolved.dataDir, ctx.secrets),
    clock,
    logger: loggerFor,
    // One calendar source, refreshed at once by an import; the short cache bounds when the revision walk starts.
    calendarCacheMs: LOCAL_CALENDAR_CACHE_MS,
    noticeChannels: localNoticeChannels(notices),
    documents: documents.port,
    webhooks: LOCAL_WEBHOOKS,
  });
  const { store, ops, api } = platform;

  let runtimeFile: RuntimeFile | undefined;
  const host = resolved.host === "0.0.0.0" || resolved.host === "::" ? "127.0.0.1" : resolved.host;
  // The local OpenID provider (at /oidc) beside the dev issuer: the gateway accepts the tokens of both.
  const signIn = createLocalSignIn(ctx.catalogue, issuer, resolved.dataDir);
  const http = await startHttpServer({
    port: resolved.port,
    host: resolved.host,
    api,
    verify: signIn.verify,
    passthrough: signIn.handle,
    runtimeConfig: signIn.runtimeConfig,
    // API Gateway gives up on the integration after 30 s; the function's own timeout is below that.
    timeoutMs: ctx.topology.functions.api.timeoutSeconds * 1000,
    indexPage: () => indexPage(runtimeFile, clock()),
    ...(resolved.webRoot ? { webRoot: resolved.webRoot } : {}),
    // The local sign-in of the web pages (never on AWS: API Gateway there has no /dev routes).
    signToken: (claims, ttlSeconds) => issuer.sign(claims, ttlSeconds),
    departments: ctx.departments,
    health: () => ({ status: "ok", platformTime: clock().toISOString(), timeScale: clock.scale }),
    log: loggerFor("api"),
    proxy: documents.proxy,
  });
  steps.push({ name: "close http server", run: () => http.close() });
  const url = `http://${host === "127.0.0.1" ? "localhost" : host}:${http.port}`;
  documents.publishAt(url);
  const apiUrl = `http://${host}:${http.port}`;
  const { issuer: oidcIssuer } = await signIn.start(url, [...new Set([url, apiUrl])]);
  // Open tasks re-sent before anything consumes the department queues (answered again identically: a 202), so a
  // crash between the case write and the send, a purge or a deleted sqs/ dir leaves no task unseen.
  const recovery = resolved.inMemory ? undefined : await redispatchOpenTasks(platform.redispatch, clock());

  const pollers = startPollers(ctx.topology, queues, clients.sqs, platform, resolved, loggerFor);
  steps.push({
    name: "drain pollers",
    run: () =>
      Promise.all(pollers.map((p) => p.stop({ drainTimeoutMs: resolved.drainTimeoutMs }))).then(
        () => undefined,
      ),
    timeoutMs: resolved.drainTimeoutMs + 5_000,
  });

  const simulation = startSimulation({ ctx, sqs: clients.sqs, departmentUrls, apiUrl, store });
  const sources = startSources(ctx, apiUrl, () => clock(), store);
  const citizens = startCitizens(ctx, apiUrl, sources);
  const sweeper = startSweeper(() => platform.sweeper(), resolved.sweepIntervalMs, ctx.log);
  steps.push({ name: "stop sweeper", run: () => sweeper.stop() });
  startLocalNotices(notices, platform.deliverNotices, clients.sqs, ctx);

  const runtime = (): RuntimeFile =>
    runtimeFileOf({
      url,
      resolved,
      dynamo,
      sqsService,
      tableName: provisioned.tableName,
      queues,
      oidcIssuer,
    });
  runtimeFile = runtime();
  writeRuntimeFile(resolved.dataDir, runtimeFile);
  steps.push({ name: "remove runtime.json", run: () => removeRuntimeFile(resolved.dataDir) });

  // The cheap part of the summary (counters and DLQ depths): the progress line refreshes every second on a TTY.
  const totals = async () => caseTotals(await ops.counts());
  const startupMs = Math.round(performance.now() - ctx.started);
  const calendarStatus = await calendarStatusOf(platform.calendars, clock(), resolved.timeScale);
  if (output) output.write(banner(runtimeFile, resolved, startupMs, recovery, calendarStatus));
  if (output && resolved.progress) {
    const progress = createProgressReporter({
      output,
      snapshot: async () => progressSnapshot(await totals(), clock(), clock.scale),
    });
    progress.start();
    steps.push({ name: "stop progress", run: () => progress.stop() });
  }

  const stop = stopHandle(shutdown, output, resolved.handleSignals, steps);

  return {
    url,
    port: http.port,
    endpoints: { api: url, dynamodb: dynamo.endpoint, sqs: sqsService.endpoint },
    dataDir: resolved.dataDir,
    inMemory: resolved.inMemory,
    timeScale: resolved.timeScale,
    tableName: provisioned.tableName,
    queues,
    simulatedDepartments: resolved.simulated,
    dynamoPid: dynamo.pid,
    startupMs,
    issuer,
    token: (claims, ttlSeconds) => issuer.sign(claims, ttlSeconds),
    clock: () => clock(),
    async stats() {
      return {
        now: clock().toISOString(),
        cases: await totals(),
        pollers: [...pollers.map((p) => p.stats()), ...(simulation?.stats().consumers ?? [])],
        simulation: simulation?.stats(),
        ...(sources ? { sources: sources.stats() } : {}),
        ...(citizens ? { citizens: citizens.stats() } : {}),
        sweeps: sweeper.stats(),
        recovery,
      };
    },
    stop,
  };
}

/** DynamoDB Local and the SQS emulator, provisioned from the topology, and clients for them. */
async function startBackends(ctx: StartContext) {
  const { resolved, steps, log } = ctx;
  const [dynamo, sqsService] = await startServices(resolved, steps);
  if (!resolved.inMemory) keepClockSaved(resolved.dataDir, ctx.clock, steps, log);
  const provisioned = await provision(ctx.topology, {
    dynamoEndpoint: dynamo.endpoint,
    sqsEndpoint: sqsService.endpoint,
  });
  if (!resolved.inMemory) {
    // Messages the last run received but never deleted (its consumers are gone) are visible again now.
    const released = await sqsService.releaseInFlight(
      everyQueue(provisioned.queues).flatMap((q) => [q.url, q.deadLetterQueue.url]),
    );
    if (released > 0) log.info("released messages left in flight by the last run", { released });
  }
  const clients = createLocalClients({ dynamoEndpoint: dynamo.endpoint, sqsEndpoint: sqsService.endpoint });
  steps.push({ name: "close clients", run: () => clients.destroy() });
  const notices = await provisionLocalNotices(ctx.topology, clients.sqs, sqsService.endpoint, steps);
  const documents = await startLocalDocuments(sqsService.endpoint);
  return { dynamo, sqsService, provisioned, clients, notices, documents };
}

interface StartContext {
  readonly started: number;
  readonly catalogue: Catalogue;
  readonly calendar: WorkingCalendar;
  readonly departments: readonly string[];
  readonly topology: Topology;
  readonly resolved: ResolvedOptions;
  readonly output: ProgressOutput | false;
  readonly loggerFor: (service: (typeof SERVICES)[number]) => ReturnType<typeof createSinkLogger>;
  readonly log: ReturnType<typeof createSinkLogger>;
  readonly secrets: ReturnType<typeof loadOrCreateDevSecrets>;
  readonly issuer: DevIssuer;
  readonly clock: ScaledClock;
  /** Stop steps, pushed as each part starts; `stop()` (or a failed start) runs them in reverse. */
  readonly steps: ShutdownStep[];
  readonly shutdown: () => Promise<void>;
}

/** Saves the platform clock every few seconds: after a crash, a fast clock still resumes close to where it was. */
function keepClockSaved(
  dataDir: string,
  clock: ScaledClock,
  steps: ShutdownStep[],
  log: StartContext["log"],
) {
  const saveClock = () => writeClockFile(dataDir, clock());
  const saver = setInterval(() => {
    try {
      saveClock();
    } catch (error) {
      log.warn("could not save the platform clock", { error: (error as Error).message });
    }
  }, CLOCK_SAVE_EVERY_MS);
  saver.unref();
  steps.push({
    name: "save clock",
    run: () => {
      clearInterval(saver);
      saveClock();
    },
  });
}

/** The simulated departments of the options (none: every task waits for a person). */
function startSimulation(parts: {
  ctx: StartContext;
  sqs: Parameters<typeof createSimulatedDepartments>[0]["sqs"];
  departmentUrls: Record<string, string>;
  apiUrl: string;
  store: Parameters<typeof createSimulatedDepartments>[0]["store"];
}) {
  const { ctx, departmentUrls } = parts;
  const simulated = Object.fromEntries(
    ctx.resolved.simulated.flatMap((id) => (departmentUrls[id] ? [[id, departmentUrls[id]]] : [])),
  );
  if (Object.keys(simulated).length === 0) return undefined;
  const simulation = createSimulatedDepartments({
    sqs: parts.sqs,
    queues: simulated,
    apiUrl: parts.apiUrl,
    issuer: ctx.issuer,
    catalogue: ctx.catalogue,
    store: parts.store,
    settings: ctx.resolved.simulation,
    log: ctx.loggerFor("departments"),
    waitTimeSeconds: ctx.resolved.pollWaitSeconds,
  });
  simulation.start();
  ctx.steps.push({ name: "stop simulated departments", run: () => simulation.stop() });
  return simulation;
}

/** The simulated source systems (on unless the options turn them off). */
function startSources(
  ctx: StartContext,
  apiUrl: string,
  clock: () => Date,
  store: Parameters<typeof expectingCouples>[0],
) {
  const settings = ctx.resolved.sources;
  if (!settings.enabled) return undefined;
  const sources = createSimulatedSources({
    settings,
    apiUrl,
    issuer: ctx.issuer,
    clock,
    log: ctx.loggerFor("sources"),
    places: simulatedPlaces(ctx.catalogue),
    expecting: () => expectingCouples(store, ctx.catalogue),
  });
  sources.start();
  ctx.steps.push({ name: "stop simulated sources", run: () => sources.stop() });
  return sources;
}

/** The simulated citizens (on unless the options turn them off), looking at the offers of whom the sources know. */
function startCitizens(ctx: StartContext, apiUrl: string, sources: ReturnType<typeof startSources>) {
  const settings = ctx.resolved.citizens;
  if (!settings.enabled) return undefined;
  const population = sources
    ? undefined
    : simulatedPopulation(ctx.resolved.sources, simulatedPlaces(ctx.catalogue));
  const citizens = createSimulatedCitizens({
    settings,
    seed: ctx.resolved.sources.seed,
    apiUrl,
    issuer: ctx.issuer,
    catalogue: ctx.catalogue,
    clock: () => ctx.clock(),
    persons: () => sources?.residents() ?? population ?? [],
    log: ctx.loggerFor("citizens"),
  });
  citizens.start();
  ctx.steps.push({ name: "stop simulated citizens", run: () => citizens.stop() });
  return citizens;
}

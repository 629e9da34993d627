import { join } from "node:path";
import { createApiHandler } from "@onething/api";
import { createDevIssuer, type DevIssuer } from "@onething/auth";
import { provisionalYearsAhead } from "@onething/cases";
import { createOrchestratorHandler, createResultsHandler } from "@onething/fn-orchestrator";
import { createSweeperHandler, type SweepReport } from "@onething/fn-sweeper";
import {
  createLocalClients,
  isPortFree,
  type LocalService,
  type ProvisionedQueue,
  type ProvisionedQueues,
  provision,
  type SqsEmulator,
  startDynamoDbLocal,
  startSqsEmulator,
} from "@onething/local-services";
import { sendPoisonToDeadLetterQueue } from "@onething/messaging";
import { createOps, opsQueuesFrom, type RedispatchReport, redispatchOpenTasks } from "@onething/ops";
import { applicantIndexKeyFrom, CALENDAR_HORIZON_DAYS, createPlatform } from "@onething/platform";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { createCaseStore, createDocumentClient } from "@onething/store";
import { buildTopology, type Topology } from "@onething/topology";
import { createScaledClock, resumeAt } from "./clock.ts";
import {
  DYNAMODB_DIR,
  ensureDataDir,
  isProcessAlive,
  loadOrCreateDevSecrets,
  type RuntimeFile,
  readClockFile,
  readRuntimeFile,
  removeRuntimeFile,
  SQS_DIR,
  writeClockFile,
  writeRuntimeFile,
} from "./data-dir.ts";
import { createSimulatedDepartments, type SimulationStats } from "./departments.ts";
import { AlreadyRunningError, PortInUseError } from "./errors.ts";
import { startHttpServer } from "./http-server.ts";
import { indexPage } from "./index-page.ts";
import { createSinkLogger, type LogSink } from "./logger.ts";
import { type LocalPlatformOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import { createQueuePoller, type PollerStats, type QueuePoller } from "./poller.ts";
import { type CaseTotals, caseTotals, createProgressReporter, progressSnapshot } from "./progress.ts";
import { runShutdown, type ShutdownStep, stopOnSignals } from "./shutdown.ts";

export interface PlatformStats {
  /** Platform time (the scaled clock). */
  readonly now: string;
  readonly cases: CaseTotals;
  readonly pollers: readonly PollerStats[];
  readonly simulation: SimulationStats | undefined;
  readonly sweeps: { readonly ticks: number; readonly last: SweepReport | undefined };
  /** What the start-up recovery re-sent (undefined on an in-memory run: nothing can be open). */
  readonly recovery: RedispatchReport | undefined;
}

export interface RunningPlatform {
  /** Base URL of the HTTP API and pages, e.g. `http://localhost:3000`. */
  readonly url: string;
  readonly port: number;
  readonly endpoints: { readonly api: string; readonly dynamodb: string; readonly sqs: string };
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly timeScale: number;
  readonly tableName: string;
  readonly queues: ProvisionedQueues;
  /** Departments the simulation answers for. */
  readonly simulatedDepartments: readonly string[];
  /** Pid of the DynamoDB Local JVM (gone once `stop()` resolved). */
  readonly dynamoPid: number | undefined;
  /** Milliseconds from the call until everything answered. */
  readonly startupMs: number;
  /** The dev issuer the gateway verifies bearer tokens with. */
  readonly issuer: DevIssuer;
  /** Mints a bearer token, e.g. `token({ role: "operator", sub: "me" })`. Default lifetime 12 h. */
  token(
    claims: Record<string, unknown> & { sub: string; role: string },
    ttlSeconds?: number,
  ): Promise<string>;
  /** The platform clock. */
  clock(): Date;
  stats(): Promise<PlatformStats>;
  /** Drains in-flight invocations, then stops the server, the pollers and both services. Idempotent. */
  stop(): Promise<void>;
}

const CLOCK_SAVE_EVERY_MS = 5_000;
const LOCAL_CALENDAR_CACHE_MS = 2_000;
const SERVICES = ["api", "orchestrator", "results", "sweeper", "departments", "local"] as const;

/**
 * Starts the whole platform on this machine, on the handler code that runs on AWS: DynamoDB Local (persistent under
 * `dataDir` unless `inMemory`) and the SQS emulator (SQLite under `<dataDir>/sqs` unless `inMemory`), provisioned from
 * the topology; a Lambda-like poller per consumed
 * queue; the HTTP API behind a local API Gateway with the dev issuer as JWT authorizer; the sweeper on its schedule;
 * simulated departments; and a recovery pass that re-sends every open task (departments dedupe, answers are
 * idempotent).
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
  try {
    return await startParts();
  } catch (error) {
    await shutdown();
    throw error;
  }

  async function startParts(): Promise<RunningPlatform> {
    const services = await startServices(resolved, steps);
    const [dynamo, sqsService] = services;
    if (!resolved.inMemory) {
      // Also every few seconds: after a crash, a fast clock still resumes close to where it was.
      const saveClock = () => writeClockFile(resolved.dataDir, clock());
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

    const provisioned = await provision(topology, {
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: sqsService.endpoint,
    });
    if (!resolved.inMemory) {
      // Received-but-not-deleted messages of the last run (its consumers are gone; a long poll aborted at its stop
      // may have taken some nobody saw) are visible again now, not after minutes of visibility timeout.
      const released = await sqsService.releaseInFlight(
        everyQueue(provisioned.queues).flatMap((q) => [q.url, q.deadLetterQueue.url]),
      );
      if (released > 0) log.info("released messages left in flight by the last run", { released });
    }
    const clients = createLocalClients({ dynamoEndpoint: dynamo.endpoint, sqsEndpoint: sqsService.endpoint });
    steps.push({ name: "close clients", run: () => clients.destroy() });

    const store = createCaseStore({
      applicantIndexKey: applicantIndexKeyFrom(secrets.taskTokenSecret),
      client: createDocumentClient(clients.dynamo),
      tableName: provisioned.tableName,
    });
    const queues = provisioned.queues;
    const departmentUrls = Object.fromEntries(
      Object.entries(queues.departments).map(([id, q]) => [id, q.url]),
    );
    const platform = createPlatform({
      catalogue,
      calendar,
      store,
      sqs: clients.sqs,
      queues: {
        orchestrator: queues.orchestrator.url,
        results: queues.results.url,
        departments: departmentUrls,
      },
      taskTokenSecret: secrets.taskTokenSecret,
      clock,
      log: loggerFor("api"),
      // Every handler here shares this one calendar source, which an import refreshes at once; the short cache
      // only bounds how soon the revision walk may start (a notice loaded here is revised within seconds).
      calendarCacheMs: LOCAL_CALENDAR_CACHE_MS,
    });
    const ops = createOps({
      store,
      sqs: clients.sqs,
      bundleIds: catalogue.bundles.map((bundle) => bundle.id),
      departments,
      queues: opsQueuesFrom(queues),
      log: loggerFor("api"),
      clock,
    });
    const api = createApiHandler({ ...platform, ops });

    let runtimeFile: RuntimeFile | undefined;
    const host = resolved.host === "0.0.0.0" || resolved.host === "::" ? "127.0.0.1" : resolved.host;
    const http = await startHttpServer({
      port: resolved.port,
      host: resolved.host,
      api,
      verify: (token) => issuer.verify(token),
      // API Gateway gives up on the integration after 30 s; the function's own timeout is below that.
      timeoutMs: topology.functions.api.timeoutSeconds * 1000,
      indexPage: () => indexPage(runtimeFile, clock()),
      ...(resolved.webRoot ? { webRoot: resolved.webRoot } : {}),
      // The local sign-in of the web pages (never on AWS: API Gateway there has no /dev routes).
      signToken: (claims, ttlSeconds) => issuer.sign(claims, ttlSeconds),
      departments,
      health: () => ({ status: "ok", platformTime: clock().toISOString(), timeScale: clock.scale }),
      log: loggerFor("api"),
    });
    steps.push({ name: "close http server", run: () => http.close() });
    const url = `http://${host === "127.0.0.1" ? "localhost" : host}:${http.port}`;
    const apiUrl = `http://${host}:${http.port}`;

    // Open tasks re-sent before anything consumes the department queues. The persisted emulator normally still
    // holds them (a re-sent one is answered identically: an idempotent 202), but a crash between the case write
    // and the send, a purge or a deleted sqs/ dir would otherwise leave a task no department ever sees.
    const recovery = resolved.inMemory
      ? undefined
      : await redispatchOpenTasks(
          {
            store,
            catalogue,
            tokens: platform.tokens,
            send: platform.send,
            departments,
            log: loggerFor("local"),
          },
          clock(),
        );

    const pollers = startPollers(topology, queues, clients.sqs, platform, resolved, loggerFor);
    steps.push({
      name: "drain pollers",
      run: () =>
        Promise.all(pollers.map((p) => p.stop({ drainTimeoutMs: resolved.drainTimeoutMs }))).then(
          () => undefined,
        ),
      timeoutMs: resolved.drainTimeoutMs + 5_000,
    });

    const simulated = Object.fromEntries(
      resolved.simulated.flatMap((id) => (departmentUrls[id] ? [[id, departmentUrls[id]]] : [])),
    );
    const simulation =
      Object.keys(simulated).length === 0
        ? undefined
        : createSimulatedDepartments({
            sqs: clients.sqs,
            queues: simulated,
            apiUrl,
            issuer,
            catalogue,
            store,
            settings: resolved.simulation,
            log: loggerFor("departments"),
            waitTimeSeconds: resolved.pollWaitSeconds,
          });
    simulation?.start();
    if (simulation) steps.push({ name: "stop simulated departments", run: () => simulation.stop() });

    const sweeper = startSweeper(
      createSweeperHandler({ store, send: platform.send, departments, log: loggerFor("sweeper"), clock }),
      resolved.sweepIntervalMs,
      log,
    );
    steps.push({ name: "stop sweeper", run: () => sweeper.stop() });

    const runtime = (): RuntimeFile => ({
      pid: process.pid,
      url,
      startedAt: new Date().toISOString(),
      dataDir: resolved.dataDir,
      inMemory: resolved.inMemory,
      timeScale: resolved.timeScale,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: sqsService.endpoint,
      tableName: provisioned.tableName,
      queues: {
        orchestrator: {
          url: queues.orchestrator.url,
          deadLetterUrl: queues.orchestrator.deadLetterQueue.url,
        },
        results: { url: queues.results.url, deadLetterUrl: queues.results.deadLetterQueue.url },
        departments: departmentUrls,
        departmentDeadLetters: Object.fromEntries(
          Object.entries(queues.departments).map(([id, q]) => [id, q.deadLetterQueue.url]),
        ),
      },
      simulatedDepartments: [...resolved.simulated],
    });
    runtimeFile = runtime();
    writeRuntimeFile(resolved.dataDir, runtimeFile);
    steps.push({ name: "remove runtime.json", run: () => removeRuntimeFile(resolved.dataDir) });

    // The cheap part of the summary (counters and DLQ depths): the progress line refreshes every second on a TTY.
    const totals = async () => caseTotals(await ops.counts());
    const startupMs = Math.round(performance.now() - started);
    // A fast clock reaches next year sooner: look as far ahead as a working day's run (8 real hours) goes.
    const counting = await platform.calendars.current();
    const calendarStatus = {
      official: counting.officialYears,
      provisional: provisionalYearsAhead(
        counting,
        clock(),
        Math.max(CALENDAR_HORIZON_DAYS, Math.ceil((8 / 24) * resolved.timeScale)),
      ),
    };
    if (output) output.write(banner(runtimeFile, resolved, startupMs, recovery, calendarStatus));
    if (output && resolved.progress) {
      const progress = createProgressReporter({
        output,
        snapshot: async () => progressSnapshot(await totals(), clock(), clock.scale),
      });
      progress.start();
      steps.push({ name: "stop progress", run: () => progress.stop() });
    }

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= shutdown().then(() => {
        if (output) output.write("OneThing stopped: every service is down.\n");
      });
      return stopping;
    };
    if (resolved.handleSignals) {
      const remove = stopOnSignals(stop, {
        onSignal: (signal) => {
          if (output) output.write(`\n${signal}: draining in-flight work and stopping…\n`);
        },
      });
      steps.push({ name: "remove signal handlers", run: remove });
    }

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
          sweeps: sweeper.stats(),
          recovery,
        };
      },
      stop,
    };
  }
}

function everyQueue(all: ProvisionedQueues): ProvisionedQueue[] {
  return [all.orchestrator, all.results, ...Object.values(all.departments)];
}

/** The runtime file a previous run left, if readable: one we cannot read is overwritten, not obeyed. */
function previousRuntime(dataDir: string): RuntimeFile | undefined {
  try {
    return readRuntimeFile(dataDir);
  } catch {
    return undefined;
  }
}

/** The sweeper's schedule (platform time), from the topology: the same rule EventBridge gets on AWS. */
function sweepEveryMs(topology: Topology): number {
  const trigger = topology.functions.sweeper.trigger;
  return trigger.kind === "schedule" ? trigger.everyMinutes * 60_000 : 60_000;
}

/** A fixed port already taken fails before anything starts, with the flag that changes it. */
async function checkPorts(options: ResolvedOptions): Promise<void> {
  const wanted: [number | undefined, string, string][] = [
    [options.port === 0 ? undefined : options.port, "the HTTP API", "--port"],
    [options.dynamoPort, "DynamoDB Local", "--dynamo-port"],
    [options.sqsPort, "the SQS emulator", "--sqs-port"],
  ];
  for (const [port, what, flag] of wanted) {
    if (port === undefined) continue;
    const host = what === "the HTTP API" ? options.host : "127.0.0.1";
    if (!(await isPortFree(port, host))) throw new PortInUseError(port, what, flag);
  }
}

async function startServices(
  options: ResolvedOptions,
  steps: ShutdownStep[],
): Promise<[LocalService, SqsEmulator]> {
  const results = await Promise.allSettled([
    startDynamoDbLocal({
      ...(options.dynamoPort === undefined ? {} : { port: options.dynamoPort }),
      ...(options.inMemory ? {} : { dbPath: join(options.dataDir, DYNAMODB_DIR) }),
      // We drain handlers that still write to DynamoDB before stopping it; Ctrl-C must not reach the JVM first.
      signalsHandledByCaller: true,
    }),
    // Persisted too: answers waiting on the orchestrator queue, notices and DLQ contents survive a restart.
    startSqsEmulator({
      ...(options.sqsPort === undefined ? {} : { port: options.sqsPort }),
      ...(options.inMemory ? {} : { dataDir: join(options.dataDir, SQS_DIR) }),
    }),
  ]);
  for (const result of results) {
    if (result.status === "fulfilled") {
      const service = result.value;
      steps.push({ name: "stop service", run: () => service.stop() });
    }
  }
  const [dynamo, sqs] = results;
  if (dynamo?.status === "fulfilled" && sqs?.status === "fulfilled") return [dynamo.value, sqs.value];
  const failure = results.find((r) => r.status === "rejected");
  throw failure?.status === "rejected" ? failure.reason : new Error("local services did not start");
}

function startPollers(
  topology: Topology,
  queues: ProvisionedQueues,
  sqs: Parameters<typeof createQueuePoller>[0]["sqs"],
  platform: ReturnType<typeof createPlatform>,
  options: ResolvedOptions,
  loggerFor: (service: "orchestrator" | "results") => ReturnType<typeof createSinkLogger>,
): QueuePoller[] {
  const handlers = {
    orchestrator: createOrchestratorHandler({
      ...platform,
      log: loggerFor("orchestrator"),
      onPoison: sendPoisonToDeadLetterQueue(sqs, queues.orchestrator.deadLetterQueue.url),
    }),
    results: createResultsHandler({
      ...platform,
      log: loggerFor("results"),
      onPoison: sendPoisonToDeadLetterQueue(sqs, queues.results.deadLetterQueue.url),
    }),
  };
  const pollers: QueuePoller[] = [];
  for (const name of ["orchestrator", "results"] as const) {
    const spec = topology.queues[name];
    const consumer = spec.consumer;
    if (consumer.kind !== "function") continue;
    const poller = createQueuePoller({
      name,
      sqs,
      queueUrl: queues[name].url,
      handler: handlers[consumer.function],
      batchSize: consumer.batchSize,
      maxBatchingWindowMs: consumer.maxBatchingWindowSeconds * 1000,
      maxConcurrency: consumer.maxConcurrency,
      functionTimeoutMs: topology.consumers[consumer.function].timeoutSeconds * 1000,
      waitTimeSeconds: options.pollWaitSeconds,
      log: loggerFor(name),
    });
    poller.start();
    pollers.push(poller);
  }
  return pollers;
}

/** The scheduled sweeper: a tick now (resending what a previous run left pending), then every `everyMs`. */
function startSweeper(
  tick: () => Promise<SweepReport>,
  everyMs: number,
  log: ReturnType<typeof createSinkLogger>,
) {
  let ticks = 0;
  let last: SweepReport | undefined;
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return;
    running = tick()
      .then((report) => {
        ticks++;
        last = report;
      })
      .catch((error: unknown) =>
        log.error("sweep failed; the next tick retries", { error: (error as Error).message }),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
    stats: () => ({ ticks, last }),
  };
}

/** `2027`, `2024–2026` or `2024–2026, 2028`: consecutive years as runs. */
function yearRange(years: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const year of [...years].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && last[1] === year - 1) last[1] = year;
    else runs.push([year, year]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(", ") || "none";
}

function banner(
  runtime: RuntimeFile,
  options: ResolvedOptions,
  startupMs: number,
  recovery: RedispatchReport | undefined,
  calendar: { official: readonly number[]; provisional: readonly number[] },
): string {
  const simulated =
    options.simulated.length === 0
      ? "none (every task waits for a person: use the CLI)"
      : options.simulated.length === Object.keys(runtime.queues.departments).length
        ? `all ${options.simulated.length} departments`
        : options.simulated.join(", ");
  const lines = [
    `OneThing is running (started in ${(startupMs / 1000).toFixed(1)} s)`,
    `  API and pages   ${runtime.url}   (OpenAPI: ${runtime.url}/v1/openapi.json)`,
    `  DynamoDB Local  ${runtime.dynamoEndpoint}   ${options.inMemory ? "in memory" : `data in ${join(options.dataDir, DYNAMODB_DIR)}`}`,
    `  SQS emulator    ${runtime.sqsEndpoint}   ${options.inMemory ? "in memory" : `data in ${join(options.dataDir, SQS_DIR)}; open tasks re-sent on start`}`,
    `  Data dir        ${options.dataDir}   (dev-secrets.json, runtime.json)`,
    `  Clock           ${options.timeScale === 1 ? "real time" : `×${options.timeScale}`}; sweeper every ${(options.sweepIntervalMs / 1000).toFixed(1)} s`,
    `  Simulated       ${simulated}`,
    `  Calendar        official ${yearRange(calendar.official)}` +
      (calendar.provisional.length > 0
        ? `; provisional ${yearRange(calendar.provisional)} (statutory rule, deadlines marked 暂定` +
          ` until the notice is loaded: npx onething calendar import <file>)`
        : ""),
    ...(recovery && recovery.resent > 0
      ? [`  Recovered       ${recovery.resent} open task(s) re-sent to their departments`]
      : []),
    "  Ctrl-C stops everything.",
    "",
  ];
  return `${lines.join("\n")}\n`;
}

import { resolve } from "node:path";
import { timeScaleProblem } from "./clock.ts";
import { DEFAULT_DATA_DIR } from "./data-dir.ts";
import { InvalidOptionError } from "./errors.ts";
import type { LogSink } from "./logger.ts";
import type { ProgressOutput } from "./progress.ts";
import { DEFAULT_CITIZENS, type SimulatedCitizensSettings } from "./simulated-citizens.ts";
import { DEFAULT_SOURCES, type SimulatedSourcesSettings } from "./simulated-sources.ts";
import { resolveSimulation, type SimulationOverrides, type SimulationSettings } from "./simulation.ts";
import { webRootIfBuilt } from "./static.ts";

/**
 * Which departments the platform answers for itself: `true` (all, the default), `false` (none: every task waits for
 * a person at the CLI), or per department, `{ health: false }` (all but health) / `{ "*": false, health: true }`
 * (health only). Unknown department ids are refused.
 */
export type SimulateOption = boolean | Readonly<Record<string, boolean>>;

export interface LocalPlatformOptions {
  /** HTTP port of the API and pages. Default: `$PORT`, else 3000; 0 picks a free port. */
  readonly port?: number;
  /** Interface the HTTP server binds. Default 127.0.0.1 (dev tokens are not for the network). */
  readonly host?: string;
  /** Where DynamoDB's files, the dev secrets and runtime.json live. Default `<repo>/.data`. */
  readonly dataDir?: string;
  /** DynamoDB Local in memory: a throwaway run (the dev secrets are still kept in `dataDir`). Default false. */
  readonly inMemory?: boolean;
  /** Fixed ports for DynamoDB Local and the SQS emulator; default: free ones (printed and in runtime.json). */
  readonly dynamoPort?: number;
  readonly sqsPort?: number;
  /** Platform clock speed: 60 = a platform hour per real minute. Default 1. */
  readonly timeScale?: number;
  /**
   * Platform time at start (default: now, or where a persistent run left off). Demos and tests pin it inside the
   * published working-day calendar, so deadlines never fall in a year without holiday data.
   */
  readonly startAt?: Date;
  readonly simulate?: SimulateOption;
  /** Delay range, rates, seed and applicant replies of the simulation (defaults: 1–4 s, 5 % reject, 10 % supplement). */
  readonly simulation?: SimulationOverrides;
  /**
   * Simulated source systems (rosters, 卫健's death and birth registries) sending data events: on by default, one
   * life event every 15 s over a population of 24; `enabled: false` turns them off.
   */
  readonly sources?: Partial<Omit<SimulatedSourcesSettings, "seed">>;
  /**
   * Simulated citizens looking at their offers (the residents the sources sent events about): on by default, a
   * look every 10 s; `enabled: false` turns them off. Nothing to look at without the sources.
   */
  readonly citizens?: Partial<SimulatedCitizensSettings>;
  /**
   * Real milliseconds between sweeper ticks. Default: the sweeper's schedule from the topology (every platform
   * minute) divided by the time scale, at least 1 s.
   */
  readonly sweepIntervalMs?: number;
  /** Stream every JSON log line to `log` (instead of errors only) and show no progress line. */
  readonly verbose?: boolean;
  /** Where JSON log lines go. Default: stderr. */
  readonly log?: LogSink;
  /** Where the start-up banner and progress go; `false` prints nothing. Default: stdout. */
  readonly output?: ProgressOutput | false;
  /** The status line (TTY) or periodic summary lines. Default true unless `verbose`. */
  readonly progress?: boolean;
  /** Install SIGINT/SIGTERM handlers that stop the platform gracefully (the CLI's `start`). Default false. */
  readonly handleSignals?: boolean;
  /** How long `stop()` waits for in-flight invocations. Default 10 s. */
  readonly drainTimeoutMs?: number;
  /** Long-poll wait of the pollers (seconds). Default 10; a stopping poller aborts its wait. */
  readonly pollWaitSeconds?: number;
  /**
   * A static web build (directory with `index.html`, e.g. `packages/web/dist`) to serve at `/` beside the API, so
   * the pages call the API same-origin. Absent, or without `index.html`: `/` is the index page.
   */
  readonly webRoot?: string;
}

export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly dynamoPort: number | undefined;
  readonly sqsPort: number | undefined;
  readonly timeScale: number;
  readonly simulated: readonly string[];
  readonly simulation: SimulationSettings;
  readonly sources: SimulatedSourcesSettings;
  readonly citizens: SimulatedCitizensSettings;
  readonly sweepIntervalMs: number;
  readonly verbose: boolean;
  readonly progress: boolean;
  readonly handleSignals: boolean;
  readonly drainTimeoutMs: number;
  readonly pollWaitSeconds: number;
  /** The web build served at `/`, when one was given and is built. */
  readonly webRoot: string | undefined;
}

export const DEFAULT_PORT = 3000;
const MIN_DEFAULT_SWEEP_MS = 1_000;
const MAX_PORT = 65_535;

function portProblem(name: string, value: number | string | undefined, allowZero: boolean) {
  if (value === undefined || value === "") return undefined;
  const port = typeof value === "number" ? value : Number(value);
  if (Number.isInteger(port) && port >= (allowZero ? 0 : 1) && port <= MAX_PORT) return undefined;
  return new InvalidOptionError(
    [name],
    `must be a port number (${allowZero ? 0 : 1}–${MAX_PORT}), not ${String(value)}`,
  );
}

function portOption(
  name: string,
  value: number | string | undefined,
  allowZero: boolean,
): number | undefined {
  const problem = portProblem(name, value, allowZero);
  if (problem) throw problem;
  return value === undefined || value === "" ? undefined : Number(value);
}

/** The departments to simulate, from the option and the registry; unknown department ids are refused. */
export function simulatedDepartments(
  option: SimulateOption | undefined,
  departments: readonly string[],
): string[] {
  if (option === undefined || option === true) return [...departments];
  if (option === false) return [];
  const unknown = Object.keys(option).filter((id) => id !== "*" && !departments.includes(id));
  if (unknown.length > 0) {
    throw new InvalidOptionError(
      ["simulate"],
      `names an unknown department ${unknown.join(", ")} (one of: ${departments.join(", ")})`,
    );
  }
  const fallback = option["*"] ?? true;
  return departments.filter((id) => option[id] ?? fallback);
}

/**
 * Every check `startLocalPlatform` makes of its options before it starts anything, in one place: ports, the time
 * scale (the clock's own range), the start time, the sweep interval, the simulated departments and the simulation
 * settings. Throws an `InvalidOptionError` naming the first option out of range; the CLI calls it to report its
 * flags in its own words, without starting anything.
 *
 * @example checkOptions({ timeScale: 0 }, ["health"]) // throws InvalidTimeScaleError: "timeScale must be …"
 */
export function checkOptions(options: LocalPlatformOptions, departments: readonly string[]): void {
  for (const [name, value, allowZero] of [
    ["port", options.port, true],
    ["dynamoPort", options.dynamoPort, false],
    ["sqsPort", options.sqsPort, false],
  ] as const) {
    const problem = portProblem(name, value, allowZero);
    if (problem) throw problem;
  }
  const scaleProblem = timeScaleProblem(options.timeScale ?? 1);
  if (scaleProblem) throw scaleProblem;
  if (options.startAt !== undefined && Number.isNaN(options.startAt.getTime())) {
    throw new InvalidOptionError(["startAt"], "must be a valid date and time");
  }
  if (options.sweepIntervalMs !== undefined && !(options.sweepIntervalMs > 0)) {
    throw new InvalidOptionError(["sweepIntervalMs"], `must be above 0, not ${options.sweepIntervalMs}`);
  }
  simulatedDepartments(options.simulate, departments);
  resolveSimulation(options.simulation);
  const { intervalMs, population } = options.sources ?? {};
  if (intervalMs !== undefined && !(Number.isFinite(intervalMs) && intervalMs >= 100))
    throw new InvalidOptionError(["sources.intervalMs"], `must be 100 ms or more, not ${intervalMs}`);
  if (population !== undefined && !(Number.isInteger(population) && population >= 1 && population <= 1000))
    throw new InvalidOptionError(
      ["sources.population"],
      `must be a whole number from 1 to 1000, not ${population}`,
    );
  const citizensMs = options.citizens?.intervalMs;
  if (citizensMs !== undefined && !(Number.isFinite(citizensMs) && citizensMs >= 100))
    throw new InvalidOptionError(["citizens.intervalMs"], `must be 100 ms or more, not ${citizensMs}`);
}

/** The options checked (`checkOptions`) and their defaults filled in. */
export function resolveOptions(
  options: LocalPlatformOptions,
  context: {
    readonly departments: readonly string[];
    /** The sweeper's schedule in platform milliseconds (the topology's `everyMinutes`). */
    readonly sweepEveryMs: number;
    readonly env?: Readonly<Record<string, string | undefined>>;
  },
): ResolvedOptions {
  checkOptions(options, context.departments);
  const env = context.env ?? process.env;
  const timeScale = options.timeScale ?? 1;
  const verbose = options.verbose ?? false;
  return {
    port: options.port ?? portOption("PORT", env.PORT, true) ?? DEFAULT_PORT,
    host: options.host ?? "127.0.0.1",
    dataDir: resolve(options.dataDir ?? DEFAULT_DATA_DIR),
    inMemory: options.inMemory ?? false,
    dynamoPort: options.dynamoPort,
    sqsPort: options.sqsPort,
    timeScale,
    simulated: simulatedDepartments(options.simulate, context.departments),
    simulation: resolveSimulation(options.simulation),
    sources: {
      ...DEFAULT_SOURCES,
      ...options.sources,
      seed: options.simulation?.seed ?? DEFAULT_SOURCES.seed,
    },
    citizens: { ...DEFAULT_CITIZENS, ...options.citizens },
    sweepIntervalMs:
      options.sweepIntervalMs ?? Math.max(MIN_DEFAULT_SWEEP_MS, context.sweepEveryMs / timeScale),
    verbose,
    progress: options.progress ?? !verbose,
    handleSignals: options.handleSignals ?? false,
    drainTimeoutMs: options.drainTimeoutMs ?? 10_000,
    pollWaitSeconds: options.pollWaitSeconds ?? 10,
    webRoot: options.webRoot === undefined ? undefined : webRootIfBuilt(resolve(options.webRoot)),
  };
}

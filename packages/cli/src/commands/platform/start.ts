import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { LocalPlatformOptions, SimulateOption } from "@onething/local";
import { InvalidOptionError, LocalStartError } from "@onething/local/errors";
import { checkOptions, simulatedDepartments } from "@onething/local/options";
import { resolveSimulation } from "@onething/local/simulation";
import { LocalServiceStartError } from "@onething/local-services/errors";
import { catalogue } from "../../catalogue.ts";
import type { Args, Command } from "../../command.ts";
import { type Context, emit, note } from "../../context.ts";
import { RUNTIME_FILE } from "../../data-dir.ts";
import { CliError } from "../../errors.ts";

/** The CLI's flag for each `LocalPlatformOptions` name, to report the platform's refusals in the user's words. */
const FLAGS: Readonly<Record<string, string>> = {
  port: "--port",
  dynamoPort: "--dynamo-port",
  sqsPort: "--sqs-port",
  timeScale: "--time-scale",
  startAt: "--start-at",
  "simulation.delayMs": "--delay-ms",
  "simulation.rejectRate": "--reject-rate",
  "simulation.supplementRate": "--supplement-rate",
  "simulation.noticeFailureRate": "--notice-failure-rate",
  "simulation.seed": "--seed",
  "sources.intervalMs": "--source-interval-ms",
  "sources.population": "--source-population",
  "citizens.intervalMs": "--citizen-interval-ms",
};

/**
 * Runs one of `@onething/local`'s checks (the only place the options are validated) and turns its refusal into a
 * usage error naming the flags: `--reject-rate must be 0–1, not 2`.
 */
function checkedAs<T>(args: Args, check: () => T, flags: Readonly<Record<string, string>> = FLAGS): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InvalidOptionError)) throw error;
    const names = error.options.map((option) => flags[option] ?? option);
    throw args.usage(`${names.join(" + ")} ${error.problem}`);
  }
}

function departmentList(args: Args, option: string): string[] | undefined {
  const ids = args.csv(option);
  if (ids === undefined) return undefined;
  if (ids.length === 0) throw args.usage(`--${option} needs department ids, comma-separated`);
  return ids;
}

/** `--delay-ms 200-2000` (or one number for a fixed delay), range checked by the simulation's own rules. */
export function parseDelay(text: string, args: Args): { min: number; max: number } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?)\s*)?$/.exec(text);
  if (!m) throw args.usage(`--delay-ms takes <min>-<max> milliseconds, e.g. 200-2000, not '${text}'`);
  const min = Number(m[1]);
  const delayMs = { min, max: m[2] === undefined ? min : Number(m[2]) };
  return checkedAs(args, () => resolveSimulation({ delayMs }).delayMs);
}

/**
 * Which departments the platform answers for itself: all, none, only some, or all but some (the department ids
 * checked against the registry by the platform's own rule).
 */
export function simulateOption(args: Args): SimulateOption {
  const only = departmentList(args, "simulate-only");
  const manual = departmentList(args, "manual");
  const simulate = args.flag("simulate", true);
  if (only && manual) throw args.usage("give --simulate-only or --manual, not both");
  if (!simulate && (only || manual))
    throw args.usage("--no-simulate simulates no department: drop --simulate-only/--manual");
  if (!simulate) return false;
  const option: SimulateOption = only
    ? { "*": false, ...Object.fromEntries(only.map((id) => [id, true])) }
    : manual
      ? Object.fromEntries(manual.map((id) => [id, false]))
      : true;
  const flag = only ? "--simulate-only" : "--manual";
  checkedAs(args, () => simulatedDepartments(option, [...catalogue().departments.keys()]), {
    simulate: flag,
  });
  return option;
}

/** The repository root (packages/cli/src/commands/platform → five up), where npm runs the web build. */
const REPO_ROOT = path.resolve(import.meta.dirname, "../../../../..");

/** The web pages' build (`packages/web`): served at `/` when built, beside the API (same origin). */
export const WEB_BUILD_DIR = path.join(REPO_ROOT, "packages", "web", "dist");

/**
 * The `startLocalPlatform` options for this command line: the flags mapped (numbers read as numbers), then checked
 * by `@onething/local`'s `checkOptions` before anything starts, so a mistake is a usage error naming the flag.
 */
export function startOptions(args: Args, dataDir: string, json: boolean): LocalPlatformOptions {
  const number = (name: string) => args.number(name);
  const delay = args.string("delay-ms");
  const rejectRate = number("reject-rate");
  const supplementRate = number("supplement-rate");
  const noticeFailureRate = number("notice-failure-rate");
  const simulation = {
    ...(delay !== undefined ? { delayMs: parseDelay(delay, args) } : {}),
    ...(rejectRate !== undefined ? { rejectRate } : {}),
    ...(supplementRate !== undefined ? { supplementRate } : {}),
    ...(noticeFailureRate !== undefined ? { noticeFailureRate } : {}),
    ...(args.string("seed") !== undefined ? { seed: args.string("seed") as string } : {}),
    ...(args.flag("applicant-replies", true) ? {} : { applicantReplies: false }),
  };
  const sourceIntervalMs = number("source-interval-ms");
  const sourcePopulation = number("source-population");
  const sourcesOn = args.flag("sources", true);
  if (!sourcesOn && (sourceIntervalMs !== undefined || sourcePopulation !== undefined))
    throw args.usage("--no-sources sends no events: drop --source-interval-ms/--source-population");
  const sources = {
    ...(sourcesOn ? {} : { enabled: false }),
    ...(sourceIntervalMs !== undefined ? { intervalMs: sourceIntervalMs } : {}),
    ...(sourcePopulation !== undefined ? { population: sourcePopulation } : {}),
  };
  const citizenIntervalMs = number("citizen-interval-ms");
  const citizensOn = args.flag("citizens", true);
  if (!citizensOn && citizenIntervalMs !== undefined)
    throw args.usage("--no-citizens looks at no offers: drop --citizen-interval-ms");
  const citizens = {
    ...(citizensOn ? {} : { enabled: false }),
    ...(citizenIntervalMs !== undefined ? { intervalMs: citizenIntervalMs } : {}),
  };
  const startAtText = args.string("start-at");
  const startAt = startAtText === undefined ? undefined : new Date(startAtText);
  if (startAt && Number.isNaN(startAt.getTime())) {
    throw args.usage(
      `--start-at must be a date and time such as 2026-03-02T09:00:00+08:00, not '${startAtText}'`,
    );
  }
  const given = (name: string, value: number | undefined) => (value === undefined ? {} : { [name]: value });
  const options: LocalPlatformOptions = {
    dataDir,
    inMemory: args.flag("in-memory"),
    verbose: args.flag("verbose"),
    simulate: simulateOption(args),
    // Ctrl-C is handled here (stop, then exit 0); the banner and progress line are the platform's own.
    handleSignals: false,
    ...(json ? { output: false } : {}),
    ...given("port", number("port")),
    ...given("dynamoPort", number("dynamo-port")),
    ...given("sqsPort", number("sqs-port")),
    ...given("timeScale", number("time-scale")),
    ...(startAt ? { startAt } : {}),
    ...(Object.keys(simulation).length > 0 ? { simulation } : {}),
    ...(Object.keys(sources).length > 0 ? { sources } : {}),
    ...(Object.keys(citizens).length > 0 ? { citizens } : {}),
  };
  checkedAs(args, () => checkOptions(options, [...catalogue().departments.keys()]));
  return options;
}

/**
 * `npm start` builds the web pages first (`--build-web`): here, after the command line is read, so `--help` and
 * a mistyped flag answer at once instead of after a Vite build.
 */
async function buildWebPages(ctx: Context): Promise<void> {
  if (!ctx.json) note(ctx, "building the web pages (npm run build -w @onething/web)…");
  const npm = process.env.npm_execpath;
  const [command, prefix] = npm ? [process.execPath, [npm]] : ["npm", []];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, [...prefix, "run", "build", "-w", "@onething/web"], {
      cwd: REPO_ROOT,
      // Build output is progress, not a result: stderr, so `--json` keeps stdout to one document.
      stdio: ["ignore", process.stderr, process.stderr],
    });
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0)
    throw new CliError(`the web pages did not build (npm run build -w @onething/web exited ${code})`);
}

export const startCommand: Command = {
  name: "start",
  summary: "start the whole platform on this machine (what `npm start` runs)",
  usage: [
    "start [--port <n>] [--in-memory] [--no-simulate | --simulate-only <a,b> | --manual <a,b>] [--build-web]",
    "      [--time-scale <n>] [--delay-ms <min-max>] [--reject-rate <0..1>] [--supplement-rate <0..1>] [--verbose]",
    "      [--notice-failure-rate <0..1>]",
    "      [--no-sources | --source-interval-ms <n>] [--source-population <n>]",
    "      [--no-citizens | --citizen-interval-ms <n>]",
  ],
  description: [
    "Starts DynamoDB Local and the SQS emulator, provisions them from the topology, serves the HTTP API, runs " +
      "the queue pollers over the real handlers and the sweeper, and simulates the departments (and the " +
      "applicants' replies to supplement requests), the source systems (rosters, then deaths, births and large " +
      "medical bills sent as data events) and the citizens who open, confirm or decline the offers made to " +
      "them. Data persists in <data-dir> unless --in-memory; the dev " +
      `token secrets (<data-dir>/dev-secrets.json) and the CLI's case book (<data-dir>/cli-cases.json) stay ` +
      `there even with --in-memory, and the running platform's addresses are in ` +
      `<data-dir>/${RUNTIME_FILE}, which the other commands read. Ctrl-C drains in-flight work and stops ` +
      "everything (a second Ctrl-C exits at once).",
  ],
  options: {
    port: {
      type: "string",
      value: "<n>",
      description: "the API's port (default $PORT, else 3000; 0 picks a free one)",
    },
    "in-memory": {
      type: "boolean",
      description: "DynamoDB in memory (the dev secrets and the CLI's case book stay in the data dir)",
    },
    simulate: {
      type: "boolean",
      negatable: true,
      description: "simulate no department: answer every task by hand",
    },
    "simulate-only": { type: "string", value: "<a,b>", description: "simulate only these departments" },
    manual: {
      type: "string",
      value: "<a,b>",
      description: "simulate every department but these (answer them with tasks/answer)",
    },
    "time-scale": {
      type: "string",
      value: "<n>",
      description: "platform clock speed: 60 = a platform hour per real minute",
    },
    "start-at": {
      type: "string",
      value: "<iso time>",
      description: "platform time at start, e.g. 2026-03-02T09:00:00+08:00 (default: now)",
    },
    "delay-ms": {
      type: "string",
      value: "<min-max>",
      description: "how long a simulated department takes to answer (default 1000-4000)",
    },
    "reject-rate": {
      type: "string",
      value: "<0..1>",
      description: "share of simulated answers that reject (default 0.05)",
    },
    "supplement-rate": {
      type: "string",
      value: "<0..1>",
      description: "share that ask for a supplement (default 0.1)",
    },
    "notice-failure-rate": {
      type: "string",
      value: "<0..1>",
      description: "share of notice messages the simulated SMS gateway and push service fail (default 0.05)",
    },
    "applicant-replies": {
      type: "boolean",
      negatable: true,
      description: "simulated applicants leave supplement requests to you (onething supplement)",
    },
    seed: {
      type: "string",
      value: "<text>",
      description: "seed of the simulation's draws (default onething)",
    },
    sources: {
      type: "boolean",
      negatable: true,
      description: "send no simulated data events (rosters, deaths, births)",
    },
    "source-interval-ms": {
      type: "string",
      value: "<n>",
      description: "real milliseconds between two simulated deaths or births (default 15000, at least 100)",
    },
    citizens: {
      type: "boolean",
      negatable: true,
      description: "no simulated citizens: offers wait for you (onething offers)",
    },
    "citizen-interval-ms": {
      type: "string",
      value: "<n>",
      description:
        "real milliseconds between two looks of the simulated citizens at their offers (default 10000)",
    },
    "source-population": {
      type: "string",
      value: "<n>",
      description: "residents in the simulated population (default 24, 1–1000)",
    },
    "dynamo-port": {
      type: "string",
      value: "<n>",
      description: "fixed port for DynamoDB Local (default: a free one)",
    },
    "sqs-port": {
      type: "string",
      value: "<n>",
      description: "fixed port for the SQS emulator (default: a free one)",
    },
    verbose: { type: "boolean", description: "stream every JSON log line to stderr (no progress line)" },
    "build-web": {
      type: "boolean",
      description: "build the web pages (packages/web) before starting, as `npm start` does",
    },
  },
  positionals: { min: 0, max: 0 },
  examples: [
    "npm start",
    "npm start -- --in-memory --port 0 --manual health",
    "onething start --time-scale 60 --delay-ms 100-500 --reject-rate 0.02",
  ],
  async run(ctx, args) {
    const checked = startOptions(args, ctx.dataDir, ctx.json);
    if (args.flag("build-web")) await buildWebPages(ctx);
    const options: LocalPlatformOptions = {
      ...checked,
      ...(existsSync(WEB_BUILD_DIR) ? { webRoot: WEB_BUILD_DIR } : {}),
    };
    const { startLocalPlatform } = await ctx.loadLocal();
    let platform: Awaited<ReturnType<typeof startLocalPlatform>>;
    try {
      platform = await startLocalPlatform(options);
    } catch (error) {
      // Refusals a person can act on are one line already (a taken port, a data dir in use, a bad PORT).
      const readable = error instanceof LocalStartError || error instanceof LocalServiceStartError;
      const message = (error as Error).message;
      throw new CliError(readable ? message : `the platform did not start: ${message}`, {
        code: "start_failed",
      });
    }
    emit(
      ctx,
      {
        url: platform.url,
        dataDir: platform.dataDir ?? ctx.dataDir,
        inMemory: platform.inMemory ?? options.inMemory,
        endpoints: platform.endpoints,
        simulatedDepartments: platform.simulatedDepartments,
        pid: process.pid,
      },
      () => "next: npx onething submit after-death --sample      (then: npx onething status <caseId>)",
    );
    const signal = await ctx.waitForShutdown();
    // A second Ctrl-C while draining exits at once; the process's exit hook still ends the DynamoDB JVM.
    const force = () => process.exit(130);
    process.once("SIGINT", force);
    process.once("SIGTERM", force);
    try {
      if (!ctx.json) note(ctx, `\n${signal}: draining in-flight work and stopping…`);
      await platform.stop();
    } finally {
      process.off("SIGINT", force);
      process.off("SIGTERM", force);
    }
    return 0;
  },
};

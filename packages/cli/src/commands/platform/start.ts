import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { LocalPlatformOptions, SimulateOption } from "@onething/local";
import { catalogue } from "../catalogue.ts";
import type { Args, Command } from "../command.ts";
import { emit, note } from "../context.ts";
import { RUNTIME_FILE } from "../data-dir.ts";
import { CliError } from "../errors.ts";

/** Errors of `startLocalPlatform` whose message is already one line a person can act on. */
const READABLE_START_ERRORS = new Set([
  "PortInUseError",
  "AlreadyRunningError",
  "DataDirError",
  "InvalidOptionError",
  "InvalidSimulationError",
  "InvalidTimeScaleError",
  "LocalServiceStartError",
]);

function departmentList(args: Args, option: string): string[] | undefined {
  const ids = args.csv(option);
  if (ids === undefined) return undefined;
  if (ids.length === 0) throw args.usage(`--${option} needs department ids, comma-separated`);
  const known = catalogue().departments;
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw args.usage(
      `--${option}: unknown department ${unknown.join(", ")} (one of: ${[...known.keys()].join(", ")})`,
    );
  }
  return ids;
}

/** `--delay-ms 200-2000` (or one number for a fixed delay). */
export function parseDelay(text: string, args: Args): { min: number; max: number } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?)\s*)?$/.exec(text);
  if (!m) throw args.usage(`--delay-ms takes <min>-<max> milliseconds, e.g. 200-2000, not '${text}'`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) throw args.usage(`--delay-ms ${text}: the maximum is below the minimum`);
  return { min, max };
}

/** Which departments the platform answers for itself: all, none, only some, or all but some. */
export function simulateOption(args: Args): SimulateOption {
  const only = departmentList(args, "simulate-only");
  const manual = departmentList(args, "manual");
  const simulate = args.flag("simulate", true);
  if (only && manual) throw args.usage("give --simulate-only or --manual, not both");
  if (!simulate && (only || manual))
    throw args.usage("--no-simulate simulates no department: drop --simulate-only/--manual");
  if (!simulate) return false;
  if (only) return { "*": false, ...Object.fromEntries(only.map((id) => [id, true])) };
  if (manual) return Object.fromEntries(manual.map((id) => [id, false]));
  return true;
}

/** The web pages' build (`packages/web`): served at `/` when built, beside the API (same origin). */
export const WEB_BUILD_DIR = fileURLToPath(new URL("../../../web/dist", import.meta.url));

/** The `startLocalPlatform` options for this command line (checked here, so mistakes are usage errors). */
export function startOptions(args: Args, dataDir: string, json: boolean): LocalPlatformOptions {
  const rate = (name: string) => args.number(name, { min: 0, max: 1 });
  const rejectRate = rate("reject-rate");
  const supplementRate = rate("supplement-rate");
  if ((rejectRate ?? 0) + (supplementRate ?? 0) > 1) {
    throw args.usage("--reject-rate + --supplement-rate must not exceed 1");
  }
  const delay = args.string("delay-ms");
  const port = (name: string, min: number) => args.number(name, { min, max: 65_535, integer: true });
  const simulation = {
    ...(delay !== undefined ? { delayMs: parseDelay(delay, args) } : {}),
    ...(rejectRate !== undefined ? { rejectRate } : {}),
    ...(supplementRate !== undefined ? { supplementRate } : {}),
    ...(args.string("seed") !== undefined ? { seed: args.string("seed") as string } : {}),
    ...(args.flag("applicant-replies", true) ? {} : { applicantReplies: false }),
  };
  const timeScale = args.number("time-scale", { min: Number.MIN_VALUE });
  const startAtText = args.string("start-at");
  const startAt = startAtText === undefined ? undefined : new Date(startAtText);
  if (startAt && Number.isNaN(startAt.getTime())) {
    throw args.usage(
      `--start-at must be a date and time such as 2026-03-02T09:00:00+08:00, not '${startAtText}'`,
    );
  }
  const options: LocalPlatformOptions = {
    dataDir,
    inMemory: args.flag("in-memory"),
    verbose: args.flag("verbose"),
    simulate: simulateOption(args),
    // Ctrl-C is handled here (stop, then exit 0); the banner and progress line are the platform's own.
    handleSignals: false,
    ...(json ? { output: false } : {}),
    ...(port("port", 0) !== undefined ? { port: port("port", 0) } : {}),
    ...(port("dynamo-port", 1) !== undefined ? { dynamoPort: port("dynamo-port", 1) } : {}),
    ...(port("sqs-port", 1) !== undefined ? { sqsPort: port("sqs-port", 1) } : {}),
    ...(timeScale !== undefined ? { timeScale } : {}),
    ...(startAt ? { startAt } : {}),
    ...(Object.keys(simulation).length > 0 ? { simulation } : {}),
  };
  return options;
}

export const startCommand: Command = {
  name: "start",
  summary: "start the whole platform on this machine (what `npm start` runs)",
  usage: [
    "start [--port <n>] [--in-memory] [--no-simulate | --simulate-only <a,b> | --manual <a,b>]",
    "      [--time-scale <n>] [--delay-ms <min-max>] [--reject-rate <0..1>] [--supplement-rate <0..1>] [--verbose]",
  ],
  description: [
    "Starts DynamoDB Local and the SQS emulator, provisions them from the topology, serves the HTTP API, runs " +
      "the queue pollers over the real handlers and the sweeper, and simulates the departments (and the " +
      "applicants' replies to supplement requests). Data persists in <data-dir> unless --in-memory; the dev " +
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
  },
  positionals: { min: 0, max: 0 },
  examples: [
    "npm start",
    "npm start -- --in-memory --port 0 --manual health",
    "onething start --time-scale 60 --delay-ms 100-500 --reject-rate 0.02",
  ],
  async run(ctx, args) {
    const options: LocalPlatformOptions = {
      ...startOptions(args, ctx.dataDir, ctx.json),
      ...(existsSync(WEB_BUILD_DIR) ? { webRoot: WEB_BUILD_DIR } : {}),
    };
    const { startLocalPlatform } = await ctx.loadLocal();
    let platform: Awaited<ReturnType<typeof startLocalPlatform>>;
    try {
      platform = await startLocalPlatform(options);
    } catch (error) {
      const e = error as Error;
      const readable = READABLE_START_ERRORS.has(e.name);
      throw new CliError(readable ? e.message : `the platform did not start: ${e.message}`, {
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

import path from "node:path";
import type { LocalPlatformOptions, RunningPlatform } from "@onething/local";
import { DEFAULT_DATA_DIR } from "@onething/local/data-dir";

/** Where the command writes: stdout for results, stderr for progress, notes and errors. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** What `start` needs from `@onething/local`; loaded lazily so other commands start fast. */
export type LocalModuleLoader = () => Promise<{
  startLocalPlatform: (
    options: LocalPlatformOptions,
  ) => Promise<Pick<RunningPlatform, "url" | "stop"> & Partial<RunningPlatform>>;
}>;

/** Everything a command reads from its surroundings, injectable so tests run commands in-process. */
export interface Context {
  readonly io: Io;
  readonly json: boolean;
  readonly dataDir: string;
  /** `--url`, or $ONETHING_URL; otherwise resolved from runtime.json. */
  readonly url: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Resolves with the signal's name on SIGINT/SIGTERM (for `start`). */
  readonly waitForShutdown: () => Promise<string>;
  readonly loadLocal: LocalModuleLoader;
}

export const DEFAULT_URL = "http://localhost:3000";

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  };
}

export function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(signal);
    };
    const onInt = () => done("SIGINT");
    const onTerm = () => done("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  });
}

/** The real surroundings, overridable piecewise (tests pass an Io, a fetch, a clock). */
export function createContext(
  options: { json: boolean; dataDir?: string; url?: string },
  overrides: Partial<Omit<Context, "json" | "dataDir" | "url">> = {},
): Context {
  const env = overrides.env ?? process.env;
  const dataDir = path.resolve(options.dataDir ?? (env.ONETHING_DATA_DIR || DEFAULT_DATA_DIR));
  return {
    io: overrides.io ?? processIo(),
    json: options.json,
    dataDir,
    url: options.url ?? (env.ONETHING_URL || undefined),
    env,
    fetch: overrides.fetch ?? globalThis.fetch,
    now: overrides.now ?? (() => new Date()),
    sleep: overrides.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    waitForShutdown: overrides.waitForShutdown ?? waitForSignal,
    loadLocal: overrides.loadLocal ?? (() => import("@onething/local")),
  };
}

/** Prints a result: JSON on stdout with `--json`, else the human text. */
export function emit(ctx: Context, json: unknown, text: () => string): void {
  if (ctx.json) ctx.io.out(JSON.stringify(json, null, 2));
  else ctx.io.out(text());
}

/** A note for humans (stderr, so stdout stays clean for pipes and `--json`). */
export function note(ctx: Context, text: string): void {
  ctx.io.err(text);
}

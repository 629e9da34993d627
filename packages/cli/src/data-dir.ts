import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  DEV_SECRETS_FILE,
  type DevSecrets,
  DevSecretsSchema,
  isProcessAlive,
  RUNTIME_FILE,
  type RuntimeFile,
  RuntimeFileSchema,
  readJsonIfPresent,
} from "@onething/local/data-dir";
import { type Context, DEFAULT_URL } from "./context.ts";
import { CliError } from "./errors.ts";

/**
 * The local platform's files in its data directory are `@onething/local`'s (`dev-secrets.json`, `runtime.json`:
 * their names and schemas come from its `./data-dir` module, which loads nothing of the platform); the CLI reads
 * them, and keeps its own case book beside them.
 */
export { DEV_SECRETS_FILE, type DevSecrets, RUNTIME_FILE, type RuntimeFile };
export const CLI_CASES_FILE = "cli-cases.json";
/** Messages the CLI has answered or acknowledged on department queues, until they are gone from the queue. */
export const CLI_SETTLED_FILE = "cli-settled.json";

/** A JSON file's value, or undefined when there is none (the files are small: read at once). */
export const readJsonFile = (file: string): unknown | undefined =>
  readJsonIfPresent(file, (message) => new CliError(message));

/**
 * Writes JSON through a temporary file and a rename, so a reader never sees half a file; `mode` holds from the
 * moment the temporary file exists (the case book keeps applicants' ID numbers: 0600).
 */
export async function writeJsonFile(file: string, value: unknown, mode: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode, flag: "w" });
    // mode applies only when the file is created (and under the umask): a stale temp file keeps its own.
    await chmod(temp, mode);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** runtime.json of the running (or last run) local platform; undefined when there is none. */
export async function readRuntime(ctx: Context): Promise<RuntimeFile | undefined> {
  const file = path.join(ctx.dataDir, RUNTIME_FILE);
  const raw = readJsonFile(file);
  if (raw === undefined) return undefined;
  const parsed = RuntimeFileSchema.safeParse(raw);
  if (!parsed.success) throw new CliError(`${file} does not look like the local platform's runtime file`);
  return parsed.data;
}

/** The API base URL: --url / $ONETHING_URL, else runtime.json's, else http://localhost:3000 (no trailing /). */
export async function resolveApiUrl(ctx: Context): Promise<string> {
  const url = ctx.url ?? (await readRuntime(ctx))?.url ?? DEFAULT_URL;
  return url.replace(/\/+$/, "");
}

/** Why the platform may be unreachable, for the one-line error of a refused connection. */
export async function unreachableHint(ctx: Context): Promise<string> {
  if (ctx.url) return "is the platform running there?";
  const runtime = await readRuntime(ctx).catch(() => undefined);
  if (!runtime)
    return `no platform has written ${path.join(ctx.dataDir, RUNTIME_FILE)}: start one with \`npm start\``;
  if (!isProcessAlive(runtime.pid)) {
    return `the platform that wrote ${RUNTIME_FILE} (pid ${runtime.pid}) is not running: start it with \`npm start\``;
  }
  return "is the platform still starting?";
}

/** A department's queue URL from runtime.json. */
export function departmentQueueUrl(runtime: RuntimeFile, department: string): string | undefined {
  return runtime.queues.departments[department];
}

/**
 * The secrets the platform signs and verifies tokens with; a clear error if it never started with this data
 * directory. Never creates them (the platform does, on its first start).
 */
export async function readDevSecrets(ctx: Context): Promise<DevSecrets> {
  const file = path.join(ctx.dataDir, DEV_SECRETS_FILE);
  const raw = readJsonFile(file);
  if (raw === undefined) {
    throw new CliError(
      `no ${DEV_SECRETS_FILE} in ${ctx.dataDir}: the local platform has never been started with this data directory (run \`npm start\`, or pass --data-dir)`,
      { code: "no_dev_secrets" },
    );
  }
  const parsed = DevSecretsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CliError(`${file} does not hold the platform's two secrets (32+ characters each); delete it`);
  }
  return parsed.data;
}

import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { type Context, DEFAULT_URL } from "./context.ts";
import { CliError } from "./errors.ts";

/**
 * Files the local platform keeps in its data directory:
 * - `dev-secrets.json`: the dev JWT issuer secret and the task-token secret, created on first start and kept;
 * - `runtime.json`: where the running platform listens (API, SQS, DynamoDB, department queue URLs, pid).
 */
export const RUNTIME_FILE = "runtime.json";
export const DEV_SECRETS_FILE = "dev-secrets.json";
export const CLI_CASES_FILE = "cli-cases.json";

/**
 * The part of `@onething/local`'s runtime file the CLI reads (its RuntimeFileSchema, mirrored loosely: importing
 * the package would load the whole platform into every command).
 */
export const RuntimeFileSchema = z.looseObject({
  pid: z.number().int(),
  url: z.string().min(1),
  sqsEndpoint: z.string().min(1),
  dynamoEndpoint: z.string().min(1).optional(),
  /** Platform clock speed (timeline times run this much faster than real time). */
  timeScale: z.number().positive().optional(),
  queues: z.looseObject({
    /** Department id → its queue URL. */
    departments: z.record(z.string(), z.string()),
  }),
  /** Departments the platform answers for itself; the others wait for a person at the CLI. */
  simulatedDepartments: z.array(z.string()).optional(),
});
export type RuntimeFile = z.infer<typeof RuntimeFileSchema>;

export async function readJsonFile(file: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON`);
  }
}

/** runtime.json of the running (or last run) local platform; undefined when there is none. */
export async function readRuntime(ctx: Context): Promise<RuntimeFile | undefined> {
  const file = path.join(ctx.dataDir, RUNTIME_FILE);
  const raw = await readJsonFile(file);
  if (raw === undefined) return undefined;
  const parsed = RuntimeFileSchema.safeParse(raw);
  if (!parsed.success) throw new CliError(`${file} does not look like the local platform's runtime file`);
  return parsed.data;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
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

/** What the CLI needs from dev-secrets.json: the dev issuer's signing secret. */
export interface DevSecrets {
  readonly issuerSecret: string;
  readonly taskTokenSecret: string | undefined;
}

const DevSecretsSchema = z.looseObject({
  devIssuerSecret: z.string().min(32),
  taskTokenSecret: z.string().min(32).optional(),
});

/** The dev issuer secret the platform verifies bearer tokens with; a clear error if it never started here. */
export async function readDevSecrets(ctx: Context): Promise<DevSecrets> {
  const file = path.join(ctx.dataDir, DEV_SECRETS_FILE);
  const raw = await readJsonFile(file);
  if (raw === undefined) {
    throw new CliError(
      `no ${DEV_SECRETS_FILE} in ${ctx.dataDir}: the local platform has never been started with this data directory (run \`npm start\`, or pass --data-dir)`,
      { code: "no_dev_secrets" },
    );
  }
  const parsed = DevSecretsSchema.safeParse(raw);
  if (!parsed.success)
    throw new CliError(`${file} holds no dev issuer secret (devIssuerSecret, 32+ characters)`);
  return { issuerSecret: parsed.data.devIssuerSecret, taskTokenSecret: parsed.data.taskTokenSecret };
}

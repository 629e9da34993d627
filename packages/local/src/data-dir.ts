import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DataDirError } from "./errors.ts";

/**
 * Files the local platform keeps in its data directory (the CLI reads the first two):
 * - `dev-secrets.json` (mode 0600): the dev issuer's JWT secret and the task-token secret, generated on the first
 *   start and kept, so tokens minted yesterday still verify today;
 * - `task-keys.json` (mode 0600): the task-token keyring, made from that secret (`task-keys.ts`);
 * - `runtime.json`: where the running platform listens (API, DynamoDB Local, SQS emulator, queue URLs, pid);
 *   written once everything answers, removed on stop;
 * - `clock.json`: the platform time at the last stop, so a fast clock resumes where it was;
 * - `dynamodb/`: DynamoDB Local's files (unless in memory).
 */
export const DEV_SECRETS_FILE = "dev-secrets.json";
export const RUNTIME_FILE = "runtime.json";
export const CLOCK_FILE = "clock.json";
export const DYNAMODB_DIR = "dynamodb";
/** The SQS emulator's SQLite persistence (queues, messages in flight or waiting, DLQs). */
export const SQS_DIR = "sqs";

/** `<repo>/.data`: packages/local/src → ../../.. is the repository root. */
export const DEFAULT_DATA_DIR = resolve(fileURLToPath(new URL("../../../.data", import.meta.url)));

const Secret = z.string().min(32);

export const DevSecretsSchema = z.looseObject({
  /** HS256 secret of the dev issuer (the local stand-in for the identity provider). */
  devIssuerSecret: Secret,
  /** The first HMAC key of the task tokens: key `k0` of the keyring made from it (`task-keys.ts`, `task-keys.json`). */
  taskTokenSecret: Secret,
  createdAt: z.string(),
});
export type DevSecrets = z.infer<typeof DevSecretsSchema>;

const QueueRefSchema = z.object({ url: z.string(), deadLetterUrl: z.string() });

export const RuntimeFileSchema = z.object({
  pid: z.number().int(),
  url: z.string(),
  startedAt: z.string(),
  dataDir: z.string(),
  inMemory: z.boolean(),
  timeScale: z.number(),
  dynamoEndpoint: z.string(),
  sqsEndpoint: z.string(),
  tableName: z.string(),
  queues: z.object({
    orchestrator: QueueRefSchema,
    results: QueueRefSchema,
    events: QueueRefSchema,
    /** Department id → its queue URL. */
    departments: z.record(z.string(), z.string()),
    /** Department id → its DLQ URL. */
    departmentDeadLetters: z.record(z.string(), z.string()),
  }),
  /** Departments answered by the simulation; the others wait for a person (the CLI). */
  simulatedDepartments: z.array(z.string()),
  /** The local OpenID provider's issuer (the pages sign in there; `/runtime-config.json` names it too). */
  oidcIssuer: z.string().optional(),
});
export type RuntimeFile = z.infer<typeof RuntimeFileSchema>;

const ClockFileSchema = z.object({ platformTime: z.iso.datetime({ offset: true }), savedAt: z.string() });

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeAtomically(file: string, text: string, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  chmodSync(temporary, mode);
  renameSync(temporary, file);
}

/** A JSON file's value, or undefined when there is no such file; `fail` makes the error of one unreadable or not JSON. */
export function readJsonIfPresent(file: string, fail: (message: string) => Error): unknown | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fail(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw fail(`${file} is not valid JSON`);
  }
}

const readJson = (file: string) =>
  readJsonIfPresent(file, (message) => new DataDirError(`${message}; delete it to start afresh`));

export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
}

/**
 * The dev secrets of this data directory, created (0600) on first use.
 *
 * @example const { devIssuerSecret, taskTokenSecret } = loadOrCreateDevSecrets(".data");
 */
export function loadOrCreateDevSecrets(dataDir: string, now = new Date()): DevSecrets {
  const file = join(dataDir, DEV_SECRETS_FILE);
  const raw = readJson(file);
  if (raw !== undefined) {
    const parsed = DevSecretsSchema.safeParse(raw);
    if (!parsed.success) {
      throw new DataDirError(
        `${file} does not hold two secrets of 32+ characters; delete it to generate new ones`,
      );
    }
    return parsed.data;
  }
  const secrets: DevSecrets = {
    devIssuerSecret: randomBytes(32).toString("hex"),
    taskTokenSecret: randomBytes(32).toString("hex"),
    createdAt: now.toISOString(),
  };
  writeAtomically(file, `${JSON.stringify(secrets, null, 2)}\n`, 0o600);
  return secrets;
}

/** The runtime file of a platform that runs (or ran and died without removing it); undefined if none. */
export function readRuntimeFile(dataDir: string): RuntimeFile | undefined {
  const file = join(dataDir, RUNTIME_FILE);
  const raw = readJson(file);
  if (raw === undefined) return undefined;
  const parsed = RuntimeFileSchema.safeParse(raw);
  if (!parsed.success) throw new DataDirError(`${file} is not the local platform's runtime file; delete it`);
  return parsed.data;
}

export function writeRuntimeFile(dataDir: string, runtime: RuntimeFile): void {
  writeAtomically(join(dataDir, RUNTIME_FILE), `${JSON.stringify(runtime, null, 2)}\n`, 0o644);
}

/** Removes the runtime file if it is this process's (a newer platform may have replaced it). */
export function removeRuntimeFile(dataDir: string, pid = process.pid): void {
  try {
    if (readRuntimeFile(dataDir)?.pid !== pid) return;
  } catch {
    // Unreadable: ours to clean up all the same.
  }
  rmSync(join(dataDir, RUNTIME_FILE), { force: true });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The platform time a previous run stopped at, if it recorded one. */
export function readClockFile(dataDir: string): Date | undefined {
  const raw = readJson(join(dataDir, CLOCK_FILE));
  const parsed = ClockFileSchema.safeParse(raw);
  return parsed.success ? new Date(parsed.data.platformTime) : undefined;
}

export function writeClockFile(dataDir: string, platformTime: Date): void {
  writeAtomically(
    join(dataDir, CLOCK_FILE),
    `${JSON.stringify({ platformTime: platformTime.toISOString(), savedAt: new Date().toISOString() })}\n`,
    0o644,
  );
}

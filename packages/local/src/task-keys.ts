import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  keyringFromSecret,
  parseTaskKeyring,
  rotateTaskKeyring,
  serializeTaskKeyring,
  type TaskKeyring,
  TaskKeyringError,
} from "@onething/auth";
import { type DevSecrets, writeAtomically } from "./data-dir.ts";
import { DataDirError } from "./errors.ts";

/**
 * The local task-token keyring: `<data dir>/task-keys.json` (mode 0600), the local stand-in for the Secrets Manager
 * secret. Made on first use from the data directory's single task-token secret (`dev-secrets.json`), which becomes
 * key `k0` — tokens signed before keyrings keep verifying. `onething operator rotate-task-key` rotates it; the
 * running platform re-reads it (docs/task-tokens.md).
 */
export const TASK_KEYS_FILE = "task-keys.json";
/** The running local platform re-reads the keyring at most this often (and signs with a new key within it). */
export const LOCAL_TASK_KEY_RELOAD_MS = 1000;

const keysFile = (dataDir: string) => join(dataDir, TASK_KEYS_FILE);
const write = (dataDir: string, ring: TaskKeyring) =>
  writeAtomically(keysFile(dataDir), `${JSON.stringify(ring, null, 2)}\n`, 0o600);

function readKeyring(dataDir: string): TaskKeyring | undefined {
  let text: string;
  try {
    text = readFileSync(keysFile(dataDir), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DataDirError(`cannot read ${keysFile(dataDir)}: ${(error as Error).message}`);
  }
  try {
    return parseTaskKeyring(text);
  } catch (error) {
    if (error instanceof TaskKeyringError) throw new DataDirError(`${keysFile(dataDir)}: ${error.message}`);
    throw error;
  }
}

/**
 * The data directory's keyring, made (from its dev secrets' task-token secret, as key `k0`) if there is none yet.
 * @example const ring = loadOrCreateTaskKeyring(".data", loadOrCreateDevSecrets(".data"));
 */
export function loadOrCreateTaskKeyring(
  dataDir: string,
  secrets: Pick<DevSecrets, "taskTokenSecret" | "createdAt">,
): TaskKeyring {
  const existing = readKeyring(dataDir);
  if (existing) return existing;
  const created = Date.parse(secrets.createdAt);
  const ring = keyringFromSecret(
    secrets.taskTokenSecret,
    Number.isNaN(created) ? new Date() : new Date(created),
  );
  write(dataDir, ring);
  return ring;
}

/** What a rotation did: the key that signed before, the one that signs now, the keys pruned. */
export interface LocalRotation {
  readonly previous: string;
  readonly current: string;
  readonly pruned: readonly string[];
  readonly keys: readonly string[];
}

/**
 * Rotates the data directory's keyring at `now` (the platform time): a new current key, the previous one kept
 * for verifying, expired ones pruned. A running platform picks it up within `LOCAL_TASK_KEY_RELOAD_MS`.
 */
export function rotateLocalTaskKeyring(
  dataDir: string,
  secrets: Pick<DevSecrets, "taskTokenSecret" | "createdAt">,
  now: Date,
): LocalRotation {
  const before = loadOrCreateTaskKeyring(dataDir, secrets);
  const after = rotateTaskKeyring(before, now);
  write(dataDir, after);
  const kept = new Set(after.keys.map((k) => k.kid));
  return {
    previous: before.current,
    current: after.current,
    pruned: before.keys.map((k) => k.kid).filter((kid) => !kept.has(kid)),
    keys: [...kept],
  };
}

/**
 * The platform inputs of the task tokens for a local platform on `dataDir`: the keyring, and how to re-read it
 * (so a rotation needs no restart).
 */
export function localTaskTokens(dataDir: string, secrets: Pick<DevSecrets, "taskTokenSecret" | "createdAt">) {
  return {
    taskTokenSecret: serializeTaskKeyring(loadOrCreateTaskKeyring(dataDir, secrets)),
    // Read at once (a small local file), so a signature right after a rotation uses the new key.
    reloadTaskTokenSecret: () => readFileSync(keysFile(dataDir), "utf8"),
    taskTokenReloadMs: LOCAL_TASK_KEY_RELOAD_MS,
  };
}

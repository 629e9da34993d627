import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTaskTokens, LEGACY_KID, parseTaskKeyring } from "@onething/auth";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirError } from "../src/errors.ts";
import {
  loadOrCreateTaskKeyring,
  localTaskTokens,
  rotateLocalTaskKeyring,
  TASK_KEYS_FILE,
} from "../src/task-keys.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "onething-task-keys-"));
  dirs.push(dir);
  return dir;
};
const secrets = { taskTokenSecret: "s".repeat(64), createdAt: "2026-03-01T00:00:00.000Z" };
const NOW = new Date("2026-12-08T00:00:00.000Z");
const claim = { caseId: "OT-1", itemId: "item", department: "health", attempt: 1 };

describe("the local task-token keyring", () => {
  it("is made from an existing data directory's single secret (k0), once, mode 0600", () => {
    const dir = dataDir();
    const ring = loadOrCreateTaskKeyring(dir, secrets);
    expect(ring.current).toBe(LEGACY_KID);
    expect(ring.keys[0]).toMatchObject({ secret: secrets.taskTokenSecret, createdAt: secrets.createdAt });
    expect(statSync(path.join(dir, TASK_KEYS_FILE)).mode & 0o777).toBe(0o600);
    // Tokens of the single secret keep verifying.
    const before = createTaskTokens(secrets.taskTokenSecret, { clock: () => NOW }).sign(claim);
    expect(createTaskTokens(ring, { clock: () => NOW }).verify(before)).toEqual(claim);
    expect(loadOrCreateTaskKeyring(dir, { ...secrets, taskTokenSecret: "x".repeat(64) })).toEqual(ring);
  });

  it("is picked up by a running platform after a rotation, without a restart", async () => {
    const dir = dataDir();
    const inputs = localTaskTokens(dir, secrets);
    let real = 0;
    const tokens = createTaskTokens(inputs.taskTokenSecret, {
      clock: () => NOW,
      reload: inputs.reloadTaskTokenSecret,
      reloadIntervalMs: inputs.taskTokenReloadMs,
      maxAgeMs: inputs.taskTokenReloadMs,
      realNow: () => real,
    });
    const old = tokens.sign(claim);
    const rotation = rotateLocalTaskKeyring(dir, secrets, NOW);
    real += inputs.taskTokenReloadMs;
    expect(tokens.currentKid()).toBe(LEGACY_KID);
    const fresh = tokens.sign(claim);
    expect(tokens.currentKid()).toBe(rotation.current);
    expect(JSON.parse(Buffer.from(fresh.split(".")[0] ?? "", "base64url").toString()).kid).toBe(
      rotation.current,
    );
    expect(tokens.verify(old)).toEqual(claim);
    expect(parseTaskKeyring(readFileSync(path.join(dir, TASK_KEYS_FILE), "utf8")).keys).toHaveLength(2);
  });

  it("refuses a keyring file that is not one, naming the file", () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, TASK_KEYS_FILE), '{"version": 2}');
    expect(() => loadOrCreateTaskKeyring(dir, secrets)).toThrow(DataDirError);
    expect(() => loadOrCreateTaskKeyring(dir, secrets)).toThrow(
      /task-keys\.json: the task-token keyring is malformed/,
    );
  });
});

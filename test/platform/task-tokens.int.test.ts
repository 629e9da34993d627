/**
 * Task tokens expire and their key rotates (docs/task-tokens.md), through the real API on the local services, with
 * the local platform's keyring in a data directory (`onething rotate-task-key` does what `rotateLocalTaskKeyring`
 * does here): a token past its expiry is 401 `task_token_expired`; after a rotation the old tokens still answer
 * and new ones are signed with the new key; a token of a key the platform never had, or of a key pruned once all its
 * tokens can have expired, is 401 `task_token_unknown_key`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createTaskTokens,
  KEY_RETENTION_SLACK_DAYS,
  LEGACY_KID,
  LEGACY_TOKENS_VALID_UNTIL,
  newTaskKeyring,
  TASK_TOKEN_GRACE_DAYS,
  TASK_TOKEN_MAX_DAYS,
} from "@onething/auth";
import { localTaskTokens, rotateLocalTaskKeyring } from "@onething/local/task-keys";
import { afterAll, describe, expect, it } from "vitest";
import { autoOutputs } from "../support/outputs.ts";
import { catalogue, TASK_SECRET, testPlatform } from "../support/platform.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "onething-task-keys-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
// The data directory of before keyrings: one secret, which becomes the keyring's first key (k0).
const secrets = { taskTokenSecret: TASK_SECRET, createdAt: "2026-03-01T00:00:00.000Z" };
let now = new Date("2026-03-02T10:00:00+08:00");
const t = await testPlatform({
  name: "task-tokens",
  clock: () => now,
  // Re-read the keyring on every signature (the local platform: at most once a second), so no test waits.
  taskTokens: { ...localTaskTokens(dataDir, secrets), taskTokenReloadMs: 0 },
});

const certificate = catalogue.bundle("after-death").items.find((i) => i.id === "death-certificate-hospital");
if (!certificate) throw new Error("no item death-certificate-hospital");
const completed = { outcome: "completed", outputs: autoOutputs(certificate) };
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as {
    kid: string;
    exp: number;
    caseId: string;
    itemId: string;
    department: string;
    attempt: number;
    office?: string;
  };

/** A submitted after-death case's hospital death-certificate task. */
async function openTask() {
  const submitted = await t.submitSample("after-death-hospital-pensioner");
  const caseId = submitted.body.caseId as string;
  const [task] = (await t.takeTasks("health", caseId)).filter((x) => x.itemId === certificate?.id);
  if (!task) throw new Error("no death-certificate task");
  return task;
}

const answer = (token: string) =>
  t.request("POST", `/v1/tasks/${token}/result`, t.department("health"), completed);

describe("task tokens through the API", () => {
  it("carry the item's deadline plus the grace period, and are refused with task_token_expired after it", async () => {
    const task = await openTask();
    const { exp, kid } = payloadOf(task.taskToken);
    expect(kid).toBe(LEGACY_KID);
    expect(task.dueAt).toBeDefined();
    expect(exp * 1000).toBe(new Date(task.dueAt ?? "").getTime() + TASK_TOKEN_GRACE_DAYS * 86_400_000);
    const before = now;
    now = new Date(exp * 1000 + 1000);
    try {
      const r = await answer(task.taskToken);
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ error: "task_token_expired" });
    } finally {
      now = before;
    }
  });

  it("after a key rotation: old tokens still answer, new ones are signed with the new key", async () => {
    const old = await openTask();
    const rotation = rotateLocalTaskKeyring(dataDir, secrets, now);
    expect(rotation.previous).toBe(LEGACY_KID);
    expect(payloadOf(old.taskToken).kid).toBe(LEGACY_KID);
    const fresh = await openTask();
    const between = await openTask();
    expect(payloadOf(fresh.taskToken).kid).toBe(rotation.current);
    expect(payloadOf(between.taskToken).kid).toBe(rotation.current);
    expect((await answer(old.taskToken)).status).toBe(202);
    expect((await answer(fresh.taskToken)).status).toBe(202);
    // And again: the key of before the second rotation verifies too (a task not answered until after it).
    const second = rotateLocalTaskKeyring(dataDir, secrets, now);
    expect(second.previous).toBe(rotation.current);
    const newest = await openTask();
    expect(payloadOf(newest.taskToken).kid).toBe(second.current);
    expect((await answer(between.taskToken)).status).toBe(202);
    expect((await answer(newest.taskToken)).status).toBe(202);
    await t.drainOrchestrator();
  });

  it("refuses a token of a key the platform never had (task_token_unknown_key) and a forged one", async () => {
    const task = await openTask();
    const { exp: _exp, kid: _kid, ...claim } = payloadOf(task.taskToken);
    const stranger = createTaskTokens(newTaskKeyring(now), { clock: () => now }).sign(claim);
    const unknown = await answer(stranger);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ error: "task_token_unknown_key" });
    const [payload] = task.taskToken.split(".");
    const forged = await answer(`${payload}.${Buffer.from("not the signature").toString("base64url")}`);
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: "task_token_invalid" });
  });

  it("prunes a retired key once all its tokens can have expired: its token is then task_token_unknown_key", async () => {
    const task = await openTask();
    const { kid } = payloadOf(task.taskToken);
    rotateLocalTaskKeyring(dataDir, secrets, now);
    const before = now;
    // Past the retired key's keyKeptUntil (the longest token life plus the slack, and the legacy date).
    const kept = now.getTime() + (TASK_TOKEN_MAX_DAYS + KEY_RETENTION_SLACK_DAYS + 1) * 86_400_000;
    now = new Date(Math.max(kept, LEGACY_TOKENS_VALID_UNTIL.getTime() + 86_400_000));
    try {
      const pruning = rotateLocalTaskKeyring(dataDir, secrets, now);
      expect(pruning.pruned).toContain(kid);
      expect(pruning.keys).not.toContain(kid);
      // A signature re-reads the keyring (taskTokenReloadMs 0): the platform no longer holds the pruned key.
      expect(payloadOf((await openTask()).taskToken).kid).toBe(pruning.current);
      const r = await answer(task.taskToken);
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ error: "task_token_unknown_key" });
    } finally {
      now = before;
    }
  });
});

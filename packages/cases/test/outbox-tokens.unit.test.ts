/** The outbox signs each task token to expire with its item's deadline (docs/task-tokens.md). */
import {
  createTaskTokens,
  ExpiredTaskTokenError,
  newTaskKeyring,
  rotateTaskKeyring,
  serializeTaskKeyring,
  TASK_TOKEN_DEFAULT_DAYS,
  TASK_TOKEN_GRACE_DAYS,
  UnknownTaskKeyError,
} from "@onething/auth";
import { TaskDeadlineChangedMessageSchema, TaskDispatchedMessageSchema } from "@onething/contracts";
import type { Command } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { commandsToOutbox, REGISTRY_SEAL_DAYS, registryOutbox, registrySealHolds } from "../src/outbox.ts";
import { catalogue, NOW } from "./world.ts";

const DAY = 86_400_000;
const bundle = catalogue.bundle("after-death");
const office = { jurisdiction: "330212", path: "000000/330000/330200/330212" };
const task = {
  caseId: "OT-20260302-ABCDEFGHJK",
  itemId: "death-certificate-hospital",
  department: "health",
  attempt: 1,
};
const dispatch = (dueAt?: string): Command => ({
  type: "DispatchItem",
  ...task,
  ...(dueAt ? { dueAt } : {}),
  dueProvisional: false,
  inputs: { fields: {}, outputs: {} },
  office,
});
const expOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as { exp: number }).exp *
  1000;

describe("task tokens in the outbox", () => {
  const ring = newTaskKeyring(NOW);
  const tokens = createTaskTokens(ring, { clock: () => NOW });
  const changes = [{ benefit: "dibao", subject: "s-1", change: "stop" }] as never;

  it("signs a dispatched task's token to expire at its deadline plus the grace period", () => {
    const dueAt = "2026-03-13T16:00:00.000Z";
    const [message] = commandsToOutbox([dispatch(dueAt)], bundle, tokens, NOW);
    const body = TaskDispatchedMessageSchema.parse(message?.body);
    expect(expOf(body.taskToken)).toBe(Date.parse(dueAt) + TASK_TOKEN_GRACE_DAYS * DAY);
    expect(tokens.verify(body.taskToken)).toEqual({ ...task, office: office.path });
  });

  it("gives a task without a deadline the default life, from dispatch", () => {
    const [message] = commandsToOutbox([dispatch()], bundle, tokens, NOW);
    const body = TaskDispatchedMessageSchema.parse(message?.body);
    expect(expOf(body.taskToken)).toBe(NOW.getTime() + TASK_TOKEN_DEFAULT_DAYS * DAY);
  });

  it("sends a fresh token with a moved deadline, expiring with the new one", () => {
    const dueAt = "2026-03-20T16:00:00.000Z";
    const revise: Command = {
      type: "ReviseItemDeadline",
      ...task,
      dueAt,
      previousDueAt: "2026-03-13T16:00:00.000Z",
      dueProvisional: false,
    };
    const [message] = commandsToOutbox([revise], bundle, tokens, NOW);
    const body = TaskDeadlineChangedMessageSchema.parse(message?.body);
    expect(body.taskToken).toBeDefined();
    expect(expOf(body.taskToken ?? "")).toBe(Date.parse(dueAt) + TASK_TOKEN_GRACE_DAYS * DAY);
    expect(tokens.verify(body.taskToken ?? "")).toEqual(task);
  });

  it("seals the registry's changes for 14 days", async () => {
    const [message] = registryOutbox(task.caseId, changes, tokens, NOW);
    const sealed = message?.body as { caseId: string; changes: never; seal: string };
    expect(expOf(sealed.seal)).toBe(NOW.getTime() + REGISTRY_SEAL_DAYS * DAY);
    expect(await registrySealHolds(tokens, sealed)).toBe(true);
    const later = createTaskTokens(ring, {
      clock: () => new Date(NOW.getTime() + (REGISTRY_SEAL_DAYS + 1) * DAY),
    });
    expect(await registrySealHolds(later, sealed)).toBe(false);
    expect(() => later.verify(sealed.seal)).toThrow(ExpiredTaskTokenError);
  });

  it("holds, on a warm verifier, a seal of a key rotated in after its start: it re-reads the keyring", async () => {
    const rotated = rotateTaskKeyring(ring, NOW);
    let stored = serializeTaskKeyring(ring);
    let reads = 0;
    const stale = createTaskTokens(ring, {
      clock: () => NOW,
      reload: async () => {
        reads++;
        return stored;
      },
    });
    const signer = createTaskTokens(rotated, { clock: () => NOW });
    const [message] = registryOutbox(task.caseId, changes, signer, NOW);
    const sealed = message?.body as { caseId: string; changes: never; seal: string };
    expect(() => stale.verify(sealed.seal)).toThrow(UnknownTaskKeyError);
    stored = serializeTaskKeyring(rotated);
    expect(await registrySealHolds(stale, sealed)).toBe(true);
    expect(reads).toBe(1);
  });

  it("throws, so the queue redelivers, when the keyring cannot be re-read or still lacks the seal's key", async () => {
    const signer = createTaskTokens(rotateTaskKeyring(ring, NOW), { clock: () => NOW });
    const [message] = registryOutbox(task.caseId, changes, signer, NOW);
    const sealed = message?.body as { caseId: string; changes: never; seal: string };
    const failing = createTaskTokens(ring, {
      clock: () => NOW,
      reload: async () => {
        throw new Error("secrets manager unavailable");
      },
    });
    await expect(registrySealHolds(failing, sealed)).rejects.toThrow("secrets manager unavailable");
    const unchanged = createTaskTokens(ring, { clock: () => NOW, reload: () => ring });
    await expect(registrySealHolds(unchanged, sealed)).rejects.toThrow(UnknownTaskKeyError);
  });
});

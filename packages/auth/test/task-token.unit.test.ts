import { createHmac } from "node:crypto";
import {
  applicantIndexKeyOfSecret,
  createTaskTokens,
  ExpiredTaskTokenError,
  ForgedTaskTokenError,
  KEY_RETENTION_SLACK_DAYS,
  keyringFromSecret,
  LEGACY_KID,
  LEGACY_TOKENS_VALID_UNTIL,
  newTaskKeyring,
  parseTaskKeyring,
  pruneTaskKeyring,
  rotateTaskKeyring,
  serializeTaskKeyring,
  TASK_TOKEN_DEFAULT_DAYS,
  TASK_TOKEN_GRACE_DAYS,
  TASK_TOKEN_MAX_DAYS,
  TaskKeyringError,
  taskTokenExpiry,
  UnknownTaskKeyError,
} from "@onething/auth";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date("2026-12-08T00:00:00.000Z");
const claim = { caseId: "C-1", itemId: "household-cancellation", department: "public-security", attempt: 1 };
const at = (date: Date) => () => date;
const plus = (date: Date, days: number) => new Date(date.getTime() + days * DAY);
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
const errorOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
};

describe("task token expiry", () => {
  it("is the deadline plus the grace period, or the default life without a deadline", () => {
    expect(taskTokenExpiry("2026-12-31T16:00:00.000Z", T0)).toEqual(
      plus(new Date("2026-12-31T16:00:00.000Z"), TASK_TOKEN_GRACE_DAYS),
    );
    expect(taskTokenExpiry(undefined, T0)).toEqual(plus(T0, TASK_TOKEN_DEFAULT_DAYS));
  });

  it("counts the grace from the issue when the deadline has passed (a task transferred while overdue)", () => {
    const longAgo = plus(T0, -2 * TASK_TOKEN_GRACE_DAYS).toISOString();
    expect(taskTokenExpiry(longAgo, T0)).toEqual(plus(T0, TASK_TOKEN_GRACE_DAYS));
  });

  it("verifies until exp, then refuses with task_token_expired (401)", () => {
    let now = T0;
    const ring = newTaskKeyring(T0);
    const tokens = createTaskTokens(ring, { clock: () => now });
    const token = tokens.sign(claim, { expiresAt: plus(T0, 10) });
    expect(payloadOf(token)).toMatchObject({ exp: plus(T0, 10).getTime() / 1000, kid: ring.current });
    now = plus(T0, 10 - 1 / 24);
    expect(tokens.verify(token)).toEqual(claim);
    now = plus(T0, 10);
    const error = errorOf(() => tokens.verify(token));
    expect(error).toBeInstanceOf(ExpiredTaskTokenError);
    expect(error).toMatchObject({ kind: "unauthenticated", code: "task_token_expired" });
  });

  it("caps a token's life at the maximum, and defaults it without an expiry", () => {
    const tokens = createTaskTokens(newTaskKeyring(T0), { clock: at(T0) });
    expect(payloadOf(tokens.sign(claim, { expiresAt: plus(T0, 5000) })).exp).toBe(
      plus(T0, TASK_TOKEN_MAX_DAYS).getTime() / 1000,
    );
    expect(payloadOf(tokens.sign(claim)).exp).toBe(plus(T0, TASK_TOKEN_DEFAULT_DAYS).getTime() / 1000);
  });

  it("signs the same claim and expiry to the same token (a resend is a duplicate)", () => {
    const tokens = createTaskTokens(newTaskKeyring(T0), { clock: at(T0) });
    const expiresAt = plus(T0, 40);
    expect(tokens.sign(claim, { expiresAt })).toBe(tokens.sign(claim, { expiresAt }));
  });
});

describe("keys and rotation", () => {
  it("signs with the current key and verifies old keys' tokens after a rotation", () => {
    const before = newTaskKeyring(T0);
    const old = createTaskTokens(before, { clock: at(T0) }).sign(claim, { expiresAt: plus(T0, 60) });
    const after = rotateTaskKeyring(before, plus(T0, 30));
    const tokens = createTaskTokens(after, { clock: at(plus(T0, 31)) });
    expect(tokens.verify(old)).toEqual(claim);
    const fresh = tokens.sign(claim, { expiresAt: plus(T0, 90) });
    expect(payloadOf(fresh).kid).toBe(after.current);
    expect(after.current).not.toBe(before.current);
    expect(after.applicantIndexKey).toBe(before.applicantIndexKey);
    // The old keyring does not know the new key.
    expect(errorOf(() => createTaskTokens(before, { clock: at(T0) }).verify(fresh))).toMatchObject({
      code: "task_token_unknown_key",
    });
  });

  it("refuses a token naming a key it never had as unknown, and a wrong signature as forged", () => {
    const tokens = createTaskTokens(newTaskKeyring(T0), { clock: at(T0) });
    const other = createTaskTokens(newTaskKeyring(T0), { clock: at(T0) });
    expect(errorOf(() => tokens.verify(other.sign(claim)))).toBeInstanceOf(UnknownTaskKeyError);
    const token = tokens.sign(claim);
    const [payload] = token.split(".");
    const forged = `${payload}.${createHmac("sha256", "x".repeat(40))
      .update(payload ?? "")
      .digest("base64url")}`;
    expect(errorOf(() => tokens.verify(forged))).toBeInstanceOf(ForgedTaskTokenError);
    // Moving the expiry breaks the signature.
    const later = { ...payloadOf(token), exp: (payloadOf(token).exp as number) + 86400 };
    const moved = `${Buffer.from(JSON.stringify(later)).toString("base64url")}.${token.split(".")[1]}`;
    expect(errorOf(() => tokens.verify(moved))).toBeInstanceOf(ForgedTaskTokenError);
  });

  it("keeps a retired key as long as its longest token lives, then prunes it", () => {
    let ring = newTaskKeyring(T0);
    const first = ring.current;
    const signedLast = plus(T0, 30);
    const lastOld = createTaskTokens(ring, { clock: at(signedLast) }).sign(claim, {
      expiresAt: plus(T0, 9999),
    });
    ring = rotateTaskKeyring(ring, signedLast);
    const expiry = (payloadOf(lastOld).exp as number) * 1000;
    // Every rotation in the token's life keeps the key (rotating every 30 days).
    for (let day = 60; day * DAY + T0.getTime() < expiry; day += 30) {
      ring = rotateTaskKeyring(ring, plus(T0, day));
      const now = plus(T0, day);
      expect(ring.keys.map((k) => k.kid)).toContain(first);
      expect(createTaskTokens(ring, { clock: at(now) }).verify(lastOld)).toEqual(claim);
    }
    const gone = pruneTaskKeyring(ring, plus(signedLast, TASK_TOKEN_MAX_DAYS + KEY_RETENTION_SLACK_DAYS + 1));
    expect(gone.keys.map((k) => k.kid)).not.toContain(first);
    expect(gone.keys.map((k) => k.kid)).toContain(gone.current);
  });

  it("never prunes a key while a token it signed could still verify (any rotation times)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 900 }),
        (gaps, signedAfter, lifeDays) => {
          let ring = newTaskKeyring(T0);
          let now = T0;
          const signed: { token: string; exp: number }[] = [];
          for (const gap of gaps) {
            const signAt = plus(now, Math.min(signedAfter % (gap + 1), gap));
            const token = createTaskTokens(ring, { clock: at(signAt) }).sign(claim, {
              expiresAt: plus(signAt, lifeDays),
            });
            signed.push({ token, exp: (payloadOf(token).exp as number) * 1000 });
            now = plus(now, gap);
            ring = rotateTaskKeyring(ring, now);
            const verifier = createTaskTokens(ring, { clock: at(now) });
            for (const s of signed.filter((x) => x.exp > now.getTime()))
              expect(verifier.verify(s.token)).toEqual(claim);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("reloads the keyring on an unknown key id, at most once per interval", async () => {
    const before = newTaskKeyring(T0);
    const after = rotateTaskKeyring(before, T0);
    let real = 0;
    let reads = 0;
    const warm = createTaskTokens(before, {
      clock: at(T0),
      realNow: () => real,
      reload: async () => {
        reads += 1;
        return serializeTaskKeyring(after);
      },
    });
    const fresh = createTaskTokens(after, { clock: at(T0) }).sign(claim);
    expect(() => warm.verify(fresh)).toThrow(UnknownTaskKeyError);
    expect(await warm.verifyFresh(fresh)).toEqual(claim);
    expect(warm.currentKid()).toBe(after.current);
    const stranger = createTaskTokens(newTaskKeyring(T0), { clock: at(T0) }).sign(claim);
    await expect(warm.verifyFresh(stranger)).rejects.toBeInstanceOf(UnknownTaskKeyError);
    expect(reads).toBe(1);
    real += 31_000;
    await expect(warm.verifyFresh(stranger)).rejects.toBeInstanceOf(UnknownTaskKeyError);
    expect(reads).toBe(2);
  });
});

describe("keyrings", () => {
  it("reads a single secret of before keyrings as the legacy key, with the same applicant index key", () => {
    const secret = "s".repeat(64);
    const ring = parseTaskKeyring(secret);
    expect(ring.current).toBe(LEGACY_KID);
    expect(ring.applicantIndexKey).toBe(applicantIndexKeyOfSecret(secret));
    expect(parseTaskKeyring(serializeTaskKeyring(ring))).toEqual(ring);
  });

  it("refuses malformed keyrings, naming what is wrong", () => {
    expect(() => parseTaskKeyring("{nope")).toThrow(TaskKeyringError);
    const ring = newTaskKeyring(T0);
    expect(() => parseTaskKeyring(JSON.stringify({ ...ring, current: "missing" }))).toThrow(/current key id/);
    expect(() => parseTaskKeyring("short")).toThrow(TaskKeyringError);
  });

  it("verifies a legacy token (no kid, no exp) with the migrated secret until the stated date", () => {
    const secret = "legacy-secret-legacy-secret-legacy-secret";
    const payload = Buffer.from(JSON.stringify(claim)).toString("base64url");
    const legacy = `${payload}.${createHmac("sha256", secret).update(payload).digest("base64url")}`;
    const ring = rotateTaskKeyring(keyringFromSecret(secret), T0);
    expect(createTaskTokens(ring, { clock: at(T0) }).verify(legacy)).toEqual(claim);
    expect(
      errorOf(() => createTaskTokens(ring, { clock: at(LEGACY_TOKENS_VALID_UNTIL) }).verify(legacy)),
    ).toBeInstanceOf(ExpiredTaskTokenError);
    // Without the legacy key (a keyring that never had it), a legacy token names an unknown key.
    expect(
      errorOf(() => createTaskTokens(newTaskKeyring(T0), { clock: at(T0) }).verify(legacy)),
    ).toBeInstanceOf(UnknownTaskKeyError);
  });

  it("refuses, as forged, a signed payload with a key id but no expiry, or an expiry but no key id", () => {
    const ring = newTaskKeyring(T0);
    const secret = ring.keys[0]?.secret ?? "";
    const signed = (body: object) => {
      const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
      return `${payload}.${createHmac("sha256", secret).update(payload).digest("base64url")}`;
    };
    const tokens = createTaskTokens(ring, { clock: at(T0) });
    const exp = plus(T0, 10).getTime() / 1000;
    expect(tokens.verify(signed({ ...claim, kid: ring.current, exp }))).toEqual(claim);
    const noExpiry = errorOf(() => tokens.verify(signed({ ...claim, kid: ring.current })));
    expect(noExpiry).toBeInstanceOf(ForgedTaskTokenError);
    expect((noExpiry as Error).message).toBe("task token has no expiry");
    const legacyRing = rotateTaskKeyring(keyringFromSecret(secret), T0);
    const noKey = errorOf(() =>
      createTaskTokens(legacyRing, { clock: at(T0) }).verify(signed({ ...claim, exp })),
    );
    expect(noKey).toBeInstanceOf(ForgedTaskTokenError);
  });
});

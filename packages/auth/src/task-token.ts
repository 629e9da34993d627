import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { ExpiredTaskTokenError, ForgedTaskTokenError, UnknownTaskKeyError } from "./errors.ts";
import {
  LEGACY_KID,
  LEGACY_TOKENS_VALID_UNTIL,
  parseTaskKeyring,
  TASK_TOKEN_DEFAULT_DAYS,
  TASK_TOKEN_GRACE_DAYS,
  TASK_TOKEN_MAX_DAYS,
  type TaskKeyring,
} from "./task-keyring.ts";

/**
 * What a task token names: exactly one attempt of one item of one case, for one department office. `office` is
 * the office's jurisdiction path (absent on tokens signed before places, and on the registry's seal).
 */
export const TaskClaimSchema = z.strictObject({
  caseId: z.string().min(1),
  itemId: z.string().min(1),
  department: z.string().min(1),
  attempt: z.number().int().positive(),
  office: z.string().min(1).optional(),
});
export type TaskClaim = z.infer<typeof TaskClaimSchema>;

/** A token's payload: the claim, its expiry (`exp`, seconds since the epoch) and the key that signed it (`kid`). */
export const TaskTokenPayloadSchema = TaskClaimSchema.extend({
  exp: z.number().int().positive().optional(),
  kid: z.string().min(1).max(64).optional(),
});
export type TaskTokenPayload = z.infer<typeof TaskTokenPayloadSchema>;

const DAY_MS = 24 * 60 * 60 * 1000;
const b64url = (buf: Buffer) => buf.toString("base64url");

/**
 * When the token of an item due at `dueAt` expires: the deadline plus the grace period (none: the default life). A
 * token issued after its deadline (a task transferred or sent again while overdue) counts the grace from its issue,
 * so it is never born expired.
 */
export function taskTokenExpiry(dueAt: string | Date | undefined, now: Date): Date {
  if (dueAt === undefined) return new Date(now.getTime() + TASK_TOKEN_DEFAULT_DAYS * DAY_MS);
  return new Date(Math.max(new Date(dueAt).getTime(), now.getTime()) + TASK_TOKEN_GRACE_DAYS * DAY_MS);
}

export interface TaskTokenOptions {
  /** The platform clock: what `exp` is compared with (the local runtime's may run faster). Default: real time. */
  readonly clock?: () => Date;
  /** Re-reads the keyring (Secrets Manager on AWS, the data directory locally), for keys made after the start. */
  readonly reload?: () => Promise<string | TaskKeyring> | string | TaskKeyring;
  /** Least real time between two reloads (an unknown key id reloads at most this often). Default: 30 s. */
  readonly reloadIntervalMs?: number;
  /** A keyring this old is reloaded when a token is signed (see `reload`). Default: 1 hour. */
  readonly maxAgeMs?: number;
  /** Real time, for the reload limits. Default: `Date.now`. */
  readonly realNow?: () => number;
}

export interface SignOptions {
  /** When the token stops answering; capped at `TASK_TOKEN_MAX_DAYS` from now. Default: 90 days from now. */
  readonly expiresAt?: Date;
}

/**
 * Signs and verifies task tokens: `base64url(json).base64url(hmac-sha256)`, the JSON being the claim with `exp`
 * and `kid`. URL-safe, so it can sit in the path of POST /v1/tasks/{taskToken}/result. Signs with the keyring's
 * current key; verifies with the key its `kid` names. `keyring` is the keyring or the text of one (JSON, or a single
 * secret of before keyrings). docs/task-tokens.md has the format and the rules.
 * @example const token = tokens.sign({ caseId, itemId, department, attempt: 1 }, { expiresAt }); tokens.verify(token)
 */
export function createTaskTokens(keyring: string | TaskKeyring, options: TaskTokenOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const realNow = options.realNow ?? Date.now;
  let ring = typeof keyring === "string" ? parseTaskKeyring(keyring) : keyring;
  let loadedAt = realNow();
  let lastReload = Number.NEGATIVE_INFINITY;
  let reloading: Promise<boolean> | undefined;

  const apply = (value: string | TaskKeyring) => {
    ring = typeof value === "string" ? parseTaskKeyring(value) : value;
    loadedAt = realNow();
  };
  /**
   * Reloads unless one ran within the interval; whether the keyring was reloaded. A source that answers at once
   * (a local file) is applied at once; one that answers later (Secrets Manager) when it answers.
   */
  const reload = (): Promise<boolean> => {
    const source = options.reload;
    if (!source || realNow() - lastReload < (options.reloadIntervalMs ?? 30_000))
      return reloading ?? Promise.resolve(false);
    lastReload = realNow();
    try {
      const value = source();
      if (!(value instanceof Promise)) {
        apply(value);
        return Promise.resolve(true);
      }
      reloading = value
        .then((v) => {
          apply(v);
          return true;
        })
        .finally(() => {
          reloading = undefined;
        });
      return reloading;
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const mac = (secret: string, payload: string) => createHmac("sha256", secret).update(payload).digest();
  const keyOf = (kid: string) => ring.keys.find((k) => k.kid === kid);

  const tokens = {
    sign(claim: TaskClaim, signOptions: SignOptions = {}): string {
      // A stale keyring is reloaded: at once from a file, in the background from Secrets Manager (a failed read
      // keeps the keyring there is; the previous key verifies on).
      if (options.reload && realNow() - loadedAt >= (options.maxAgeMs ?? 60 * 60 * 1000))
        reload().catch(() => undefined);
      const now = clock();
      const wanted = signOptions.expiresAt ?? new Date(now.getTime() + TASK_TOKEN_DEFAULT_DAYS * DAY_MS);
      const latest = now.getTime() + TASK_TOKEN_MAX_DAYS * DAY_MS;
      const exp = Math.ceil(Math.min(wanted.getTime(), latest) / 1000);
      const key = keyOf(ring.current);
      if (!key) throw new Error(`the task-token keyring has no current key ${ring.current}`);
      const body: TaskTokenPayload = { ...TaskClaimSchema.parse(claim), exp, kid: key.kid };
      const payload = b64url(Buffer.from(JSON.stringify(body)));
      return `${payload}.${b64url(mac(key.secret, payload))}`;
    },
    /**
     * The claim of a token the platform signed with a key of the keyring and that has not expired; throws
     * ForgedTaskTokenError, UnknownTaskKeyError or ExpiredTaskTokenError otherwise.
     */
    verify(token: string): TaskClaim {
      const [payload, signature, extra] = token.split(".");
      if (!payload || !signature || extra !== undefined)
        throw new ForgedTaskTokenError("malformed task token");
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      } catch {
        throw new ForgedTaskTokenError("task token payload is not JSON");
      }
      const parsed = TaskTokenPayloadSchema.safeParse(json);
      if (!parsed.success) throw new ForgedTaskTokenError("task token payload is malformed");
      const { exp, kid, ...claim } = parsed.data;
      // A token of before key ids names no key: it was signed with the one secret there was (now `k0`).
      const key = keyOf(kid ?? LEGACY_KID);
      if (!key) throw new UnknownTaskKeyError(kid ?? LEGACY_KID);
      const expected = mac(key.secret, payload);
      const given = Buffer.from(signature, "base64url");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new ForgedTaskTokenError("task token signature does not verify");
      }
      // A token has both `kid` and `exp` or (before key ids) neither: one without the other is no token of ours.
      if ((kid === undefined) !== (exp === undefined))
        throw new ForgedTaskTokenError(
          kid === undefined ? "task token names no key" : "task token has no expiry",
        );
      const expiresAt = exp === undefined ? LEGACY_TOKENS_VALID_UNTIL : new Date(exp * 1000);
      if (clock().getTime() >= expiresAt.getTime()) throw new ExpiredTaskTokenError(expiresAt);
      return claim;
    },
    /**
     * `verify`, after re-reading the keyring when the token names a key it does not hold (a key made after this
     * function started; at most once per reload interval), so a warm function accepts a rotated key's tokens.
     */
    async verifyFresh(token: string): Promise<TaskClaim> {
      try {
        return tokens.verify(token);
      } catch (error) {
        if (!(error instanceof UnknownTaskKeyError) || !(await reload())) throw error;
        return tokens.verify(token);
      }
    },
    /** The key id that signs now. */
    currentKid: (): string => ring.current,
    /** Re-reads the keyring now (rate-limited like the reload on an unknown key); whether it did. */
    reload,
  };
  return tokens;
}
export type TaskTokens = ReturnType<typeof createTaskTokens>;

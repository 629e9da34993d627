import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * The task-token keyring: every HMAC key that may still verify a token, one of them `current` (the one that signs).
 * Stored as JSON: locally in `<data dir>/task-keys.json`, on AWS as the value of the Secrets Manager secret
 * (`TASK_TOKEN_SECRET_ARN`), rotated by the rotation Lambda. docs/task-tokens.md has the rules.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long after its item's deadline a task token still answers (a late answer is still an answer). */
export const TASK_TOKEN_GRACE_DAYS = 30;
/** The life of a token whose item has no deadline (no calendar covers it), and of one signed without an expiry. */
export const TASK_TOKEN_DEFAULT_DAYS = 90;
/** No token lives longer than this from its signing: what bounds how long a retired key must be kept. */
export const TASK_TOKEN_MAX_DAYS = 365;
/**
 * A retired key is kept this much longer than the longest token it could have signed: a warm function whose keyring
 * is stale (it re-reads it at least hourly) may still sign with it for a while after the rotation.
 */
export const KEY_RETENTION_SLACK_DAYS = 7;
/** The key id of a keyring made from a single secret of before keyrings (the legacy secret keeps verifying). */
export const LEGACY_KID = "k0";
/**
 * Tokens of before expiry and key ids (no `kid`, no `exp`) verify against the legacy key until this instant
 * (2027-07-01 00:00 Beijing time); after it they are refused as expired (`task_token_expired`).
 */
export const LEGACY_TOKENS_VALID_UNTIL = new Date("2027-06-30T16:00:00.000Z");

const KidSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a key id is 1–64 of A–Z a–z 0–9 _ -");
const Instant = z.iso.datetime({ offset: true });

export const TaskKeySchema = z.strictObject({
  kid: KidSchema,
  /** The HMAC-SHA256 key. */
  secret: z.string().min(32),
  createdAt: Instant,
  /** When another key became current: from then on this key only verifies. */
  retiredAt: Instant.optional(),
});
export type TaskKey = z.infer<typeof TaskKeySchema>;

export const TaskKeyringSchema = z
  .strictObject({
    version: z.literal(1),
    /** The key id that signs. */
    current: KidSchema,
    /**
     * The key of the applicant index (a keyed hash of ID numbers): derived once from the first secret and kept
     * through every rotation, since the index's rows are keyed with it.
     */
    applicantIndexKey: z.string().min(32),
    keys: z.array(TaskKeySchema).min(1),
  })
  .refine((ring) => ring.keys.some((k) => k.kid === ring.current), "the current key id is not in keys")
  .refine((ring) => new Set(ring.keys.map((k) => k.kid)).size === ring.keys.length, "key ids repeat");
export type TaskKeyring = z.infer<typeof TaskKeyringSchema>;

/** A keyring that cannot be read: not JSON of the shape above, nor a single secret of 32+ characters. */
export class TaskKeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The applicant index key a single secret gave before keyrings (the same derivation as ever, so rows still match). */
export const applicantIndexKeyOfSecret = (secret: string): string =>
  createHmac("sha256", secret).update("onething/applicant-index/v1").digest("base64url");

/** A keyring holding one secret of before keyrings, as key `k0` (its tokens keep verifying). */
export function keyringFromSecret(secret: string, createdAt = new Date(0)): TaskKeyring {
  if (secret.length < 32) throw new TaskKeyringError("the task-token secret must be at least 32 characters");
  return {
    version: 1,
    current: LEGACY_KID,
    applicantIndexKey: applicantIndexKeyOfSecret(secret),
    keys: [{ kid: LEGACY_KID, secret, createdAt: createdAt.toISOString() }],
  };
}

/**
 * The keyring a secret's text holds: keyring JSON, or (a secret of before keyrings) a single secret, read as a
 * keyring of the one legacy key. Throws TaskKeyringError naming what is wrong.
 * @example const ring = parseTaskKeyring(await fetchSecret(arn));
 */
export function parseTaskKeyring(text: string): TaskKeyring {
  if (!text.trimStart().startsWith("{")) return keyringFromSecret(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TaskKeyringError("the task-token keyring is not valid JSON");
  }
  const parsed = TaskKeyringSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "keyring"}: ${i.message}`);
    throw new TaskKeyringError(`the task-token keyring is malformed (${issues.join("; ")})`);
  }
  return parsed.data;
}

export const serializeTaskKeyring = (ring: TaskKeyring): string => JSON.stringify(ring);

const newSecret = () => randomBytes(32).toString("base64url");
/** A key id that sorts by creation and does not repeat: `<yyyymmdd>-<6 hex>`. */
export const newKid = (now: Date) =>
  `${now.toISOString().slice(0, 10).replaceAll("-", "")}-${randomBytes(3).toString("hex")}`;

/** A fresh keyring of one random key (a new data directory). */
export function newTaskKeyring(now: Date): TaskKeyring {
  const secret = newSecret();
  const kid = newKid(now);
  return {
    version: 1,
    current: kid,
    applicantIndexKey: applicantIndexKeyOfSecret(secret),
    keys: [{ kid, secret, createdAt: now.toISOString() }],
  };
}

/**
 * Until when `key` must be kept: for ever while it is current; once retired, for the longest life of a token it
 * could have signed (`TASK_TOKEN_MAX_DAYS`) plus the slack of a stale signer — and the legacy key at least until
 * legacy tokens stop verifying.
 */
export function keyKeptUntil(key: TaskKey): Date | undefined {
  if (key.retiredAt === undefined) return undefined;
  const kept = Date.parse(key.retiredAt) + (TASK_TOKEN_MAX_DAYS + KEY_RETENTION_SLACK_DAYS) * DAY_MS;
  return new Date(key.kid === LEGACY_KID ? Math.max(kept, LEGACY_TOKENS_VALID_UNTIL.getTime()) : kept);
}

/** The keyring without the retired keys whose every token has expired (`keyKeptUntil` has passed). */
export function pruneTaskKeyring(ring: TaskKeyring, now: Date): TaskKeyring {
  const keys = ring.keys.filter((key) => {
    if (key.kid === ring.current) return true;
    const until = keyKeptUntil(key);
    return until === undefined || until.getTime() > now.getTime();
  });
  return { ...ring, keys };
}

/**
 * The keyring after one rotation at `now`: a new key becomes current, the one before is retired (it verifies on
 * until its tokens can all have expired), the keys past that are pruned.
 * @example writeKeyring(rotateTaskKeyring(readKeyring(), new Date()))
 */
export function rotateTaskKeyring(
  ring: TaskKeyring,
  now: Date,
  next: { kid?: string; secret?: string } = {},
): TaskKeyring {
  const kid = next.kid ?? newKid(now);
  if (ring.keys.some((k) => k.kid === kid))
    throw new TaskKeyringError(`the key id ${kid} is in the keyring already`);
  const retired = ring.keys.map((k) =>
    k.kid === ring.current && k.retiredAt === undefined ? { ...k, retiredAt: now.toISOString() } : k,
  );
  const key: TaskKey = { kid, secret: next.secret ?? newSecret(), createdAt: now.toISOString() };
  return pruneTaskKeyring({ ...ring, current: kid, keys: [...retired, key] }, now);
}

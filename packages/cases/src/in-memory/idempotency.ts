import type { IdempotencyRecord, IdempotencyRepository } from "../ports.ts";
import { IdempotencyKeyConflictError } from "../repository-errors.ts";

/** The store's default: a key answers replays for a day. */
const DEFAULT_RETAIN_SECONDS = 24 * 60 * 60;

/**
 * Idempotency keys in memory, with the store's contract: the first claim stands until it expires (by the `now`
 * the caller passes, so a test moves time by passing a later one); a second claim throws
 * `IdempotencyKeyConflictError` with the first record.
 * @example const idempotency = createInMemoryIdempotency();
 */
export function createInMemoryIdempotency(): IdempotencyRepository {
  const records = new Map<string, { record: IdempotencyRecord; expiresAt: number }>();
  const held = (scope: string, key: string, now: Date) => {
    // The store keys rows by `<scope>#<key>`: a '#' in the scope could make two claims collide.
    if (scope === "" || scope.includes("#")) throw new Error(`invalid idempotency scope: ${scope}`);
    const stored = records.get(`${scope}#${key}`);
    return stored && stored.expiresAt > now.getTime() ? stored : undefined;
  };
  return {
    find: async (scope, key, now) => structuredClone(held(scope, key, now)?.record),
    async claim(scope, key, record, now, options) {
      const first = held(scope, key, now);
      if (first) throw new IdempotencyKeyConflictError(scope, key, structuredClone(first.record));
      const retainSeconds = options?.retainSeconds ?? DEFAULT_RETAIN_SECONDS;
      records.set(`${scope}#${key}`, {
        record: structuredClone(record),
        expiresAt: now.getTime() + retainSeconds * 1000,
      });
    },
  };
}

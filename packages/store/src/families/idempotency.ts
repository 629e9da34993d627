/** The idempotency family: one row per claimed key (`IDEMPOTENCY#<scope>#<key>`), free again once expired. */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { IdempotencyKeyConflictError, type IdempotencyRepository } from "@onething/cases";
import { InvalidStoreRequestError, StoreBusyError } from "../errors.ts";
import { idempotencyKey } from "../keys.ts";
import type { CaseStore } from "../ports.ts";
import { type IdempotencyRecord, IdempotencyRecordSchema } from "../records.ts";
import {
  epochSeconds,
  isConditionFailure,
  parseRow,
  type StoreTable,
  sendTranslated,
  translateError,
} from "../table.ts";

/** Idempotency keys answer replays for a day, the retry horizon of any client we know of (unless told longer). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

function checkScope(scope: string): void {
  // The scope ends where the key begins in the partition key; a '#' in it could make two claims collide.
  if (scope === "" || scope.includes("#"))
    throw new InvalidStoreRequestError(`idempotency scope must be non-empty and contain no '#': ${scope}`);
}

export function createIdempotencyFamily(
  table: StoreTable,
): Pick<CaseStore, "claimIdempotencyKey" | "getIdempotencyKey"> {
  const read = async (scope: string, key: string): Promise<IdempotencyRecord | undefined> => {
    const result = await sendTranslated("getIdempotencyKey", () =>
      table.client.send(
        new GetCommand({ TableName: table.tableName, Key: idempotencyKey(scope, key), ConsistentRead: true }),
      ),
    );
    return result.Item ? parseRow(IdempotencyRecordSchema, result.Item) : undefined;
  };

  return {
    async claimIdempotencyKey({ scope, key, requestHash, caseId, response, now, retainSeconds }) {
      checkScope(scope);
      const record: IdempotencyRecord = {
        scope,
        key,
        requestHash,
        caseId,
        response,
        createdAt: now.toISOString(),
        expiresAt: epochSeconds(now) + (retainSeconds ?? IDEMPOTENCY_TTL_SECONDS),
      };
      // TTL deletes expired rows only eventually (typically within days), so an expired row counts as free.
      // The loop covers the row expiring between our failed put and the read of what blocked it.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await table.client.send(
            new PutCommand({
              TableName: table.tableName,
              Item: { ...idempotencyKey(scope, key), entity: "idempotency", ...record },
              ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
              ExpressionAttributeValues: { ":now": epochSeconds(now) },
            }),
          );
          return record;
        } catch (error) {
          if (!isConditionFailure(error)) throw translateError("claimIdempotencyKey", error);
        }
        const existing = await read(scope, key);
        if (existing && existing.expiresAt > epochSeconds(now))
          throw new IdempotencyKeyConflictError(scope, key, existing);
      }
      throw new StoreBusyError("contention", "claimIdempotencyKey", undefined);
    },

    async getIdempotencyKey(scope, key, now) {
      checkScope(scope);
      const record = await read(scope, key);
      return record && record.expiresAt > epochSeconds(now) ? record : undefined;
    },
  };
}

/**
 * The store's implementation of the cases' `IdempotencyRepository` (the claim stores no response: the use cases
 * answer a replay from the case it names).
 * @example const idempotency = idempotencyOn(store);
 */
export function idempotencyOn(
  store: Pick<CaseStore, "claimIdempotencyKey" | "getIdempotencyKey">,
): IdempotencyRepository {
  return {
    async find(scope, key, now) {
      const record = await store.getIdempotencyKey(scope, key, now);
      return record && { requestHash: record.requestHash, caseId: record.caseId };
    },
    async claim(scope, key, record, now, options) {
      await store.claimIdempotencyKey({
        scope,
        key,
        ...record,
        response: null,
        now,
        ...(options?.retainSeconds === undefined ? {} : { retainSeconds: options.retainSeconds }),
      });
    },
  };
}

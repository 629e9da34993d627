import { z } from "zod";
import { InvalidCursorError } from "./errors.ts";

/**
 * Pagination cursors are opaque to callers: base64url of the JSON of a DynamoDB `LastEvaluatedKey` (or, for
 * the timeline, of a position inside a row). Decoding checks the cursor belongs to the same query, so a
 * cursor from one list cannot page through another.
 */

const KeySchema = z.record(z.string(), z.string());
export type ExclusiveStartKey = z.infer<typeof KeySchema>;

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** The JSON inside a cursor; `InvalidCursorError` when it is not base64url JSON at all. */
export function decodeCursorJson(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("not a cursor issued by this store");
  }
}

/**
 * Decodes a cursor into the key to resume after, checking that `partitionAttribute` (the index's partition
 * key attribute) names the partition this query reads.
 */
export function decodeKeyCursor(
  cursor: string,
  partitionAttribute: string,
  partition: string,
): ExclusiveStartKey {
  const parsed = KeySchema.safeParse(decodeCursorJson(cursor));
  if (!parsed.success) throw new InvalidCursorError("not a cursor issued by this store");
  if (parsed.data[partitionAttribute] !== partition)
    throw new InvalidCursorError("the cursor belongs to a different query");
  return parsed.data;
}

const TimelineCursorSchema = z.object({
  /** The case partition the cursor pages through. */
  pk: z.string(),
  /** Sort key of the row to resume in. */
  sk: z.string(),
  /** Entries of that row already returned. */
  skip: z.number().int().min(0),
});
export type TimelineCursor = z.infer<typeof TimelineCursorSchema>;

export function decodeTimelineCursor(cursor: string, partition: string, skPrefix: string): TimelineCursor {
  const parsed = TimelineCursorSchema.safeParse(decodeCursorJson(cursor));
  if (!parsed.success || !parsed.data.sk.startsWith(skPrefix))
    throw new InvalidCursorError("not a timeline cursor issued by this store");
  if (parsed.data.pk !== partition) throw new InvalidCursorError("the cursor belongs to a different case");
  return parsed.data;
}

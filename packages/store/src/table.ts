/**
 * What every record family of the single table shares: the table handle, queries and index pages, error
 * translation, row parsing, projections, limits and small concurrency helpers. Key formats are not here: they live
 * in `keys.ts` only.
 */
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  TransactionConflictException,
  TransactionInProgressException,
} from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { isThrottlingError } from "@smithy/core/retry";
import { z } from "zod";
import { decodeKeyCursor, encodeCursor } from "./cursor.ts";
import { CorruptRecordError, InvalidStoreRequestError, StoreBusyError } from "./errors.ts";
import { type IndexName, KEY_ATTRIBUTES } from "./keys.ts";
import type { Page } from "./ports.ts";

/** The table every family reads and writes, through a client made by `createDocumentClient`. */
export interface StoreTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Largest page any list returns; also BatchGetItem's limit, which the department list relies on. */
export const MAX_PAGE_SIZE = 100;

export function withCursor<T>(items: T[], cursor: string | undefined): Page<T> {
  return cursor ? { items, cursor } : { items };
}

export function parseRow<T>(schema: z.ZodType<T>, row: Record<string, unknown>): T {
  const parsed = schema.safeParse(row);
  if (!parsed.success)
    throw new CorruptRecordError({ pk: row.pk, sk: row.sk }, z.prettifyError(parsed.error));
  return parsed.data;
}

/** A ProjectionExpression naming every attribute through a placeholder (`status`, `count` … are reserved). */
export function projectionOf(attributes: readonly string[]) {
  const names: Record<string, string> = {};
  for (const [i, attribute] of attributes.entries()) names[`#p${i}`] = attribute;
  return { expression: Object.keys(names).join(", "), names };
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new InvalidStoreRequestError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
}

/** Runs `fn` over `inputs` with at most `limit` calls in flight, keeping the order of the results. */
export async function mapLimit<T, R>(
  inputs: readonly T[],
  limit: number,
  fn: (input: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      const input = inputs[i];
      if (input !== undefined) results[i] = await fn(input);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Full jitter: spreads the retries of commits that collided on the same counter row. */
export const backoffMs = (attempt: number) => Math.random() * 25 * 2 ** attempt;

/** A conditional write whose condition did not hold (outside a transaction). */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException;

type SdkError = Parameters<typeof isThrottlingError>[0];
const isSdkError = (error: unknown): error is SdkError =>
  error instanceof Error && (error.cause === undefined || error.cause instanceof Error);

/** A plain write that met a transaction in progress on the same row. */
const isContention = (error: unknown): boolean =>
  error instanceof TransactionConflictException || error instanceof TransactionInProgressException;

/**
 * The SDK already retries throttling with backoff (its standard retry strategy); what reaches us has
 * exhausted those attempts. We do not loop again here: the typed, retryable error lets the SQS consumer
 * fail the record and the queue redeliver later, which is the backoff that helps an overloaded table.
 * Throttling is what the SDK's own retry classifier calls throttling (it also knows unmodelled codes and 429s).
 */
export function translateError(operation: string, error: unknown): unknown {
  if (isContention(error)) return new StoreBusyError("contention", operation, error);
  if (isSdkError(error) && isThrottlingError(error)) return new StoreBusyError("throttled", operation, error);
  return error;
}

/** A cancelled transaction whose conditions held: another transaction or throttling got in the way. */
export function translateCancellation(operation: string, error: TransactionCanceledException): unknown {
  const codes = new Set((error.CancellationReasons ?? []).map((reason) => reason.Code));
  if (codes.has("TransactionConflict")) return new StoreBusyError("contention", operation, error);
  if (codes.has("ThrottlingError") || codes.has("ProvisionedThroughputExceeded"))
    return new StoreBusyError("throttled", operation, error);
  return error;
}

/** `translateCancellation` for a cancelled transaction, `translateError` for anything else. */
export function translateTransactionError(operation: string, error: unknown): unknown {
  return error instanceof TransactionCanceledException
    ? translateCancellation(operation, error)
    : translateError(operation, error);
}

/** Runs one SDK call, turning throttling and contention into the store's typed errors. */
export async function sendTranslated<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translateError(operation, error);
  }
}

export type QueryInput = Omit<QueryCommandInput, "TableName">;

export const query = (table: StoreTable, operation: string, input: QueryInput) =>
  sendTranslated(operation, () =>
    table.client.send(new QueryCommand({ TableName: table.tableName, ...input })),
  );

/** Every row a query matches, page after page (counter and calendar partitions are small). */
export async function queryAll(
  table: StoreTable,
  operation: string,
  input: QueryInput,
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await query(table, operation, { ...input, ExclusiveStartKey });
    rows.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return rows;
}

/** `Select: COUNT` over every page: one Query counts at most 1 MB of what it reads. */
export async function countAll(table: StoreTable, operation: string, input: QueryInput): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await query(table, operation, { ...input, Select: "COUNT", ExclusiveStartKey });
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

export interface IndexPageOptions {
  /** Only rows whose index sort key is below this, or at least this (not both). */
  sortBefore?: string;
  sortFrom?: string;
  /** Only rows whose index sort key begins with this (alone: not with `sortBefore` or `sortFrom`). */
  sortPrefix?: string;
  newestFirst: boolean;
  projection?: readonly string[];
}

/** One page of one index partition, resuming at `request.cursor` (which must be this partition's). */
export async function indexPage(
  table: StoreTable,
  operation: string,
  index: IndexName,
  partition: string,
  request: { limit: number; cursor?: string | undefined },
  options: IndexPageOptions,
) {
  checkLimit(request.limit);
  const attributes = KEY_ATTRIBUTES[index];
  // DynamoDB rejects placeholders an expression does not use, so the sort key's is added only with its condition.
  const names: Record<string, string> = { "#ipk": attributes.pk };
  const values: Record<string, unknown> = { ":partition": partition };
  let condition = "#ipk = :partition";
  if (options.sortBefore !== undefined && options.sortFrom !== undefined)
    throw new InvalidStoreRequestError("an index page takes sortBefore or sortFrom, not both");
  if (options.sortBefore !== undefined) {
    condition += " AND #isk < :before";
    names["#isk"] = attributes.sk;
    values[":before"] = options.sortBefore;
  }
  if (options.sortFrom !== undefined) {
    condition += " AND #isk >= :from";
    names["#isk"] = attributes.sk;
    values[":from"] = options.sortFrom;
  }
  if (options.sortPrefix !== undefined) {
    if (options.sortBefore !== undefined || options.sortFrom !== undefined)
      throw new InvalidStoreRequestError("an index page takes sortPrefix alone");
    condition += " AND begins_with(#isk, :prefix)";
    names["#isk"] = attributes.sk;
    values[":prefix"] = options.sortPrefix;
  }
  const projection = options.projection ? projectionOf(options.projection) : undefined;
  const page = await query(table, operation, {
    IndexName: index,
    KeyConditionExpression: condition,
    ExpressionAttributeNames: { ...names, ...projection?.names },
    ExpressionAttributeValues: values,
    ...(projection ? { ProjectionExpression: projection.expression } : {}),
    ScanIndexForward: !options.newestFirst,
    Limit: request.limit,
    ExclusiveStartKey: request.cursor ? decodeKeyCursor(request.cursor, attributes.pk, partition) : undefined,
  });
  return {
    rows: page.Items ?? [],
    cursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : undefined,
  };
}

export const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

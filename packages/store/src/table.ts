/**
 * What every record family of the single table shares: error translation, row parsing, projections, limits and
 * small concurrency helpers. Key formats are not here: they live in `keys.ts` only.
 */
import type { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import { CorruptRecordError, InvalidStoreRequestError, StoreBusyError } from "./errors.ts";
import type { Page } from "./ports.ts";

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

export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/**
 * The SDK already retries throttling with backoff (its standard retry strategy); what reaches us has
 * exhausted those attempts. We do not loop again here: the typed, retryable error lets the SQS consumer
 * fail the record and the queue redeliver later, which is the backoff that helps an overloaded table.
 */
const THROTTLING_ERRORS = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
]);
/** A plain write that met a transaction in progress on the same row. */
const CONTENTION_ERRORS = new Set(["TransactionConflictException", "TransactionInProgressException"]);

export function translateError(operation: string, error: unknown): unknown {
  const name = errorName(error);
  if (name && THROTTLING_ERRORS.has(name)) return new StoreBusyError("throttled", operation, error);
  if (name && CONTENTION_ERRORS.has(name)) return new StoreBusyError("contention", operation, error);
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

/** Runs one SDK call, turning throttling and contention into the store's typed errors. */
export async function sendTranslated<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translateError(operation, error);
  }
}

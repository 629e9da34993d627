import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from "@aws-lambda-powertools/batch";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { z } from "zod";

/**
 * `invalid-json` and `schema-mismatch` are found by the consumer; `refused` is for handlers that
 * parsed a message and established it can never be accepted (a forged task token, say); `delivery-failed` for a
 * webhook delivery that failed its last attempt (the detail names the last status, timeout or refusal).
 */
export type PoisonReason = "invalid-json" | "schema-mismatch" | "refused" | "delivery-failed";

/**
 * A record that can never succeed, whatever the retry: its body is not JSON, not the message the
 * schema describes, or refused for good. `detail` names the problem (for schema mismatches, zod
 * paths and messages), never the body's values.
 */
export class PoisonMessageError extends Error {
  override name = "PoisonMessageError";
  readonly reason: PoisonReason;
  readonly detail: string;

  constructor(reason: PoisonReason, detail: string) {
    super(`${reason}: ${detail}`);
    this.reason = reason;
    this.detail = detail;
  }
}

/** Port: takes a poison record out of the retry loop (e.g. `sendPoisonToDeadLetterQueue`). */
export type PoisonHandler = (record: SQSRecord, error: PoisonMessageError) => Promise<void>;

/** Port: hears about every record that failed and will be retried. */
export type RecordFailureListener = (record: SQSRecord, error: unknown) => void;

export interface SqsConsumerOptions<Schema extends z.ZodType> {
  readonly schema: Schema;
  /** Throw to fail the record (it comes back after the visibility timeout). */
  readonly handle: (record: SQSRecord, message: z.output<Schema>) => Promise<void>;
  /**
   * Where poison records go. Given, the record is handed over and reported as processed, so it is
   * deleted at once and does not block its FIFO group. Omitted, the record fails like any other and
   * reaches the DLQ through the redrive policy after `maxReceiveCount` receives (without a reason).
   */
  readonly onPoison?: PoisonHandler;
  readonly onFailure?: RecordFailureListener;
  /** Standard queues only: process a batch's records concurrently. Default false. */
  readonly processInParallel?: boolean;
}

const MAX_DETAIL_LENGTH = 1_000;

/**
 * Node's `JSON.parse` messages quote a stretch of the input ("Unexpected token … "{"idNumber":"1101…" is not
 * valid JSON"), so the detail of an unparseable body is this sentence, never the parser's message.
 */
export const INVALID_JSON_DETAIL = "body is not valid JSON";

/** A path segment we name as is: a field name of our schemas or an array index. */
const NAMED_SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/**
 * zod's messages name the expectation ("expected string, received number"), never the input value; what can carry
 * body content is a path through a record whose keys the sender chose (an ID number as a key, say) and the key
 * names of `unrecognized_keys`. Both are left out.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  const path =
    issue.path.length === 0
      ? "(root)"
      : issue.path
          .map((segment) =>
            typeof segment === "number" || (typeof segment === "string" && NAMED_SEGMENT.test(segment))
              ? String(segment)
              : "[key]",
          )
          .join(".");
  const message =
    issue.code === "unrecognized_keys" ? `${issue.keys.length} unrecognized key(s)` : issue.message;
  return `${path}: ${message}`;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map(describeIssue).join("; ").slice(0, MAX_DETAIL_LENGTH);
}

function parseRecord<Schema extends z.ZodType>(
  schema: Schema,
  record: SQSRecord,
): z.output<Schema> | PoisonMessageError {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    return new PoisonMessageError("invalid-json", INVALID_JSON_DETAIL);
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? parsed.data
    : new PoisonMessageError("schema-mismatch", describeIssues(parsed.error));
}

/**
 * One JSON line on stderr: ids and the error's class and message, never the body or the message attributes (they
 * may carry personal data). A poison error's message is its reason and detail, which hold no body content.
 */
const logFailure: RecordFailureListener = (record, error) => {
  console.error(
    JSON.stringify({
      level: "error",
      message: "sqs record failed",
      messageId: record.messageId,
      messageGroupId: record.attributes.MessageGroupId,
      receiveCount: record.attributes.ApproximateReceiveCount,
      source: record.eventSourceARN,
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    }),
  );
};

/**
 * Builds a Lambda SQS handler (event source with `ReportBatchItemFailures`) on Powertools'
 * batch processors: each record is parsed with `schema` and passed to `handle`; the response lists
 * only the records that failed.
 *
 * FIFO batches (from a `.fifo` queue) are processed in order, one record at a time; after
 * a failure the rest of that group's records are failed unprocessed, so the group's order holds,
 * while other groups go on. A new processor per invocation: Powertools keeps batch state on the
 * instance outside Lambda, and the local runtime calls handlers concurrently.
 *
 * @example
 * export const handler = createSqsConsumer({
 *   schema: OrchestratorMessageSchema,
 *   handle: (_record, message) => orchestrate(message),
 *   onPoison: sendPoisonToDeadLetterQueue(sqs, config.deadLetterQueueUrl),
 * });
 */
export function createSqsConsumer<Schema extends z.ZodType>(
  options: SqsConsumerOptions<Schema>,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const onFailure = options.onFailure ?? logFailure;

  const processRecord = async (record: SQSRecord): Promise<void> => {
    try {
      const message = parseRecord(options.schema, record);
      if (message instanceof PoisonMessageError) {
        if (options.onPoison === undefined) throw message;
        await options.onPoison(record, message);
        return;
      }
      await options.handle(record, message);
    } catch (error) {
      onFailure(record, error);
      throw error;
    }
  };

  return async (event) => {
    // By the source ARN, not by MessageGroupId: standard (fair) queues may carry group ids too.
    const fifo = event.Records.some((record) => record.eventSourceARN.endsWith(".fifo"));
    // The whole batch failing is reported like any partial failure: same response shape, same effect.
    const response = fifo
      ? await processPartialResponse(event, processRecord, new SqsFifoPartialProcessorAsync(), {
          skipGroupOnError: true,
          throwOnFullBatchFailure: false,
        })
      : await processPartialResponse(event, processRecord, new BatchProcessor(EventType.SQS), {
          processInParallel: options.processInParallel ?? false,
          throwOnFullBatchFailure: false,
        });
    return { batchItemFailures: response.batchItemFailures };
  };
}

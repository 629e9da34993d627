import { ChangeMessageVisibilityBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { CaseLogger } from "@onething/cases";
import { RELEASE_VISIBILITY_SECONDS } from "@onething/local-services";
import type { SQSRecord } from "aws-lambda";

/** Visibility a timed-out batch is kept at (and renewed) while its handler still runs. */
const OVERRUN_VISIBILITY_SECONDS = 30;

export interface RecordVisibility {
  /**
   * Hands records back unprocessed, visible again within a second (`RELEASE_VISIBILITY_SECONDS`: a persisted
   * fauxqs fails on 0). Never throws: a failure is logged, and the records return after their visibility timeout.
   */
  handBack(records: readonly SQSRecord[]): Promise<void>;
  /**
   * Keeps a timed-out batch invisible (renewed every half visibility timeout) while its handler still runs, so its
   * records are not redelivered, and their FIFO group handed back over and over (each receive counts towards the
   * DLQ), while the handler cannot be stopped. The returned function ends that and makes them visible within a
   * second: the batch failed, and on AWS the killed invocation's records would be back by now.
   */
  hold(records: readonly SQSRecord[]): () => Promise<void>;
}

/** Visibility changes of one queue's received records, for the poller. */
export function createRecordVisibility(options: {
  readonly name: string;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly log: CaseLogger;
  /** The poller's visibility override (tests use 1 s); also what a held batch is kept at. */
  readonly visibilityTimeoutSeconds?: number | undefined;
}): RecordVisibility {
  const setVisibility = (records: readonly SQSRecord[], seconds: number, failure: string) =>
    options.sqs
      .send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: records.map((r, i) => ({
            Id: String(i),
            ReceiptHandle: r.receiptHandle,
            VisibilityTimeout: seconds,
          })),
        }),
      )
      .then(
        () => undefined,
        (error: unknown) =>
          options.log.warn(failure, { queue: options.name, error: (error as Error).message }),
      );

  return {
    handBack: (records) => setVisibility(records, RELEASE_VISIBILITY_SECONDS, "could not hand records back"),
    hold(records) {
      const seconds = options.visibilityTimeoutSeconds ?? OVERRUN_VISIBILITY_SECONDS;
      const failure = "could not change the visibility of a timed-out batch";
      void setVisibility(records, seconds, failure);
      const renew = setInterval(() => void setVisibility(records, seconds, failure), (seconds * 1000) / 2);
      return async () => {
        clearInterval(renew);
        await setVisibility(records, RELEASE_VISIBILITY_SECONDS, failure);
      };
    },
  };
}

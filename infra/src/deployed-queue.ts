import type { QueueSpec } from "@onething/topology";
import type * as sqs from "aws-cdk-lib/aws-sqs";

/** A source queue with its dead-letter queue, as synthesised from one `QueueSpec`. */
export interface DeployedQueue {
  readonly spec: QueueSpec;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
}

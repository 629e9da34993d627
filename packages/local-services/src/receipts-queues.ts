import type { SQSClient } from "@aws-sdk/client-sqs";
import type { TopicSpec } from "@onething/topology";
import { ensureQueue } from "./ensure-queue.ts";

/** A notice channel's receipts queue with its DLQ, as on AWS (`infra/src/notices.ts`). */
export async function provisionReceiptsQueue(
  sqs: SQSClient,
  sqsEndpoint: string,
  topic: TopicSpec,
): Promise<void> {
  const { receipts } = topic;
  const dlq = await ensureQueue(sqs, sqsEndpoint, receipts.deadLetterName, {
    MessageRetentionPeriod: String(14 * 24 * 3600),
  });
  await ensureQueue(sqs, sqsEndpoint, receipts.name, {
    VisibilityTimeout: String(receipts.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(receipts.messageRetentionSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.arn,
      maxReceiveCount: receipts.maxReceiveCount,
    }),
  });
}

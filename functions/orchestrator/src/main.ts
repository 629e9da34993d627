/**
 * Lambda entry point of the orchestrator queue's consumer (SQS FIFO event source, `ReportBatchItemFailures`).
 * Wired once per cold start; poison records go straight to the orchestrator DLQ with the reason.
 */
import { sendPoisonToDeadLetterQueue } from "@onething/messaging";
import { configured } from "@onething/platform";
import { createLambdaPlatform } from "@onething/platform/lambda";
import { ENV } from "@onething/topology";
import { createOrchestratorHandler } from "./index.ts";

const { platform, sqs, config } = await createLambdaPlatform("orchestrator");

export const handler = createOrchestratorHandler({
  ...platform,
  onPoison: sendPoisonToDeadLetterQueue(
    sqs,
    configured(config.queues.orchestratorDeadLetter, ENV.orchestratorDeadLetterQueueUrl),
  ),
});

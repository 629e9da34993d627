/**
 * Lambda entry point of the orchestrator queue's consumer (SQS FIFO event source, `ReportBatchItemFailures`).
 * Wired once per cold start; poison records go straight to the orchestrator DLQ with the reason.
 */
import { sendPoisonToDeadLetterQueue } from "@onething/messaging";
import { createLambdaPlatform } from "@onething/platform/lambda";
import { createOrchestratorHandler } from "./index.ts";

const { platform, sqs, config } = createLambdaPlatform("orchestrator");

export const handler = createOrchestratorHandler({
  ...platform,
  onPoison: sendPoisonToDeadLetterQueue(sqs, config.queues.orchestratorDeadLetter),
});

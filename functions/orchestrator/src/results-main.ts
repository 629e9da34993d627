/**
 * Lambda entry point of the results queue's consumer: department answers sent over SQS instead of HTTP.
 * Wired once per cold start; poison and refused answers go to the results DLQ with the reason.
 */
import { sendPoisonToDeadLetterQueue } from "@onething/messaging";
import { createLambdaPlatform } from "@onething/platform/lambda";
import { createResultsHandler } from "./index.ts";

const { platform, sqs, config } = createLambdaPlatform("results");

export const handler = createResultsHandler({
  ...platform,
  onPoison: sendPoisonToDeadLetterQueue(sqs, config.queues.resultsDeadLetter),
});

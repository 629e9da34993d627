/**
 * Lambda entry point of the results queue's consumer: department answers sent over SQS instead of HTTP.
 * Wired once per cold start; poison and refused answers go to the results DLQ with the reason.
 */
import { sendPoisonToDeadLetterQueue } from "@onething/messaging";
import { configured } from "@onething/platform";
import { createLambdaPlatform } from "@onething/platform/lambda";
import { ENV } from "@onething/topology";
import { createResultsHandler } from "./index.ts";

const { platform, sqs, config } = await createLambdaPlatform("results");

export const handler = createResultsHandler({
  ...platform,
  onPoison: sendPoisonToDeadLetterQueue(
    sqs,
    configured(config.queues.resultsDeadLetter, ENV.resultsDeadLetterQueueUrl),
  ),
});

/** Lambda entry point of the results queue's consumer (department answers over SQS): see `lambdaHandler`. */
import { lambdaHandler } from "@onething/platform/lambda";

export const handler = await lambdaHandler("results");

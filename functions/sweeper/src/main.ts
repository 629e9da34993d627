/** Lambda entry point of the sweeper (EventBridge schedule, every minute): see `lambdaHandler`. */
import { lambdaHandler } from "@onething/platform/lambda";

export const handler = await lambdaHandler("sweeper");

/** Lambda entry point of the orchestrator queue's consumer: composed once per cold start (see `lambdaHandler`). */
import { lambdaHandler } from "@onething/platform/lambda";

export const handler = await lambdaHandler("orchestrator");

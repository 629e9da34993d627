/** Lambda entry point of the HTTP API: composed once per cold start (see `lambdaHandler`). */
import { lambdaHandler } from "@onething/platform/lambda";

export const handler = await lambdaHandler("api");

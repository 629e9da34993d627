/** Lambda entry point of the events queue's consumer (source systems' data events): see `lambdaHandler`. */
import { lambdaHandler } from "@onething/platform/lambda";

export const handler = await lambdaHandler("events");

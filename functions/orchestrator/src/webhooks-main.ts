/** Lambda entry point of the webhooks queue's consumer (tasks pushed to offices' endpoints): see `lambdaHandler`. */
import { lambdaHandler } from "@onething/platform/lambda";

export const handler = await lambdaHandler("webhooks");

import { type LocalService, startDynamoDbLocal, startSqsEmulator } from "@onething/local-services";
import type { TestProject } from "vitest/node";
import "./provided.ts";

/**
 * Integration project only: one DynamoDB Local (in memory) and one fauxqs per test run, shared by
 * every test file; files isolate themselves by prefix (see `useLocalPlatform`).
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const results = await Promise.allSettled([startDynamoDbLocal(), startSqsEmulator()]);
  const started = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stopAll = async (services: readonly LocalService[]) => {
    await Promise.allSettled(services.map((service) => service.stop()));
  };
  const [dynamo, sqs] = results;
  if (dynamo?.status !== "fulfilled" || sqs?.status !== "fulfilled") {
    await stopAll(started);
    const failure = results.find((result) => result.status === "rejected");
    throw failure?.status === "rejected" ? failure.reason : new Error("local services did not start");
  }
  console.log(
    `local services: DynamoDB Local ${dynamo.value.endpoint} in ${dynamo.value.startupMs} ms, ` +
      `fauxqs ${sqs.value.endpoint} in ${sqs.value.startupMs} ms`,
  );
  project.provide("localServices", {
    dynamoEndpoint: dynamo.value.endpoint,
    sqsEndpoint: sqs.value.endpoint,
  });
  return () => stopAll(started);
}

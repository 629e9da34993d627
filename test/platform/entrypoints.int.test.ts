import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { LOCAL_ENV } from "@onething/platform";
import { loadSeedCatalogue } from "@onething/seeds";
import { useLocalPlatform } from "@onething/test-harness";
import { ENV } from "@onething/topology";
import type { SQSEvent } from "aws-lambda";
import { afterAll, describe, expect, it, vi } from "vitest";
import { httpEvent } from "../support/http.ts";
import { lambdaContext } from "../support/lambda-context.ts";

// The entry points read process.env at import: set it the way Lambda would (CDK-set variables, the region
// and credentials Lambda provides), plus the local endpoints, before importing any of them.
const departmentIds = [...loadSeedCatalogue().departments.keys()];
const local = await useLocalPlatform({ name: "entrypoints", departmentIds });
const lambdaEnv: Record<string, string> = {
  ...local.env,
  [ENV.taskTokenSecret]: "entrypoints-test-secret-entrypoints-test",
  [LOCAL_ENV.dynamodbEndpoint]: local.endpoints.dynamoEndpoint,
  [LOCAL_ENV.sqsEndpoint]: local.endpoints.sqsEndpoint,
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  POWERTOOLS_LOG_LEVEL: "WARN",
};
const saved = Object.fromEntries(Object.keys(lambdaEnv).map((name) => [name, process.env[name]]));
Object.assign(process.env, lambdaEnv);
afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const getBundles = httpEvent("GET", "/v1/bundles");
const operator = { role: "operator", sub: "op-1" };

describe("Lambda entry points wired at module scope from the environment", () => {
  it("api: answers GET /v1/bundles with the catalogue", async () => {
    const { handler } = await import("../../functions/api/src/main.ts");

    const response = await handler(getBundles, lambdaContext("api"));

    expect(response.statusCode).toBe(200);
    const ids = JSON.parse(response.body ?? "{}").bundles.map((b: { id: string }) => b.id);
    expect(ids).toContain("after-death");
  });

  it("api: reports and redrives every DLQ from the environment, each department's included", async () => {
    const { handler } = await import("../../functions/api/src/main.ts");
    const health = local.queues.departments.health;
    if (!health) throw new Error("no health queue");
    await local.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: health.deadLetterQueue.url, MessageBody: '{"dead":"letter"}' }),
    );

    const summary = await handler(httpEvent("GET", "/v1/ops/summary", operator), lambdaContext("api"));

    expect(summary.statusCode).toBe(200);
    const deadLetters: { queue: string; depth: number }[] = JSON.parse(summary.body ?? "{}").deadLetters;
    expect(deadLetters.map((d) => d.queue).sort()).toEqual(
      ["orchestrator", "results", "events", "webhooks", ...departmentIds.map((id) => `dept-${id}`)].sort(),
    );
    expect(deadLetters.filter((d) => d.depth > 0)).toEqual([{ queue: "dept-health", depth: 1 }]);

    const redrive = await handler(
      httpEvent("POST", "/v1/ops/dead-letters/dept-health/redrive", operator),
      lambdaContext("api"),
    );

    expect(JSON.parse(redrive.body ?? "{}")).toEqual({ queue: "dept-health", moved: 1, failed: 0 });
    const back = await local.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: health.url, WaitTimeSeconds: 1 }),
    );
    expect(back.Messages?.map((m) => m.Body)).toEqual(['{"dead":"letter"}']);
  });

  it("orchestrator, results and webhooks: consume an empty batch without failures", async () => {
    const empty: SQSEvent = { Records: [] };
    const orchestrator = await import("../../functions/orchestrator/src/main.ts");
    const results = await import("../../functions/orchestrator/src/results-main.ts");

    expect(await orchestrator.handler(empty, lambdaContext("orchestrator"))).toEqual({
      batchItemFailures: [],
    });
    expect(await results.handler(empty, lambdaContext("results"))).toEqual({ batchItemFailures: [] });
    const webhooks = await import("../../functions/orchestrator/src/webhooks-main.ts");
    expect(await webhooks.handler(empty, lambdaContext("webhooks"))).toEqual({ batchItemFailures: [] });
  });

  it("sweeper: sweeps the empty table", async () => {
    const { handler } = await import("../../functions/sweeper/src/main.ts");

    expect(await handler(undefined, lambdaContext("sweeper"))).toEqual({
      overdueRaised: 0,
      outboxResent: 0,
      stuckCases: [],
      calendarRevisionsQueued: 0,
      waitsTimedOut: 0,
      offersExpired: 0,
      // No notice is due in an empty table and no receipt waits (issue 16: the sweeper drains and publishes).
      notices: { published: 0, publishFailed: 0, receipts: { applied: 0, dropped: 0, failed: 0 } },
    });
  });

  it("fails the cold start with one ConfigError naming the missing variables", async () => {
    vi.resetModules();
    delete process.env[ENV.tableName];
    delete process.env[ENV.resultsDeadLetterQueueUrl];
    delete process.env[ENV.queueUrlPrefix];
    try {
      await expect(import("../../functions/api/src/main.ts")).rejects.toThrow(
        expect.objectContaining({
          name: "ConfigError",
          message: expect.stringMatching(
            /TABLE_NAME is missing.*RESULTS_DLQ_URL is missing.*QUEUE_URL_PREFIX is missing/,
          ),
        }),
      );
    } finally {
      Object.assign(process.env, lambdaEnv);
    }
  });
});

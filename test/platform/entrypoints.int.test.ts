import type { HttpEvent } from "@onething/fn-api";
import { LOCAL_ENV } from "@onething/platform";
import { loadSeedCatalogue } from "@onething/seeds";
import { useLocalPlatform } from "@onething/test-harness";
import { ENV } from "@onething/topology";
import type { SQSEvent } from "aws-lambda";
import { afterAll, describe, expect, it, vi } from "vitest";

// The entry points read process.env at import: set it the way Lambda would (CDK-set variables, the region
// and credentials Lambda provides), plus the local endpoints, before importing any of them.
const local = await useLocalPlatform({
  name: "entrypoints",
  departmentIds: [...loadSeedCatalogue().departments.keys()],
});
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

const getBundles = {
  version: "2.0",
  routeKey: "$default",
  rawPath: "/v1/bundles",
  rawQueryString: "",
  headers: {},
  isBase64Encoded: false,
  requestContext: { http: { method: "GET", path: "/v1/bundles" } },
} as unknown as HttpEvent;

describe("Lambda entry points wired at module scope from the environment", () => {
  it("api: answers GET /v1/bundles with the catalogue", async () => {
    const { handler } = await import("../../functions/api/src/main.ts");

    const response = await handler(getBundles);

    expect(response.statusCode).toBe(200);
    const ids = JSON.parse(response.body ?? "{}").bundles.map((b: { id: string }) => b.id);
    expect(ids).toContain("after-death");
  });

  it("orchestrator and results: consume an empty batch without failures", async () => {
    const empty: SQSEvent = { Records: [] };
    const orchestrator = await import("../../functions/orchestrator/src/main.ts");
    const results = await import("../../functions/orchestrator/src/results-main.ts");

    expect(await orchestrator.handler(empty)).toEqual({ batchItemFailures: [] });
    expect(await results.handler(empty)).toEqual({ batchItemFailures: [] });
  });

  it("sweeper: sweeps the empty table", async () => {
    const { handler } = await import("../../functions/sweeper/src/main.ts");

    expect(await handler()).toEqual({ overdueRaised: 0, outboxResent: 0, stuckCases: [] });
  });

  it("fails the cold start with one ConfigError naming the missing variables", async () => {
    vi.resetModules();
    delete process.env[ENV.tableName];
    delete process.env[ENV.resultsDeadLetterQueueUrl];
    try {
      await expect(import("../../functions/api/src/main.ts")).rejects.toThrow(
        expect.objectContaining({
          name: "ConfigError",
          message: expect.stringMatching(/TABLE_NAME is missing.*RESULTS_DLQ_URL is missing/),
        }),
      );
    } finally {
      Object.assign(process.env, lambdaEnv);
    }
  });
});

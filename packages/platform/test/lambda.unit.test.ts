import {
  createTaskTokens,
  newTaskKeyring,
  rotateTaskKeyring,
  serializeTaskKeyring,
  UnknownTaskKeyError,
} from "@onething/auth";
import { buildTopology, ENV, queueUrlPrefix } from "@onething/topology";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { lambdaHandler, lambdaPlatform, resolveTaskTokenSecret } from "../src/lambda.ts";

const base = "https://sqs.cn-north-1.amazonaws.com.cn/123456789012";
const arn = "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:task-token-AbCdEf";
const key = "k".repeat(64);
const env = {
  [ENV.tableName]: "onething-prod-table",
  [ENV.orchestratorQueueUrl]: `${base}/onething-prod-orchestrator.fifo`,
  [ENV.eventsQueueUrl]: `${base}/onething-prod-events`,
  [ENV.queueUrlPrefix]: queueUrlPrefix(base, "onething-prod"),
  [ENV.resultsDeadLetterQueueUrl]: `${base}/onething-prod-results-dlq`,
  [ENV.taskTokenSecretArn]: arn,
  AWS_REGION: "cn-north-1",
};
const variables = buildTopology({ departmentIds: [] }).functions.results.environment;

describe("the task-token key at cold start", () => {
  it("reads the secret the ARN names, once", async () => {
    const asked: string[] = [];
    const secret = await resolveTaskTokenSecret(loadConfig(env, { variables }), async (id) => {
      asked.push(id);
      return key;
    });

    expect(secret).toBe(key);
    expect(asked).toEqual([arn]);
  });

  it("uses TASK_TOKEN_SECRET as it is, without asking Secrets Manager (local runs)", async () => {
    const config = loadConfig({ ...env, [ENV.taskTokenSecret]: key }, { variables });

    const secret = await resolveTaskTokenSecret(config, async () => {
      throw new Error("no Secrets Manager locally");
    });

    expect(secret).toBe(key);
  });

  it.each([
    ["has no string value", undefined],
    ["is too short", "short"],
  ])("fails the cold start, naming the variable, when the secret %s", async (_what, value) => {
    const failure = resolveTaskTokenSecret(loadConfig(env, { variables }), async () => value);

    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(/TASK_TOKEN_SECRET_ARN names a secret without a string value/);
  });

  it("composes the platform with the fetched key; the sweeper never asks for it", async () => {
    let fetched = 0;
    const fetchSecret = async () => {
      fetched++;
      return key;
    };
    const { platform, config } = await lambdaPlatform("results", { env, fetchSecret });

    expect(fetched).toBe(1);
    const claim = { caseId: "OT-20260302-ABCDEFGHJK", itemId: "item", attempt: 1, department: "health" };
    const token = platform.tokens.sign(claim as never);
    expect(createTaskTokens(key).verify(token)).toMatchObject(claim);
    expect(config.queues.resultsDeadLetter).toBe(`${base}/onething-prod-results-dlq`);

    const sweeperEnv = Object.fromEntries(
      Object.entries(env).filter(
        ([name]) => name !== ENV.taskTokenSecretArn && name !== ENV.resultsDeadLetterQueueUrl,
      ),
    );
    const sweeper = await lambdaPlatform("sweeper", {
      env: {
        ...sweeperEnv,
        [ENV.noticeSmsTopicArn]: "arn:aws-cn:sns:cn-north-1:123456789012:notice-sms",
        [ENV.noticePushTopicArn]: "arn:aws-cn:sns:cn-north-1:123456789012:notice-push",
        [ENV.noticeSmsReceiptsQueueUrl]: `${base}/onething-prod-notice-sms-receipts`,
        [ENV.noticePushReceiptsQueueUrl]: `${base}/onething-prod-notice-push-receipts`,
      },
      fetchSecret: async () => {
        throw new Error("the sweeper must not read the task-token key");
      },
    });
    expect(sweeper.config.taskTokenSecret).toBeUndefined();
    expect(() => sweeper.platform.tokens).toThrow(/needs the task-token key/);
  });

  it("fails the cold start on a malformed keyring", async () => {
    const failure = resolveTaskTokenSecret(loadConfig(env, { variables }), async () =>
      JSON.stringify({ version: 1, current: "k1", applicantIndexKey: "a".repeat(43), keys: [] }),
    );
    await expect(failure).rejects.toThrow(
      /TASK_TOKEN_SECRET_ARN names a secret that is not a task-token keyring/,
    );
  });

  it("verifies, warm, a token of a key rotated in after the cold start: it reads the secret again", async () => {
    const before = newTaskKeyring(new Date());
    const after = rotateTaskKeyring(before, new Date());
    let value = serializeTaskKeyring(before);
    let fetched = 0;
    const fetchSecret = async () => {
      fetched++;
      return value;
    };
    const { platform } = await lambdaPlatform("results", { env, fetchSecret });
    expect(fetched).toBe(1);
    const claim = { caseId: "OT-20260302-ABCDEFGHJK", itemId: "item", attempt: 1, department: "health" };
    const fresh = createTaskTokens(after).sign(claim);
    expect(() => platform.tokens.verify(fresh)).toThrow(UnknownTaskKeyError);
    value = serializeTaskKeyring(after);
    expect(await platform.tokens.verifyFresh(fresh)).toEqual(claim);
    expect(fetched).toBe(2);
    // The old key's tokens still verify; new tokens use the new key.
    expect(platform.tokens.verify(createTaskTokens(before).sign(claim))).toEqual(claim);
    expect(platform.tokens.currentKid()).toBe(after.current);
  });

  it("composes the events consumer from the events function's environment, its DLQ its own", async () => {
    const eventsEnv = {
      ...Object.fromEntries(Object.entries(env).filter(([name]) => name !== ENV.resultsDeadLetterQueueUrl)),
      [ENV.eventsDeadLetterQueueUrl]: `${base}/onething-prod-events-dlq`,
    };
    const handler = await lambdaHandler("events", { env: eventsEnv, fetchSecret: async () => key });
    expect(
      await handler({ Records: [] } as never, { awsRequestId: "r-2", functionName: "events" } as never),
    ).toEqual({ batchItemFailures: [] });
    const { config } = await lambdaPlatform("events", { env: eventsEnv, fetchSecret: async () => key });
    expect(config.queues).toMatchObject({
      events: `${base}/onething-prod-events`,
      eventsDeadLetter: `${base}/onething-prod-events-dlq`,
    });
    await expect(lambdaPlatform("events", { env, fetchSecret: async () => key })).rejects.toThrow(
      /EVENTS_DEAD_LETTER_QUEUE_URL is missing/,
    );
  });

  it("hands Lambda a middy handler (Powertools puts the invocation's context in its logs)", async () => {
    const handler = await lambdaHandler("results", { env, fetchSecret: async () => key });
    expect(typeof handler.use).toBe("function");
    expect(
      await handler({ Records: [] } as never, { awsRequestId: "r-1", functionName: "results" } as never),
    ).toEqual({
      batchItemFailures: [],
    });
  });
});

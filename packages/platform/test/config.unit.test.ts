import { loadSeedCatalogue } from "@onething/seeds";
import { buildTopology, ENV, type EnvName } from "@onething/topology";
import { describe, expect, it } from "vitest";
import { ALL_FUNCTION_VARIABLES, ConfigError, configured, LOCAL_ENV, loadConfig } from "../src/config.ts";

const departmentIds = [...loadSeedCatalogue().departments.keys()];
const topology = buildTopology({ departmentIds, prefix: "onething-prod" });
const BASE = "https://sqs.cn-north-1.amazonaws.com.cn/123456789012";
const queue = (name: string) => `${BASE}/${name}`;
const secret = "s".repeat(32);
const SMS_TOPIC = "arn:aws-cn:sns:cn-north-1:123456789012:onething-prod-notice-sms";
const PUSH_TOPIC = "arn:aws-cn:sns:cn-north-1:123456789012:onething-prod-notice-push";
const secretArn = "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:onething-prod-task-token-AbCdEf";

function validEnv(): Record<string, string | undefined> {
  return {
    [ENV.tableName]: "onething-prod-cases",
    [ENV.orchestratorQueueUrl]: queue("onething-prod-orchestrator.fifo"),
    [ENV.orchestratorDeadLetterQueueUrl]: queue("onething-prod-orchestrator-dlq.fifo"),
    [ENV.resultsQueueUrl]: queue("onething-prod-results"),
    [ENV.resultsDeadLetterQueueUrl]: queue("onething-prod-results-dlq"),
    [ENV.eventsQueueUrl]: queue("onething-prod-events"),
    [ENV.eventsDeadLetterQueueUrl]: queue("onething-prod-events-dlq"),
    [ENV.queueUrlPrefix]: `${BASE}/onething-prod`,
    [ENV.taskTokenSecretArn]: secretArn,
    [ENV.noticeSmsTopicArn]: SMS_TOPIC,
    [ENV.noticePushTopicArn]: PUSH_TOPIC,
    [ENV.noticeSmsReceiptsQueueUrl]: queue("onething-prod-notice-sms-receipts"),
    [ENV.noticePushReceiptsQueueUrl]: queue("onething-prod-notice-push-receipts"),
    PATH: "/usr/bin",
  };
}

function problemsOf(
  env: Record<string, string | undefined>,
  variables?: readonly EnvName[],
): { variable: string; message: string }[] {
  try {
    loadConfig(env, variables ? { variables } : {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error("loadConfig accepted the environment");
}

describe("loadConfig", () => {
  it("parses a complete environment, deriving every department's queue and DLQ URL from the prefix", () => {
    const config = loadConfig(validEnv());

    expect(config).toEqual({
      tableName: "onething-prod-cases",
      queues: {
        orchestrator: queue("onething-prod-orchestrator.fifo"),
        orchestratorDeadLetter: queue("onething-prod-orchestrator-dlq.fifo"),
        results: queue("onething-prod-results"),
        resultsDeadLetter: queue("onething-prod-results-dlq"),
        events: queue("onething-prod-events"),
        eventsDeadLetter: queue("onething-prod-events-dlq"),
        departments: Object.fromEntries(
          Object.entries(topology.queues.departments).map(([id, q]) => [id, queue(q.name)]),
        ),
        departmentDeadLetters: Object.fromEntries(
          Object.entries(topology.queues.departments).map(([id, q]) => [id, queue(q.deadLetterQueue.name)]),
        ),
      },
      taskTokenSecret: { kind: "secretsManager", secretId: secretArn },
      noticeTopics: { sms: SMS_TOPIC, push: PUSH_TOPIC },
      noticeReceiptQueues: {
        sms: queue("onething-prod-notice-sms-receipts"),
        push: queue("onething-prod-notice-push-receipts"),
      },
      endpoints: {},
    });
  });

  it("takes the key itself from TASK_TOKEN_SECRET (local runs), preferring it to an ARN", () => {
    const config = loadConfig({ ...validEnv(), [ENV.taskTokenSecret]: secret });

    expect(config.taskTokenSecret).toEqual({ kind: "value", value: secret });
  });

  it("reads the local endpoint overrides when set", () => {
    const config = loadConfig({
      ...validEnv(),
      [LOCAL_ENV.dynamodbEndpoint]: "http://127.0.0.1:8000",
      [LOCAL_ENV.sqsEndpoint]: "http://127.0.0.1:9324",
    });

    expect(config.endpoints).toEqual({ dynamodb: "http://127.0.0.1:8000", sqs: "http://127.0.0.1:9324" });
  });

  it.each(ALL_FUNCTION_VARIABLES.filter((name) => name !== ENV.taskTokenSecretArn))(
    "names %s when it is missing",
    (name) => {
      const env = validEnv();
      delete env[name];

      expect(problemsOf(env)).toEqual([{ variable: name, message: "is missing" }]);
    },
  );

  it("names the key's secret when neither it nor the key is set", () => {
    const env = validEnv();
    delete env[ENV.taskTokenSecretArn];

    expect(problemsOf(env)).toEqual([
      { variable: ENV.taskTokenSecretArn, message: `is missing (or ${ENV.taskTokenSecret} locally)` },
    ]);
  });

  it("requires only the variables it is given, and leaves the others out of the config", () => {
    const env = {
      [ENV.tableName]: "t",
      [ENV.orchestratorQueueUrl]: queue("onething-prod-orchestrator.fifo"),
      [ENV.eventsQueueUrl]: queue("onething-prod-events"),
      [ENV.queueUrlPrefix]: `${BASE}/onething-prod`,
      [ENV.noticeSmsTopicArn]: SMS_TOPIC,
      [ENV.noticePushTopicArn]: PUSH_TOPIC,
      [ENV.noticeSmsReceiptsQueueUrl]: queue("onething-prod-notice-sms-receipts"),
      [ENV.noticePushReceiptsQueueUrl]: queue("onething-prod-notice-push-receipts"),
    };

    const config = loadConfig(env, {
      variables: topology.functions.sweeper.environment,
      departmentIds: ["health"],
    });

    expect(config.queues).toEqual({
      orchestrator: queue("onething-prod-orchestrator.fifo"),
      events: queue("onething-prod-events"),
      departments: { health: queue("onething-prod-dept-health") },
      departmentDeadLetters: { health: queue("onething-prod-dept-health-dlq") },
    });
    expect(config.taskTokenSecret).toBeUndefined();
    expect(config.noticeTopics).toEqual({ sms: SMS_TOPIC, push: PUSH_TOPIC });
    expect(() => configured(config.queues.resultsDeadLetter, ENV.resultsDeadLetterQueueUrl)).toThrow(
      /RESULTS_DLQ_URL is not in this function's environment/,
    );
  });

  it("always requires the table, the orchestrator and events queues and the queue URL prefix", () => {
    expect(problemsOf({}, [])).toEqual([
      { variable: ENV.tableName, message: "is missing" },
      { variable: ENV.orchestratorQueueUrl, message: "is missing" },
      { variable: ENV.eventsQueueUrl, message: "is missing" },
      { variable: ENV.queueUrlPrefix, message: "is missing" },
    ]);
  });

  it("names every missing variable in one error, and only the variable names", () => {
    const env = { [ENV.taskTokenSecret]: "short" };

    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ALL_FUNCTION_VARIABLES.filter((n) => n !== ENV.taskTokenSecretArn)) {
      expect(message).toContain(name);
    }
    expect(message).toContain(`${ENV.taskTokenSecret} must be at least 32 characters`);
    expect(message).not.toContain("short");
  });

  it.each([
    ["a URL that is not one", ENV.orchestratorQueueUrl, "orchestrator", "must be an http(s) URL"],
    ["a prefix that is not a URL", ENV.queueUrlPrefix, "onething-prod", "must be an http(s) URL"],
    ["a prefix without a topology prefix", ENV.queueUrlPrefix, `${BASE}/`, "must end in /<topology prefix>"],
    ["a secret that is too short", ENV.taskTokenSecret, "s".repeat(31), "must be at least 32 characters"],
    ["a blank table name", ENV.tableName, "  ", "is missing"],
    ["an endpoint that is not a URL", LOCAL_ENV.sqsEndpoint, "localhost", "must be an http(s) URL"],
  ])("refuses %s", (_what, name, value, message) => {
    const problems = problemsOf({ ...validEnv(), [name]: value });

    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe(name);
    expect(problems[0]?.message).toContain(message);
  });
});

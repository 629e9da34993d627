import { loadSeedCatalogue } from "@onething/seeds";
import { ENV } from "@onething/topology";
import { describe, expect, it } from "vitest";
import { ConfigError, LOCAL_ENV, loadConfig } from "../src/config.ts";

const departmentIds = [...loadSeedCatalogue().departments.keys()];
const queue = (name: string) => `https://sqs.cn-north-1.amazonaws.com.cn/123456789012/${name}`;
const deadLetterQueue = (name: string) => queue(`${name}-dlq`);
const urlsFor = (ids: readonly string[], url: (id: string) => string) =>
  Object.fromEntries(ids.map((id) => [id, url(id)]));
const secret = "s".repeat(32);

function validEnv(): Record<string, string | undefined> {
  return {
    [ENV.tableName]: "onething-prod-cases",
    [ENV.orchestratorQueueUrl]: queue("orchestrator.fifo"),
    [ENV.orchestratorDeadLetterQueueUrl]: queue("orchestrator-dlq.fifo"),
    [ENV.resultsQueueUrl]: queue("results"),
    [ENV.resultsDeadLetterQueueUrl]: queue("results-dlq"),
    [ENV.departmentQueueUrls]: JSON.stringify(urlsFor(departmentIds, queue)),
    [ENV.departmentDeadLetterQueueUrls]: JSON.stringify(urlsFor(departmentIds, deadLetterQueue)),
    [ENV.taskTokenSecret]: secret,
    PATH: "/usr/bin",
  };
}

function problemsOf(env: Record<string, string | undefined>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error("loadConfig accepted the environment");
}

describe("loadConfig", () => {
  it("parses a complete environment, ignoring unrelated variables", () => {
    const config = loadConfig(validEnv());

    expect(config).toEqual({
      tableName: "onething-prod-cases",
      queues: {
        orchestrator: queue("orchestrator.fifo"),
        orchestratorDeadLetter: queue("orchestrator-dlq.fifo"),
        results: queue("results"),
        resultsDeadLetter: queue("results-dlq"),
        departments: urlsFor(departmentIds, queue),
        departmentDeadLetters: urlsFor(departmentIds, deadLetterQueue),
      },
      taskTokenSecret: secret,
      endpoints: {},
    });
  });

  it("reads the local endpoint overrides when set", () => {
    const config = loadConfig({
      ...validEnv(),
      [LOCAL_ENV.dynamodbEndpoint]: "http://127.0.0.1:8000",
      [LOCAL_ENV.sqsEndpoint]: "http://127.0.0.1:9324",
    });

    expect(config.endpoints).toEqual({ dynamodb: "http://127.0.0.1:8000", sqs: "http://127.0.0.1:9324" });
  });

  it.each(Object.values(ENV))("names %s when it is missing", (name) => {
    const env = validEnv();
    delete env[name];

    const problems = problemsOf(env);

    expect(problems).toEqual([{ variable: name, message: "is missing" }]);
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
    for (const name of Object.values(ENV)) expect(message).toContain(name);
    expect(message).toContain("at least 32 characters");
    expect(message).not.toContain("short");
  });

  it.each([
    [ENV.departmentQueueUrls, queue, "queue URL"],
    [ENV.departmentDeadLetterQueueUrls, deadLetterQueue, "dead-letter queue URL"],
  ])("names a department of the registry that %s leaves out", (name, url, what) => {
    const [missing, ...rest] = departmentIds;
    const env = { ...validEnv(), [name]: JSON.stringify(urlsFor(rest, url)) };

    const problems = problemsOf(env);

    expect(problems).toEqual([{ variable: name, message: `has no ${what} for department ${missing}` }]);
  });

  it("names every department missing from either map, in one error", () => {
    const [first, second, ...rest] = departmentIds;
    const env = {
      ...validEnv(),
      [ENV.departmentQueueUrls]: JSON.stringify(urlsFor([second ?? "", ...rest], queue)),
      [ENV.departmentDeadLetterQueueUrls]: JSON.stringify(urlsFor(rest, deadLetterQueue)),
    };

    expect(problemsOf(env)).toEqual([
      { variable: ENV.departmentQueueUrls, message: `has no queue URL for department ${first}` },
      {
        variable: ENV.departmentDeadLetterQueueUrls,
        message: `has no dead-letter queue URL for department ${first}`,
      },
      {
        variable: ENV.departmentDeadLetterQueueUrls,
        message: `has no dead-letter queue URL for department ${second}`,
      },
    ]);
  });

  it("checks coverage against the departments it is given", () => {
    const env = {
      ...validEnv(),
      [ENV.departmentQueueUrls]: JSON.stringify({ health: queue("health") }),
      [ENV.departmentDeadLetterQueueUrls]: JSON.stringify({ health: deadLetterQueue("health") }),
    };

    const config = loadConfig(env, { departmentIds: ["health"] });

    expect(config.queues.departments).toEqual({ health: queue("health") });
    expect(config.queues.departmentDeadLetters).toEqual({ health: deadLetterQueue("health") });
  });

  it.each([
    ["a URL that is not one", ENV.orchestratorQueueUrl, "orchestrator", "must be an http(s) URL"],
    ["a map that is not JSON", ENV.departmentQueueUrls, "{health:", "must be a JSON object"],
    ["a map that is a list", ENV.departmentQueueUrls, "[]", "must be a JSON object"],
    ["a DLQ map that is not JSON", ENV.departmentDeadLetterQueueUrls, "{health:", "must be a JSON object"],
    ["a DLQ map of strings", ENV.departmentDeadLetterQueueUrls, '"health"', "must be a JSON object"],
    ["a secret that is too short", ENV.taskTokenSecret, "s".repeat(31), "must be at least 32 characters"],
    ["a blank table name", ENV.tableName, "  ", "is missing"],
    ["an endpoint that is not a URL", LOCAL_ENV.sqsEndpoint, "localhost", "must be an http(s) URL"],
  ])("refuses %s", (_what, name, value, message) => {
    const problems = problemsOf({ ...validEnv(), [name]: value });

    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe(name);
    expect(problems[0]?.message).toContain(message);
  });

  it.each([
    [ENV.departmentQueueUrls, queue],
    [ENV.departmentDeadLetterQueueUrls, deadLetterQueue],
  ])("names the department whose URL in %s is invalid", (name, url) => {
    const env = { ...validEnv(), [name]: JSON.stringify({ ...urlsFor(departmentIds, url), health: "nope" }) };

    expect(problemsOf(env)).toEqual([{ variable: `${name}.health`, message: "must be an http(s) URL" }]);
  });
});

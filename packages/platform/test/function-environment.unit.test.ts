// The topology is the one list of what each function's environment holds; `loadConfig` is what each function
// requires of it at cold start. A CDK app that sets exactly the topology's names must start, and no name may be
// listed that the function could do without.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadSeedCatalogue } from "@onething/seeds";
import { buildTopology, ENV, type EnvBinding, type EnvName } from "@onething/topology";
import { describe, expect, it } from "vitest";
import { ALL_FUNCTION_VARIABLES, ConfigError, loadConfig } from "../src/config.ts";

const departmentIds = [...loadSeedCatalogue().departments.keys()];
const topology = buildTopology({ departmentIds });
const functions = Object.values(topology.functions);
const REPO_ROOT = join(import.meta.dirname, "..", "..", "..");

/** A dummy value of the right shape for what the variable carries. */
function dummy(binding: EnvBinding): string {
  const base = "https://sqs.cn-north-1.amazonaws.com.cn/123456789012";
  switch (binding.kind) {
    case "tableName":
      return "onething-test-table";
    case "queueUrl":
      return `${base}/${binding.queue}`;
    case "deadLetterQueueUrl":
      return `${base}/${binding.queue}-dlq`;
    case "queueUrlPrefix":
      return `${base}/onething-test`;
    case "secret":
      return "s".repeat(32);
    case "secretArn":
      return "arn:aws:secretsmanager:cn-north-1:123456789012:secret:task-token";
    case "receiptsQueueUrl":
      return `${base}/onething-test-notice-${binding.channel}-receipts`;
    case "topicArn":
      return `arn:aws-cn:sns:cn-north-1:123456789012:onething-test-notice-${binding.topic}`;
    default: {
      const never: never = binding;
      throw new Error(`no dummy for ${JSON.stringify(never)}`);
    }
  }
}

const envOf = (names: readonly EnvName[]) =>
  Object.fromEntries(names.map((name) => [name, dummy(topology.env[name])]));

describe("every function's environment in the topology", () => {
  it("declares the api, sweeper, orchestrator, results and events functions, each with an entry point that exists", () => {
    expect(Object.keys(topology.functions).sort()).toEqual([
      "api",
      "events",
      "orchestrator",
      "results",
      "sweeper",
    ]);
    for (const fn of functions) expect(existsSync(join(REPO_ROOT, fn.entry)), fn.entry).toBe(true);
    expect(topology.consumers.orchestrator).toBe(topology.functions.orchestrator);
    expect(topology.consumers.results).toBe(topology.functions.results);
    expect(topology.consumers.events).toBe(topology.functions.events);
  });

  it.each(functions.map((fn) => [fn.name, fn] as const))(
    "%s: loadConfig succeeds on exactly the listed names",
    (_name, fn) => {
      const config = loadConfig(envOf(fn.environment), { departmentIds, variables: fn.environment });

      expect(config.tableName).toBe("onething-test-table");
    },
  );

  it.each(functions.map((fn) => [fn.name, fn] as const))(
    "%s: lists no name loadConfig could do without",
    (_name, fn) => {
      expect(new Set(fn.environment).size).toBe(fn.environment.length);
      for (const name of fn.environment) {
        const without = fn.environment.filter((n) => n !== name);
        expect(() => loadConfig(envOf(without), { departmentIds, variables: fn.environment }), name).toThrow(
          ConfigError,
        );
      }
    },
  );

  it("reads the task-token key only in the functions that sign or verify tokens", () => {
    const readers = functions
      .filter((fn) => fn.environment.includes(ENV.taskTokenSecretArn))
      .map((fn) => fn.name);

    // The events function starts cases (rules), and starting a case dispatches tasks: it signs tokens.
    expect(readers.sort()).toEqual(["api", "events", "orchestrator", "results"]);
    for (const fn of functions) expect(fn.environment).not.toContain(ENV.taskTokenSecret);
  });

  it("ALL_FUNCTION_VARIABLES is the union of the functions' environments", () => {
    const union = new Set(functions.flatMap((fn) => fn.environment));

    expect([...union].sort()).toEqual([...ALL_FUNCTION_VARIABLES].sort());
  });

  it("covers every variable infra knows how to fill", () => {
    for (const name of Object.values(ENV)) expect(topology.env[name]).toBeDefined();
  });
});

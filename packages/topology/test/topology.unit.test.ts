import {
  allQueues,
  buildTopology,
  departmentQueueUrls,
  ENV,
  ENV_BINDINGS,
  InvalidTopologyError,
  isValidQueueName,
  queueUrlFromPrefix,
  queueUrlPrefix,
  SOURCE_SYSTEMS,
  VISIBILITY_TO_TIMEOUT_RATIO,
} from "@onething/topology";
import { describe, expect, it } from "vitest";

const DEPARTMENTS = ["public-security", "health", "civil-affairs", "human-resources-social-security"];

/** Sixty plausible department ids, the longest ones first so name limits are exercised. */
const SIXTY_DEPARTMENTS = Array.from({ length: 60 }, (_, i) =>
  i % 2 === 0 ? `municipal-housing-provident-fund-center-${i}` : `dept-${i}`,
);

describe("every queue can fail safely", () => {
  const topology = buildTopology({ departmentIds: DEPARTMENTS, prefix: "unit-test" });

  it("has a DLQ and a finite receive count", () => {
    for (const queue of allQueues(topology)) {
      expect(queue.deadLetterQueue.name).toMatch(/-dlq(\.fifo)?$/);
      expect(Number.isFinite(queue.maxReceiveCount)).toBe(true);
      expect(queue.maxReceiveCount).toBeGreaterThanOrEqual(1);
      expect(queue.maxReceiveCount).toBeLessThanOrEqual(10);
    }
  });

  it("keeps dead letters longer than their source keeps live ones, for the SQS maximum of 14 days", () => {
    for (const queue of allQueues(topology)) {
      expect(queue.deadLetterQueue.messageRetentionSeconds).toBe(14 * 24 * 3600);
      expect(queue.deadLetterQueue.messageRetentionSeconds).toBeGreaterThan(queue.messageRetentionSeconds);
    }
  });

  it("gives FIFO queues a FIFO DLQ and standard queues a standard DLQ", () => {
    const { orchestrator, results } = topology.queues;
    expect(orchestrator.fifo).not.toBeNull();
    expect(orchestrator.name.endsWith(".fifo")).toBe(true);
    expect(orchestrator.deadLetterQueue.fifo).not.toBeNull();
    expect(orchestrator.deadLetterQueue.name).toBe("unit-test-orchestrator-dlq.fifo");
    expect(results.deadLetterQueue.fifo).toBeNull();
    for (const queue of allQueues(topology)) {
      expect(queue.deadLetterQueue.fifo === null).toBe(queue.fifo === null);
    }
  });

  it("groups the orchestrator queue by case id without content-based deduplication", () => {
    expect(topology.queues.orchestrator.fifo).toMatchObject({
      contentBasedDeduplication: false,
      messageGroupIdFrom: "caseId",
    });
  });
});

describe("consumers", () => {
  const topology = buildTopology({ departmentIds: DEPARTMENTS });

  it("sets every function-consumed queue's visibility timeout to at least 6 × the function timeout", () => {
    for (const queue of allQueues(topology)) {
      if (queue.consumer.kind !== "function") continue;
      const consumer = topology.consumers[queue.consumer.function];
      expect(consumer.queue).toBe(queue.key);
      expect(queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
        VISIBILITY_TO_TIMEOUT_RATIO * consumer.timeoutSeconds,
      );
    }
  });

  it("wires orchestrator and results to our functions and department queues to the departments", () => {
    expect(topology.queues.orchestrator.consumer).toMatchObject({
      kind: "function",
      function: "orchestrator",
    });
    expect(topology.queues.results.consumer).toMatchObject({ kind: "function", function: "results" });
    for (const [departmentId, queue] of Object.entries(topology.queues.departments)) {
      expect(queue.consumer).toEqual({ kind: "department", departmentId });
    }
  });

  it("keeps event-source settings inside Lambda's limits", () => {
    for (const queue of allQueues(topology)) {
      if (queue.consumer.kind !== "function") continue;
      expect(queue.consumer.reportBatchItemFailures).toBe(true);
      expect(queue.consumer.maxConcurrency).toBeGreaterThanOrEqual(2);
      expect(queue.consumer.batchSize).toBeLessThanOrEqual(10);
      if (queue.fifo !== null) expect(queue.consumer.maxBatchingWindowSeconds).toBe(0);
    }
  });

  it("only asks for env vars the topology knows how to fill", () => {
    for (const consumer of Object.values(topology.consumers)) {
      for (const name of consumer.environment) expect(ENV_BINDINGS[name]).toBeDefined();
    }
    expect(topology.env[ENV.tableName]).toEqual({ kind: "tableName" });
    expect(topology.env[ENV.queueUrlPrefix]).toEqual({ kind: "queueUrlPrefix" });
  });

  it("derives every department queue and DLQ URL from the one queue URL prefix, with the queues' own names", () => {
    const base = "https://sqs.cn-north-1.amazonaws.com.cn/123456789012";
    const urlPrefix = queueUrlPrefix(base, topology.prefix);
    for (const [departmentId, queue] of Object.entries(topology.queues.departments)) {
      expect(departmentQueueUrls(urlPrefix, departmentId)).toEqual({
        url: `${base}/${queue.name}`,
        deadLetterUrl: `${base}/${queue.deadLetterQueue.name}`,
      });
    }
    const orchestrator = topology.queues.orchestrator;
    expect(queueUrlFromPrefix(urlPrefix, orchestrator.key, true)).toBe(`${base}/${orchestrator.name}`);
    expect(queueUrlFromPrefix(urlPrefix, orchestrator.key, true, "deadLetterQueue")).toBe(
      `${base}/${orchestrator.deadLetterQueue.name}`,
    );
  });

  it("refuses a queue URL prefix that does not end in a topology prefix", () => {
    expect(() => queueUrlFromPrefix("https://sqs.example/123/", "dept-health", false)).toThrow(
      InvalidTopologyError,
    );
  });
});

describe("the events queue and function", () => {
  const topology = buildTopology({ departmentIds: DEPARTMENTS, prefix: "unit-test" });

  it("is a standard queue consumed by the events function, like the results queue", () => {
    const events = topology.queues.events;
    expect(events).toMatchObject({
      key: "events",
      name: "unit-test-events",
      fifo: null,
      maxReceiveCount: 5,
      consumer: {
        kind: "function",
        function: "events",
        batchSize: 10,
        maxBatchingWindowSeconds: 1,
        maxConcurrency: 5,
      },
    });
    expect(events.deadLetterQueue).toMatchObject({
      name: "unit-test-events-dlq",
      fifo: null,
      messageRetentionSeconds: 14 * 24 * 3600,
    });
    expect(allQueues(topology)).toContain(events);
  });

  it("declares the events function: entry, limits, the secret (it starts cases) and its own DLQ", () => {
    expect(topology.functions.events).toMatchObject({
      name: "events",
      logicalId: "EventsFunction",
      entry: "functions/orchestrator/src/events-main.ts",
      trigger: { kind: "queue", queue: "events" },
      timeoutSeconds: 30,
      memorySizeMb: 512,
    });
    expect(topology.consumers.events).toBe(topology.functions.events);
    expect(topology.functions.events.environment).toEqual(
      expect.arrayContaining([ENV.eventsDeadLetterQueueUrl, ENV.taskTokenSecretArn]),
    );
  });

  it("lets every function send to the events queue and the api operate its DLQ", () => {
    for (const fn of Object.values(topology.functions)) {
      expect(fn.environment).toContain(ENV.eventsQueueUrl);
    }
    expect(topology.functions.api.environment).toContain(ENV.eventsDeadLetterQueueUrl);
    expect(topology.env[ENV.eventsQueueUrl]).toEqual({ kind: "queueUrl", queue: "events" });
    expect(topology.env[ENV.eventsDeadLetterQueueUrl]).toEqual({
      kind: "deadLetterQueueUrl",
      queue: "events",
    });
  });

  it("lists the external source systems, by default SOURCE_SYSTEMS", () => {
    expect(topology.sources).toEqual([...SOURCE_SYSTEMS]);
    expect(topology.sources).toContain("health-death-registry");
    expect(topology.sources).not.toContain("platform-cases");
    expect(buildTopology({ departmentIds: [], sourceIds: ["a-roster"] }).sources).toEqual(["a-roster"]);
  });
});

describe("table", () => {
  it("declares pk/sk, four ALL-projected GSIs, TTL on expiresAt and on-demand billing", () => {
    const { table } = buildTopology({ departmentIds: [], prefix: "unit-test" });
    expect(table.name).toBe("unit-test-table");
    expect([table.partitionKey.name, table.sortKey.name]).toEqual(["pk", "sk"]);
    expect(
      table.globalSecondaryIndexes.map((index) => [index.name, index.partitionKey.name, index.sortKey.name]),
    ).toEqual([
      ["gsi1", "gsi1pk", "gsi1sk"],
      ["gsi2", "gsi2pk", "gsi2sk"],
      ["gsi3", "gsi3pk", "gsi3sk"],
      ["gsi4", "gsi4pk", "gsi4sk"],
    ]);
    expect(table.globalSecondaryIndexes.every((index) => index.projection === "ALL")).toBe(true);
    expect(table.timeToLiveAttribute).toBe("expiresAt");
    expect(table.billingMode).toBe("PAY_PER_REQUEST");
  });
});

describe("names", () => {
  it("are valid SQS names for 60 departments under a test-length prefix, one queue per department", () => {
    const topology = buildTopology({ departmentIds: SIXTY_DEPARTMENTS, prefix: "it-messaging-k3x9q2" });
    expect(Object.keys(topology.queues.departments)).toEqual(SIXTY_DEPARTMENTS);
    const queues = allQueues(topology);
    expect(queues).toHaveLength(64);
    const names = queues.flatMap((queue) => [queue.name, queue.deadLetterQueue.name]);
    for (const queue of queues) {
      expect(isValidQueueName(queue.name, queue.fifo !== null)).toBe(true);
      expect(isValidQueueName(queue.deadLetterQueue.name, queue.deadLetterQueue.fifo !== null)).toBe(true);
    }
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(queues.map((queue) => queue.logicalId)).size).toBe(queues.length);
    expect(topology.queues.departments.health).toBeUndefined();
    expect(topology.queues.departments["dept-1"]?.name).toBe("it-messaging-k3x9q2-dept-dept-1");
  });

  it("derive every physical name from the prefix", () => {
    const topology = buildTopology({ departmentIds: ["health"], prefix: "stage-a" });
    for (const queue of allQueues(topology)) {
      expect(queue.name.startsWith("stage-a-")).toBe(true);
      expect(queue.deadLetterQueue.name.startsWith("stage-a-")).toBe(true);
    }
    expect(buildTopology({ departmentIds: ["health"] }).queues.results.name).toBe("onething-results");
  });

  it("validates SQS names", () => {
    expect(isValidQueueName("a".repeat(80), false)).toBe(true);
    expect(isValidQueueName("a".repeat(81), false)).toBe(false);
    expect(isValidQueueName(`${"a".repeat(75)}.fifo`, true)).toBe(true);
    expect(isValidQueueName("a.fifo", false)).toBe(false);
    expect(isValidQueueName("has space", false)).toBe(false);
    expect(isValidQueueName("", false)).toBe(false);
  });

  it("refuses source ids that are not kebab-case or are listed twice", () => {
    expect(() => buildTopology({ departmentIds: [], sourceIds: ["Health-Registry"] })).toThrow(/source id/);
    expect(() => buildTopology({ departmentIds: [], sourceIds: ["a", "a"] })).toThrow(/listed twice/);
  });

  it("refuses ids and prefixes that would make bad or ambiguous names, saying which", () => {
    expect(() => buildTopology({ departmentIds: ["Health"] })).toThrow(InvalidTopologyError);
    expect(() => buildTopology({ departmentIds: ["health", "health"] })).toThrow(/listed twice/);
    expect(() => buildTopology({ departmentIds: ["a-1", "a1"] })).toThrow(/logical id "DepartmentQueueA1"/);
    expect(() => buildTopology({ departmentIds: ["x".repeat(70)] })).toThrow(/not a valid SQS name/);
    expect(() => buildTopology({ departmentIds: [], prefix: "no spaces" })).toThrow(/prefix/);
  });
});

// The synthesised template, checked for behaviour (what each resource does, derived from the topology and the
// catalogue, never "there are N of these"): the functions, their bundles, event sources and schedule, and who may
// do what (least privilege, from the topology's environment lists). The one file that bundles (esbuild, slow).

import { allQueues, ENV, VISIBILITY_TO_TIMEOUT_RATIO } from "@onething/topology";
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { bundleSizes } from "../src/bundle-size.ts";
import { departmentExternalId } from "../src/department-roles.ts";
import { DOCUMENTS_BUCKET_ENV } from "../src/documents.ts";
import { STAGES } from "../src/stages.ts";
import { arnOf, type Resource, ref, synthesiseStages } from "./support.ts";

const { dev, template, topology, resources, idOf, queuesByName } = synthesiseStages({ bundleDev: true });

describe("consumers", () => {
  const mappings = resources("AWS::Lambda::EventSourceMapping");
  const functionsById = new Map(resources("AWS::Lambda::Function"));

  it("connects each function consumer to its queue with ReportBatchItemFailures, batch size and concurrency", () => {
    const consumers = allQueues(topology).flatMap((q) => (q.consumer.kind === "function" ? [q] : []));
    expect(mappings).toHaveLength(consumers.length);
    for (const queue of consumers) {
      if (queue.consumer.kind !== "function") continue;
      const fn = dev.stack.functions[queue.consumer.function];
      const mapping = mappings.find(
        ([, m]) =>
          JSON.stringify(m.Properties.EventSourceArn) ===
          JSON.stringify(arnOf(queuesByName.get(queue.name)?.id ?? "")),
      );
      expect(mapping?.[1].Properties, queue.name).toMatchObject({
        FunctionName: ref(idOf(fn.function)),
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        BatchSize: queue.consumer.batchSize,
        ScalingConfig: { MaximumConcurrency: queue.consumer.maxConcurrency },
      });
    }
  });

  it("every event source mapping reports batch item failures", () => {
    for (const [id, mapping] of mappings) {
      expect(mapping.Properties.FunctionResponseTypes, id).toEqual(["ReportBatchItemFailures"]);
    }
  });

  it("every consumed queue's visibility timeout is at least 6 × its function's timeout", () => {
    const queuesById = new Map(resources("AWS::SQS::Queue"));
    for (const [id, mapping] of mappings) {
      const queueId = (mapping.Properties.EventSourceArn as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
      const functionId = (mapping.Properties.FunctionName as { Ref: string }).Ref;
      const visibility = queuesById.get(queueId)?.Properties.VisibilityTimeout as number;
      const timeout = functionsById.get(functionId)?.Properties.Timeout as number;
      expect(timeout, id).toBeGreaterThan(0);
      expect(visibility, id).toBeGreaterThanOrEqual(VISIBILITY_TO_TIMEOUT_RATIO * timeout);
    }
  });
});

describe("functions", () => {
  it.each(Object.values(topology.functions).map((spec) => [spec.name, spec] as const))(
    "%s: Node 24 on ARM64, the topology's timeout and memory, JSON logs to its own group, tracing",
    (_name, spec) => {
      const fn = dev.stack.functions[spec.name];
      template.hasResource("AWS::Lambda::Function", {
        Properties: Match.objectLike({
          Runtime: "nodejs24.x",
          Architectures: ["arm64"],
          Handler: "index.handler",
          Timeout: spec.timeoutSeconds,
          MemorySize: spec.memorySizeMb,
          TracingConfig: { Mode: "Active" },
          LoggingConfig: Match.objectLike({ LogFormat: "JSON", LogGroup: ref(idOf(fn.logGroup)) }),
          Role: arnOf(idOf(fn.role)),
        }),
      });
      template.hasResourceProperties("AWS::Logs::LogGroup", Match.anyValue());
      expect(
        (template.findResources("AWS::Logs::LogGroup")[idOf(fn.logGroup)] as Resource).Properties
          .RetentionInDays,
      ).toBe(STAGES.dev.logRetentionDays);
    },
  );

  it.each(Object.values(topology.functions).map((spec) => [spec.name, spec] as const))(
    "%s: its environment holds exactly the variables the topology lists (plus runtime settings)",
    (_name, spec) => {
      const fn = resources("AWS::Lambda::Function").find(
        ([id]) => id === idOf(dev.stack.functions[spec.name].function),
      );
      if (!fn) throw new Error(`no function ${spec.name}`);
      const variables = (fn[1].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const runtimeSettings = ["NODE_OPTIONS", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE"];
      // The documents bucket is set on the API function by infra/src/documents.ts (read by `documentsFromEnv`).
      const documents = spec.name === "api" ? [DOCUMENTS_BUCKET_ENV] : [];
      expect(Object.keys(variables).sort()).toEqual(
        [...spec.environment, ...runtimeSettings, ...documents].sort(),
      );
      expect(variables).not.toHaveProperty(ENV.taskTokenSecret);
    },
  );

  it("keeps every function's environment under Lambda's 4 KB, counting each deploy-time value at its longest", () => {
    // A resolved identifier (queue URL, ARN, table name) is at most 256 characters here: SQS names are ≤ 80, ARNs
    // of this stack's resources well under 200.
    const LONGEST_VALUE = 256;
    const sizeOf = (value: unknown): number => (typeof value === "string" ? value.length : LONGEST_VALUE);
    let largest = 0;
    for (const [id, fn] of resources("AWS::Lambda::Function")) {
      const variables = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables;
      if (!variables) continue;
      const size = Object.entries(variables).reduce(
        (sum, [name, value]) => sum + name.length + sizeOf(value),
        0,
      );
      expect(size, id).toBeLessThan(4096);
      largest = Math.max(largest, size);
    }
    expect(largest).toBeGreaterThan(0);
  });

  it("bundles each function with esbuild into a minified ESM bundle with a source map", () => {
    const sizes = bundleSizes(dev.stack, dev.assembly);
    expect(sizes.map((s) => s.function).sort()).toEqual(Object.keys(topology.functions).sort());
    for (const size of sizes) {
      expect(size.bytes, size.function).toBeGreaterThan(10_000);
      // Minified: the unminified bundles are about twice this.
      expect(size.bytes, size.function).toBeLessThan(2 * 1024 * 1024);
      expect(size.gzipBytes).toBeLessThan(size.bytes);
      expect(size.sourceMapBytes).toBeGreaterThan(0);
    }
  });

  it("runs the sweeper on the topology's schedule", () => {
    const trigger = topology.functions.sweeper.trigger;
    expect(trigger).toEqual({ kind: "schedule", everyMinutes: 1 });
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      State: "ENABLED",
      Targets: [Match.objectLike({ Arn: arnOf(idOf(dev.stack.functions.sweeper.function)) })],
    });
  });
});

describe("sweeper: one sweep at a time", () => {
  it("turns off Lambda's async retries for the sweeper (a retried sweep would overlap the next one)", () => {
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: ref(idOf(dev.stack.functions.sweeper.function)),
      MaximumRetryAttempts: 0,
      Qualifier: "$LATEST",
    });
  });
});

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown };
const statementsOf = (policy: Resource): Statement[] =>
  (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
// A role whose inline policy outgrows IAM's limit gets CDK's overflow managed policies: both hold its grants.
const allPolicies = () => [...resources("AWS::IAM::Policy"), ...resources("AWS::IAM::ManagedPolicy")];
const policiesOfRole = (roleId: string) =>
  allPolicies().filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`));
const actionsOn = (roleId: string, resourceId: string): string[] =>
  policiesOfRole(roleId).flatMap(([, p]) =>
    statementsOf(p)
      .filter((s) => JSON.stringify(s.Resource).includes(`"${resourceId}"`))
      .flatMap((s) => [s.Action].flat()),
  );

describe("least privilege", () => {
  it("gives each department's role its own queue to consume and the results queue to answer on, nothing else", () => {
    const results = queuesByName.get(topology.queues.results.name)?.id ?? "";
    for (const [departmentId, spec] of Object.entries(topology.queues.departments)) {
      const roleId = idOf(dev.stack.departmentRoles[departmentId] as never);
      const own = queuesByName.get(spec.name)?.id ?? "";
      const named = new Set(
        policiesOfRole(roleId).flatMap(([, p]) =>
          statementsOf(p).map((s) => (s.Resource as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0]),
        ),
      );
      expect([...named].sort(), departmentId).toEqual([own, results].sort());
      expect(actionsOn(roleId, own).sort()).toEqual(
        [
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
          "sqs:ReceiveMessage",
        ].sort(),
      );
      expect(actionsOn(roleId, results)).toContain("sqs:SendMessage");
      expect(actionsOn(roleId, results)).not.toContain("sqs:ReceiveMessage");
    }
  });

  it("lets a department's role be assumed only with its ExternalId (by default from the deploying account)", () => {
    const role = dev.stack.departmentRoles.health;
    const [, resource] = resources("AWS::IAM::Role").find(([id]) => id === idOf(role as never)) ?? [];
    if (!resource) throw new Error("no role for health");
    const [statement] = (
      resource.Properties.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] }
    ).Statement;
    expect(statement).toMatchObject({
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": departmentExternalId(STAGES.dev, "health") } },
    });
  });

  it("has no IAM statement on '*' except X-Ray's (which supports no resources) and CDK's deployment provider", () => {
    const allowed = new Set(["xray:PutTraceSegments", "xray:PutTelemetryRecords"]);
    const cdkProvider = new Set(["cloudfront:GetInvalidation", "cloudfront:CreateInvalidation"]);
    // CDK's rotation schedule grants GetRandomPassword (no resource type) to the rotation function.
    const rotation = new Set([...allowed, "secretsmanager:GetRandomPassword"]);
    for (const [id, policy] of allPolicies()) {
      for (const statement of statementsOf(policy)) {
        const resourcesNamed = [statement.Resource].flat();
        if (!resourcesNamed.includes("*")) continue;
        const actions = [statement.Action].flat();
        const permitted = id.startsWith("CustomCDKBucketDeployment")
          ? cdkProvider
          : id.startsWith("TaskKeyRotationFunction")
            ? rotation
            : allowed;
        expect(
          actions.filter((a) => !permitted.has(a)),
          id,
        ).toEqual([]);
      }
    }
  });

  it("lets only the functions that sign or verify task tokens read the secret", () => {
    const secretId = idOf(dev.stack.taskTokenSecret);
    const readers = Object.values(dev.stack.functions)
      .filter((fn) => actionsOn(idOf(fn.role), secretId).includes("secretsmanager:GetSecretValue"))
      .map((fn) => fn.spec.name);
    const declared = Object.values(topology.functions)
      .filter((spec) => spec.environment.includes(ENV.taskTokenSecretArn))
      .map((spec) => spec.name);
    expect(readers.sort()).toEqual(declared.sort());
    expect(readers).not.toContain("sweeper");
    // No department role, and no other role, may read it.
    // (The rotation function reads it too: infra/test/task-key-rotation.unit.test.ts.)
    const otherReaders = allPolicies().filter(
      ([, p]) =>
        JSON.stringify(statementsOf(p)).includes(`"${secretId}"`) &&
        ![...Object.values(dev.stack.functions), dev.stack.taskKeyRotation].some((fn) =>
          JSON.stringify(p.Properties.Roles).includes(idOf(fn.role)),
        ),
    );
    expect(otherReaders).toEqual([]);
  });

  it("lets only the operator function (api) receive from DLQs, and each consumer send poison to its own DLQ only", () => {
    const dlqIds = allQueues(topology).map((q) => queuesByName.get(q.deadLetterQueue.name)?.id ?? "");
    for (const fn of Object.values(dev.stack.functions)) {
      const roleId = idOf(fn.role);
      const receivesFromDlq = dlqIds.some((id) => actionsOn(roleId, id).includes("sqs:ReceiveMessage"));
      expect(receivesFromDlq, fn.spec.name).toBe(fn.spec.name === "api");
      const sendsToDlq = dlqIds.filter((id) => actionsOn(roleId, id).includes("sqs:SendMessage"));
      if (fn.spec.name === "orchestrator" || fn.spec.name === "results" || fn.spec.name === "events") {
        expect(sendsToDlq).toEqual([
          queuesByName.get(topology.queues[fn.spec.name].deadLetterQueue.name)?.id,
        ]);
      }
      if (fn.spec.name === "sweeper") expect(sendsToDlq).toEqual([]);
    }
  });

  it("lets every function send to the events queue (the outbox's data events), and only its consumer receive", () => {
    const eventsId = queuesByName.get(topology.queues.events.name)?.id ?? "";
    for (const fn of Object.values(dev.stack.functions)) {
      const actions = actionsOn(idOf(fn.role), eventsId);
      expect(actions, fn.spec.name).toContain("sqs:SendMessage");
      expect(actions.includes("sqs:ReceiveMessage"), fn.spec.name).toBe(fn.spec.name === "events");
    }
  });

  it("lets every function send to each department queue (the outbox), and only the api read one (the pull)", () => {
    for (const spec of Object.values(topology.queues.departments)) {
      const queueId = queuesByName.get(spec.name)?.id ?? "";
      for (const fn of Object.values(dev.stack.functions)) {
        const actions = actionsOn(idOf(fn.role), queueId);
        expect(actions, `${fn.spec.name} → ${spec.name}`).toContain("sqs:SendMessage");
        expect(actions.includes("sqs:ReceiveMessage"), `${fn.spec.name} → ${spec.name}`).toBe(
          fn.spec.name === "api",
        );
      }
    }
  });
});

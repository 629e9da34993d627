// The synthesised template, checked for behaviour: what each resource does, derived from the topology and the
// catalogue, never "there are N of these". One synthesis per stage for the whole file (bundling is slow).

import { FINAL_CASE_STATUSES } from "@onething/domain";
import { loadSeedCatalogue } from "@onething/seeds";
import { allQueues, ENV, VISIBILITY_TO_TIMEOUT_RATIO } from "@onething/topology";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { afterAll, describe, expect, it } from "vitest";
import { bundleSizes } from "../src/bundle-size.ts";
import { departmentAgeThresholdSeconds } from "../src/monitoring.ts";
import { departmentExternalId, PUBLIC_ROUTES } from "../src/stack.ts";
import { STAGES } from "../src/stages.ts";
import { PROD_CONTEXT, prodStage, synthesise } from "./support.ts";

const catalogue = loadSeedCatalogue();
const dev = synthesise({ stage: STAGES.dev, bundle: true });
const prod = synthesise({ stage: prodStage(), bundle: false });
afterAll(() => {
  dev.cleanup();
  prod.cleanup();
});
const template = Template.fromStack(dev.stack);
const prodTemplate = Template.fromStack(prod.stack);
const topology = dev.stack.topology;

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
const resources = (type: string, t: Template = template): [string, Resource][] =>
  Object.entries(t.findResources(type) as Record<string, Resource>);
const ref = (logicalId: string) => ({ Ref: logicalId });
const arnOf = (logicalId: string) => ({ "Fn::GetAtt": [logicalId, "Arn"] });
/** The logical id CloudFormation knows a construct's resource by. */
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  dev.stack.getLogicalId(construct.node.defaultChild as never);

const queuesByName = new Map(
  resources("AWS::SQS::Queue").map(([id, r]) => [r.Properties.QueueName as string, { id, ...r }]),
);

describe("queues: exactly the topology's, so local and AWS cannot drift", () => {
  it("synthesises the set of queues and DLQs the topology declares, and no other", () => {
    const declared = allQueues(topology).flatMap((q) => [q.name, q.deadLetterQueue.name]);

    expect([...queuesByName.keys()].sort()).toEqual(declared.sort());
  });

  it.each(allQueues(topology).map((q) => [q.name, q] as const))(
    "%s: FIFO-ness, timeouts, retention and its DLQ with the topology's max receive count",
    (_name, spec) => {
      const queue = queuesByName.get(spec.name);
      const dlq = queuesByName.get(spec.deadLetterQueue.name);
      expect(queue?.Properties).toMatchObject({
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        MessageRetentionPeriod: spec.messageRetentionSeconds,
        ReceiveMessageWaitTimeSeconds: spec.receiveWaitTimeSeconds,
        RedrivePolicy: { deadLetterTargetArn: arnOf(dlq?.id ?? "?"), maxReceiveCount: spec.maxReceiveCount },
      });
      expect(queue?.Properties.FifoQueue ?? false).toBe(spec.fifo !== null);
      expect(dlq?.Properties.FifoQueue ?? false).toBe(spec.deadLetterQueue.fifo !== null);
      if (spec.fifo) {
        expect(queue?.Properties).toMatchObject({
          ContentBasedDeduplication: spec.fifo.contentBasedDeduplication,
          DeduplicationScope: spec.fifo.deduplicationScope,
          FifoThroughputLimit: spec.fifo.fifoThroughputLimit,
        });
      }
    },
  );

  it("gives every queue that is not a DLQ a DLQ with a finite max receive count; DLQs keep 14 days", () => {
    const deadLetterIds = new Set<string>();
    for (const [, queue] of resources("AWS::SQS::Queue")) {
      const redrive = queue.Properties.RedrivePolicy as
        | { deadLetterTargetArn: { "Fn::GetAtt": [string, string] }; maxReceiveCount: number }
        | undefined;
      if (redrive) deadLetterIds.add(redrive.deadLetterTargetArn["Fn::GetAtt"][0]);
    }
    for (const [id, queue] of resources("AWS::SQS::Queue")) {
      if (deadLetterIds.has(id)) {
        expect(queue.Properties.MessageRetentionPeriod, id).toBe(14 * 24 * 60 * 60);
        expect(queue.Properties.RedrivePolicy, id).toBeUndefined();
        continue;
      }
      const redrive = queue.Properties.RedrivePolicy as { maxReceiveCount: number } | undefined;
      expect(Number.isInteger(redrive?.maxReceiveCount), id).toBe(true);
      expect(redrive?.maxReceiveCount, id).toBeGreaterThanOrEqual(1);
      expect(redrive?.maxReceiveCount, id).toBeLessThanOrEqual(10);
    }
    expect(deadLetterIds.size).toBe(allQueues(topology).length);
  });

  it("encrypts every queue and refuses non-TLS access to it", () => {
    for (const [id, queue] of resources("AWS::SQS::Queue")) {
      expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
    }
    const queuesWithTlsPolicy = new Set(
      resources("AWS::SQS::QueuePolicy").flatMap(([, policy]) => {
        const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
          .Statement;
        const denies = statements.some(
          (s) =>
            s.Effect === "Deny" && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
        );
        return denies ? (policy.Properties.Queues as { Ref: string }[]).map((q) => q.Ref) : [];
      }),
    );
    expect([...queuesWithTlsPolicy].sort()).toEqual(
      resources("AWS::SQS::Queue")
        .map(([id]) => id)
        .sort(),
    );
  });
});

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

describe("table", () => {
  const [[, table]] = resources("AWS::DynamoDB::Table") as [[string, Resource]];

  it("is on-demand with the topology's keys, GSIs and TTL, PITR on, encrypted with the customer-managed key", () => {
    const spec = topology.table;
    const keyId = idOf(dev.stack.dataKey);
    expect(table.Properties).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: spec.partitionKey.name, KeyType: "HASH" },
        { AttributeName: spec.sortKey.name, KeyType: "RANGE" },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: "KMS", KMSMasterKeyId: arnOf(keyId) },
    });
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      spec.globalSecondaryIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: "HASH" },
          { AttributeName: index.sortKey.name, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    );
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("is deletion-protected and retained in prod, disposable in dev", () => {
    const [[, prodTable]] = resources("AWS::DynamoDB::Table", prodTemplate) as [[string, Resource]];
    expect(prodTable.Properties.DeletionProtectionEnabled).toBe(true);
    expect(prodTable.DeletionPolicy).toBe("Retain");
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe("Delete");
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
      expect(Object.keys(variables).sort()).toEqual([...spec.environment, ...runtimeSettings].sort());
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

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown };
const statementsOf = (policy: Resource): Statement[] =>
  (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
const policiesOfRole = (roleId: string) =>
  resources("AWS::IAM::Policy").filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`));
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
    for (const [id, policy] of resources("AWS::IAM::Policy")) {
      for (const statement of statementsOf(policy)) {
        const resourcesNamed = [statement.Resource].flat();
        if (!resourcesNamed.includes("*")) continue;
        const actions = [statement.Action].flat();
        const permitted = id.startsWith("CustomCDKBucketDeployment") ? cdkProvider : allowed;
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
    const otherReaders = resources("AWS::IAM::Policy").filter(
      ([, p]) =>
        JSON.stringify(statementsOf(p)).includes(`"${secretId}"`) &&
        !Object.values(dev.stack.functions).some((fn) =>
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
      if (fn.spec.name === "orchestrator" || fn.spec.name === "results") {
        expect(sendsToDlq).toEqual([
          queuesByName.get(topology.queues[fn.spec.name].deadLetterQueue.name)?.id,
        ]);
      }
      if (fn.spec.name === "sweeper") expect(sendsToDlq).toEqual([]);
    }
  });

  it("lets every function send to each department queue (the outbox), and no department queue be read by one", () => {
    for (const spec of Object.values(topology.queues.departments)) {
      const queueId = queuesByName.get(spec.name)?.id ?? "";
      for (const fn of Object.values(dev.stack.functions)) {
        const actions = actionsOn(idOf(fn.role), queueId);
        expect(actions, `${fn.spec.name} → ${spec.name}`).toContain("sqs:SendMessage");
        expect(actions, `${fn.spec.name} → ${spec.name}`).not.toContain("sqs:ReceiveMessage");
      }
    }
  });
});

describe("HTTP API", () => {
  const routes = resources("AWS::ApiGatewayV2::Route");

  it("puts the JWT authorizer on every route except the public catalogue, registry and OpenAPI ones", () => {
    const authorizerId = resources("AWS::ApiGatewayV2::Authorizer")[0]?.[0] ?? "";
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(
      ["ANY /v1/{proxy+}", ...PUBLIC_ROUTES].sort(),
    );
    for (const [, route] of routes) {
      const key = route.Properties.RouteKey as string;
      if ((PUBLIC_ROUTES as readonly string[]).includes(key)) {
        expect(route.Properties.AuthorizationType, key).toBe("NONE");
      } else {
        expect(route.Properties, key).toMatchObject({
          AuthorizationType: "JWT",
          AuthorizerId: ref(authorizerId),
        });
      }
    }
  });

  it("takes the authorizer's issuer and audience from the stage", () => {
    for (const [stage, t] of [
      [STAGES.dev, template],
      [prodStage(), prodTemplate],
    ] as const) {
      t.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
        AuthorizerType: "JWT",
        IdentitySource: ["$request.header.Authorization"],
        JwtConfiguration: { Issuer: stage.jwt.issuer, Audience: [...stage.jwt.audience] },
      });
    }
  });

  it("throttles the default stage per the stage config and writes access logs without PII", () => {
    const [[, stage]] = resources("AWS::ApiGatewayV2::Stage") as [[string, Resource]];
    expect(stage.Properties).toMatchObject({
      StageName: "$default",
      DefaultRouteSettings: {
        ThrottlingRateLimit: STAGES.dev.throttle.rateLimit,
        ThrottlingBurstLimit: STAGES.dev.throttle.burstLimit,
      },
    });
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
    const fields = Object.values(JSON.parse(format) as Record<string, string>);
    expect(fields).toContain("$context.requestId");
    expect(fields).toContain("$context.routeKey");
    // The path carries case ids and task tokens; the IP, user agent and claims identify people.
    for (const pii of [
      "$context.path",
      "$context.identity.sourceIp",
      "$context.identity.userAgent",
      "claims",
    ]) {
      expect(format).not.toContain(pii);
    }
  });
});

describe("monitoring", () => {
  const alarms = resources("AWS::CloudWatch::Alarm");
  const topicId = idOf(dev.stack.monitoring.topic);

  it("sends every alarm to the SNS topic", () => {
    for (const [id, alarm] of alarms) expect(alarm.Properties.AlarmActions, id).toEqual([ref(topicId)]);
  });

  it("alarms on any message in any DLQ", () => {
    for (const spec of allQueues(topology)) {
      const dlq = spec.deadLetterQueue.name;
      const found = alarms.filter(([, a]) =>
        JSON.stringify(a.Properties.Dimensions ?? "").includes(`"${queuesByName.get(dlq)?.id}"`),
      );
      expect(
        found.map(([, a]) => a.Properties),
        dlq,
      ).toContainEqual(
        expect.objectContaining({
          MetricName: "ApproximateNumberOfMessagesVisible",
          Threshold: 1,
          ComparisonOperator: "GreaterThanOrEqualToThreshold",
        }),
      );
    }
  });

  it("alarms when a department queue's oldest message is older than the department's time limit allows", () => {
    for (const [departmentId, spec] of Object.entries(topology.queues.departments)) {
      const queueId = queuesByName.get(spec.name)?.id;
      const found = alarms.find(
        ([, a]) =>
          a.Properties.MetricName === "ApproximateAgeOfOldestMessage" &&
          JSON.stringify(a.Properties.Dimensions).includes(`"${queueId}"`),
      );
      const threshold = departmentAgeThresholdSeconds(catalogue, departmentId, spec.messageRetentionSeconds);
      expect(found?.[1].Properties.Threshold, departmentId).toBe(threshold);
      expect(threshold).toBeLessThan(spec.messageRetentionSeconds);
    }
  });

  it("derives a department's age limit from its shortest item time limit, capped below retention", () => {
    const day = 24 * 60 * 60;
    const limits = catalogue.bundles.flatMap((b) =>
      b.items.filter((i) => i.department === "health").map((i) => i.timeLimitWorkingDays),
    );
    expect(departmentAgeThresholdSeconds(catalogue, "health", 7 * day)).toBe(
      Math.min(Math.min(...limits) * day, 6 * day),
    );
    expect(departmentAgeThresholdSeconds(catalogue, "no-such-department", 7 * day)).toBe(6 * day);
  });

  it("alarms on each function's error rate and throttles, with the stage's thresholds", () => {
    for (const fn of Object.values(dev.stack.functions)) {
      const fnId = idOf(fn.function);
      const throttles = alarms.find(
        ([, a]) =>
          a.Properties.MetricName === "Throttles" && JSON.stringify(a.Properties.Dimensions).includes(fnId),
      );
      expect(throttles?.[1].Properties.Threshold, fn.spec.name).toBe(STAGES.dev.alarms.throttles);
      const errorRate = alarms.find(([, a]) => JSON.stringify(a.Properties.Metrics ?? "").includes(fnId));
      expect(errorRate?.[1].Properties.Threshold, fn.spec.name).toBe(STAGES.dev.alarms.errorRatePercent);
    }
    const prodRates = resources("AWS::CloudWatch::Alarm", prodTemplate)
      .filter(([, a]) => a.Properties.Metrics !== undefined)
      .map(([, a]) => a.Properties.Threshold);
    expect(new Set(prodRates)).toEqual(new Set([STAGES.prod.alarms.errorRatePercent]));
  });

  it("shows cases per bundle and outcome, items overdue, and each department queue's depth and age", () => {
    const [[, dashboard]] = resources("AWS::CloudWatch::Dashboard") as [[string, Resource]];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const bundle of catalogue.bundles) {
      for (const outcome of FINAL_CASE_STATUSES) expect(body).toContain(`${bundle.id} ${outcome}`);
    }
    expect(body).toContain("CasesFinished");
    expect(body).toContain("ItemsOverdue");
    for (const name of [
      "ApproximateNumberOfMessagesVisible",
      "ApproximateAgeOfOldestMessage",
      "Errors",
      "Throttles",
    ]) {
      expect(body).toContain(name);
    }
    for (const spec of Object.values(topology.queues.departments)) {
      expect(body).toContain(spec.key);
      expect(body).toContain(spec.deadLetterQueue.name);
    }
  });
});

describe("web site", () => {
  it("serves a private, TLS-only, encrypted bucket through CloudFront with origin access control", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({}),
    });
    template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", Match.anyValue());
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("forwards /v1/* to the HTTP API uncached with every viewer header but Host, and falls back to index.html", () => {
    const [[, distribution]] = resources("AWS::CloudFront::Distribution") as [[string, Resource]];
    const config = distribution.Properties.DistributionConfig as {
      CacheBehaviors: Record<string, unknown>[];
      DefaultRootObject: string;
      DefaultCacheBehavior: { FunctionAssociations: unknown[] };
      CustomErrorResponses?: unknown;
    };
    expect(config.CacheBehaviors).toEqual([
      expect.objectContaining({
        PathPattern: "/v1/*",
        // AWS managed policies: CachingDisabled, AllViewerExceptHostHeader.
        CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
        AllowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
      }),
    ]);
    expect(config.DefaultRootObject).toBe("index.html");
    expect(config.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    // Distribution-wide error pages would also rewrite the API's own 403/404s.
    expect(config.CustomErrorResponses).toBeUndefined();
    template.hasResourceProperties("Custom::CDKBucketDeployment", Match.anyValue());
  });
});

describe("stages", () => {
  it("puts the stage in the stack id and every derived physical name", () => {
    expect(dev.stack.stackName).toBe("OneThing-dev");
    expect(prod.stack.stackName).toBe("OneThing-prod");
    for (const name of queuesByName.keys()) expect(name.startsWith("onething-dev-")).toBe(true);
    for (const [, q] of resources("AWS::SQS::Queue", prodTemplate)) {
      expect((q.Properties.QueueName as string).startsWith("onething-prod-")).toBe(true);
    }
  });

  it("names no physical resource other than the topology's queues", () => {
    const named = Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(
      ([, r]) =>
        r.Type !== "AWS::SQS::Queue" &&
        ["TableName", "FunctionName", "RoleName", "BucketName", "TopicName", "LogGroupName", "Name"].some(
          (p) => typeof r.Properties?.[p] === "string",
        ),
    );
    // The API, its authorizer and the CloudFront function require a name (the authorizer's is unique within its
    // API only); CDK derives them from the construct path.
    const required = ["AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Authorizer", "AWS::CloudFront::Function"];
    expect(named.filter(([, r]) => !required.includes(r.Type))).toEqual([]);
  });
});

describe("cdk-nag AwsSolutions", () => {
  it.each([
    ["dev", dev],
    ["prod", prod],
  ] as const)("%s: no unsuppressed finding", (_name, synthesised) => {
    const annotations = Annotations.fromStack(synthesised.stack);
    const findings = [
      ...annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")),
      ...annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")),
    ];
    expect(findings.map((f) => `${f.id}: ${String(f.entry.data).slice(0, 80)}`)).toEqual([]);
  });

  it("every suppression carries a specific reason", () => {
    const suppressions = Object.values(
      template.toJSON().Resources as Record<string, { Metadata?: unknown }>,
    ).flatMap(
      (r) =>
        (r.Metadata as { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } })?.cdk_nag
          ?.rules_to_suppress ?? [],
    );
    expect(suppressions.length).toBeGreaterThan(0);
    for (const s of suppressions) expect(s.reason.length, s.id).toBeGreaterThanOrEqual(60);
  });
});

describe("stage configuration from context (prod)", () => {
  it("takes the JWT issuer and audiences from the context", () => {
    prodTemplate.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      JwtConfiguration: {
        Issuer: PROD_CONTEXT.jwtIssuer,
        Audience: ["onething", "onething-ops"],
      },
    });
  });

  it("lets each department's role be assumed only from the department's own account, with its ExternalId", () => {
    const principals = JSON.parse(PROD_CONTEXT.departmentPrincipals as string) as Record<
      string,
      { account: string; externalId: string }
    >;
    for (const [departmentId, role] of Object.entries(prod.stack.departmentRoles)) {
      const id = prod.stack.getLogicalId(role.node.defaultChild as never);
      const [statement] = (
        prodTemplate.toJSON().Resources[id].Properties.AssumeRolePolicyDocument as {
          Statement: Record<string, unknown>[];
        }
      ).Statement;
      const expected = principals[departmentId];
      expect(JSON.stringify(statement?.Principal), departmentId).toContain(`:iam::${expected?.account}:root`);
      expect(JSON.stringify(statement?.Principal), departmentId).not.toContain("AWS::AccountId");
      expect(statement?.Condition).toEqual({ StringEquals: { "sts:ExternalId": expected?.externalId } });
    }
  });

  it("dev synthesises with its placeholders, and says so in a warning that is not a cdk-nag finding", () => {
    const warnings = Annotations.fromStack(dev.stack).findWarning(
      "*",
      Match.stringLikeRegexp("stage dev is not fit for production"),
    );
    expect(warnings).toHaveLength(1);
    const text = String(warnings[0]?.entry.data);
    expect(text).toContain("jwtIssuer");
    expect(text).toContain("departmentPrincipals");
    expect(text).not.toMatch(/AwsSolutions-/);
    expect(
      Annotations.fromStack(prod.stack).findWarning("*", Match.stringLikeRegexp("not fit for production")),
    ).toEqual([]);
  });
});

describe("web site: headers and caching", () => {
  it("attaches the security headers policy (HSTS, nosniff, DENY, referrer policy, same-origin CSP) to every behaviour", () => {
    template.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 31_536_000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: "DENY", Override: true },
          ReferrerPolicy: { ReferrerPolicy: "strict-origin-when-cross-origin", Override: true },
          ContentSecurityPolicy: {
            ContentSecurityPolicy:
              "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
            Override: true,
          },
        },
      }),
    });
    const policyId = idOf(dev.stack.webSite.securityHeaders);
    const [[, distribution]] = resources("AWS::CloudFront::Distribution") as [[string, Resource]];
    const config = distribution.Properties.DistributionConfig as {
      CacheBehaviors: Record<string, unknown>[];
      DefaultCacheBehavior: Record<string, unknown>;
    };
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behaviour.ResponseHeadersPolicyId).toEqual(ref(policyId));
    }
  });

  it("never prunes old assets; hashed assets are immutable for a year, index.html revalidated, assets first", () => {
    const deployments = resources("Custom::CDKBucketDeployment");
    expect(deployments).toHaveLength(2);
    for (const [id, d] of deployments) expect(d.Properties.Prune, id).toBe(false);
    const assets = deployments.find(([, d]) => JSON.stringify(d.Properties.Include) === '["assets/*"]');
    const pages = deployments.find(([, d]) => JSON.stringify(d.Properties.Exclude) === '["assets/*"]');
    expect(assets?.[1].Properties).toMatchObject({
      Exclude: ["*"],
      SystemMetadata: { "cache-control": "public, max-age=31536000, immutable" },
    });
    expect(assets?.[1].Properties.DistributionPaths).toBeUndefined();
    expect(pages?.[1].Properties).toMatchObject({
      SystemMetadata: { "cache-control": "no-cache" },
      DistributionPaths: ["/index.html"],
    });
    expect(pages?.[1].Properties.Include).toBeUndefined();
    const dependsOn = (template.toJSON().Resources[pages?.[0] ?? ""] as { DependsOn?: string[] }).DependsOn;
    expect(dependsOn).toContain(assets?.[0]);
  });
});

describe("alarms reach someone", () => {
  const prodTopicId = prod.stack.getLogicalId(prod.stack.monitoring.topic.node.defaultChild as never);

  it("subscribes the stage's alarm e-mail to the topic (required in prod, none given in dev)", () => {
    prodTemplate.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: PROD_CONTEXT.alarmEmail,
      TopicArn: ref(prodTopicId),
    });
    template.resourceCountIs("AWS::SNS::Subscription", 0);
  });

  it("outputs the topic's ARN and the dashboard's name and URL", () => {
    const outputs = prodTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.AlarmTopicArn?.Value).toEqual(ref(prodTopicId));
    const dashboardId = prod.stack.getLogicalId(prod.stack.monitoring.dashboard.node.defaultChild as never);
    expect(outputs.DashboardName?.Value).toEqual(ref(dashboardId));
    expect(JSON.stringify(outputs.DashboardUrl?.Value)).toContain("#dashboards:name=");
    expect(JSON.stringify(outputs.DashboardUrl?.Value)).toContain(JSON.stringify(ref(dashboardId)));
  });

  it("lets CloudWatch use the alarm key only for this account, and keeps the key in prod", () => {
    const keyOf = (s: typeof dev | typeof prod, t: Template) => {
      const id = s.stack.getLogicalId(s.stack.monitoring.topic.masterKey?.node.defaultChild as never);
      return t.toJSON().Resources[id] as Resource;
    };
    for (const [s, t] of [
      [dev, template],
      [prod, prodTemplate],
    ] as const) {
      const statements = (keyOf(s, t).Properties.KeyPolicy as { Statement: Record<string, unknown>[] })
        .Statement;
      const cloudwatch = statements.filter(
        (st) => JSON.stringify(st.Principal) === JSON.stringify({ Service: "cloudwatch.amazonaws.com" }),
      );
      expect(cloudwatch).toHaveLength(1);
      expect(cloudwatch[0]?.Condition).toEqual({
        StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
      });
    }
    expect(keyOf(prod, prodTemplate).DeletionPolicy).toBe("Retain");
    expect(keyOf(dev, template).DeletionPolicy).toBe("Delete");
  });

  it("alarms on the HTTP API's 5xx rate and its p99 latency near the 29 s integration limit, to the topic", () => {
    const apiId = ref(idOf(dev.stack.api as never));
    const topicId = idOf(dev.stack.monitoring.topic);
    const metricsOf = (alarm: Resource) =>
      JSON.stringify(alarm.Properties.Metrics ?? [alarm.Properties.MetricName, alarm.Properties.Dimensions]);
    const alarms = resources("AWS::CloudWatch::Alarm");
    const serverErrors = alarms.filter(([, a]) => {
      const m = metricsOf(a);
      return m.includes('"MetricName":"5xx"') && m.includes("AWS/ApiGateway");
    });
    expect(serverErrors).toHaveLength(1);
    expect(metricsOf(serverErrors[0]?.[1] as Resource)).toContain(JSON.stringify(apiId));
    expect(serverErrors[0]?.[1].Properties).toMatchObject({
      Threshold: STAGES.dev.alarms.errorRatePercent,
      AlarmActions: [ref(topicId)],
    });
    const latency = alarms.filter(([, a]) => a.Properties.MetricName === "Latency");
    expect(latency).toHaveLength(1);
    expect(latency[0]?.[1].Properties).toMatchObject({
      Namespace: "AWS/ApiGateway",
      ExtendedStatistic: "p99",
      Dimensions: [{ Name: "ApiId", Value: apiId }],
      AlarmActions: [ref(topicId)],
    });
    const threshold = latency[0]?.[1].Properties.Threshold as number;
    expect(threshold).toBeGreaterThanOrEqual(20_000);
    expect(threshold).toBeLessThan(29_000);
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

describe("task-token secret: resource policy", () => {
  it("denies GetSecretValue to every principal but the roles of the functions that sign or verify tokens", () => {
    const policies = resources("AWS::SecretsManager::ResourcePolicy");
    expect(policies).toHaveLength(1);
    const [[, policy]] = policies as [[string, Resource]];
    expect(policy.Properties.SecretId).toEqual(ref(idOf(dev.stack.taskTokenSecret)));
    const readers = Object.values(topology.functions)
      .filter((spec) => spec.environment.includes(ENV.taskTokenSecretArn))
      .map((spec) => arnOf(idOf(dev.stack.functions[spec.name].role)));
    expect(readers).toHaveLength(3);
    const statements = (policy.Properties.ResourcePolicy as { Statement: Record<string, unknown>[] })
      .Statement;
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: "Deny",
        Principal: { AWS: "*" },
        // Only reading the value: describing, updating, deleting and the policy itself stay with the account.
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": expect.arrayContaining(readers) } },
      }),
    ]);
    const condition = statements[0]?.Condition as { ArnNotEquals: { "aws:PrincipalArn": unknown[] } };
    expect(condition.ArnNotEquals["aws:PrincipalArn"]).toHaveLength(3);
  });
});

// The synthesised template, checked for behaviour (what each resource does, derived from the topology and the
// catalogue, never "there are N of these"): alarms, the topic they reach, the dashboard.

import { FINAL_CASE_STATUSES } from "@onething/domain";
import { loadSeedCatalogue } from "@onething/seeds";
import { allQueues } from "@onething/topology";
import type { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { departmentAgeThresholdSeconds } from "../src/monitoring.ts";
import { STAGES } from "../src/stages.ts";
import { PROD_CONTEXT, type Resource, ref, synthesiseStages } from "./support.ts";

const catalogue = loadSeedCatalogue();
const { dev, prod, template, prodTemplate, topology, resources, idOf, queuesByName } = synthesiseStages();

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

import { type Catalogue, FINAL_CASE_STATUSES } from "@onething/domain";
import type { Topology } from "@onething/topology";
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import type { DeployedQueue } from "./deployed-queue.ts";
import type { PlatformFunction } from "./platform-function.ts";
import type { StageConfig } from "./stages.ts";

/** Names and dimensions of the platform's custom metrics (emitted by @onething/platform's `createCaseMetrics`). */
export const CUSTOM_METRICS = {
  service: "onething",
  casesFinished: "CasesFinished",
  itemsOverdue: "ItemsOverdue",
} as const;

const DAY_SECONDS = 24 * 60 * 60;
const FIVE_MINUTES = Duration.minutes(5);
/** API Gateway ends an integration at 29 s (then answers 504): p99 latency above this means requests are about to fail. */
export const API_LATENCY_P99_THRESHOLD_MS = 25_000;

/**
 * How old the oldest message on a department queue may get before an alarm: the department's shortest time limit
 * (in calendar days, which a working-day limit never undercuts), but at most the queue's retention minus a day — an
 * unread message that outlives retention is deleted by SQS, not dead-lettered, so the alarm must come first.
 */
export function departmentAgeThresholdSeconds(
  catalogue: Catalogue,
  departmentId: string,
  retentionSeconds: number,
): number {
  const limits = catalogue.bundles.flatMap((bundle) =>
    bundle.items.filter((item) => item.department === departmentId).map((item) => item.timeLimitWorkingDays),
  );
  const ceiling = retentionSeconds - DAY_SECONDS;
  return limits.length === 0 ? ceiling : Math.min(Math.min(...limits) * DAY_SECONDS, ceiling);
}

export interface MonitoringProps {
  readonly stage: StageConfig;
  readonly catalogue: Catalogue;
  readonly topology: Topology;
  readonly queues: Readonly<Record<string, DeployedQueue>>;
  readonly functions: readonly PlatformFunction[];
  /** The HTTP API: its 5xx answers and latency are alarmed on (the handler answers 500/503 itself, no Lambda error). */
  readonly api: apigw.IHttpApi;
  readonly metricsNamespace: string;
}

/**
 * The operators' dashboard (cases per bundle and outcome, items overdue, each department queue's depth and age of
 * oldest message, DLQ depths, function errors and throttles) and the alarms, all sent to one SNS topic.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { stage, catalogue, queues, functions, api, metricsNamespace } = props;
    // A key of its own: CloudWatch must be allowed to use it to publish, which the data key should never allow.
    const alarmKey = new kms.Key(this, "AlarmTopicKey", {
      description: `OneThing ${stage.name}: alarm topic`,
      enableKeyRotation: true,
      removalPolicy: stage.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    alarmKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        // A key policy's resource is always the key itself, written "*".
        resources: ["*"],
        // Only on behalf of this account's alarms (confused deputy).
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    this.topic = new sns.Topic(this, "AlarmTopic", {
      displayName: `OneThing ${stage.name} alarms`,
      masterKey: alarmKey,
      enforceSSL: true,
    });
    if (stage.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(stage.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (
      alarmId: string,
      options: cloudwatch.CreateAlarmOptions & { metric: cloudwatch.Metric | cloudwatch.MathExpression },
    ) => {
      const created = options.metric.createAlarm(this, alarmId, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...options,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };

    const sources = Object.values(queues);
    const departmentQueues = sources.filter((q) => q.spec.consumer.kind === "department");

    for (const q of sources) {
      alarm(`${q.spec.deadLetterQueue.logicalId}Messages`, {
        metric: q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: FIVE_MINUTES,
          statistic: "Maximum",
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: `A message reached ${q.spec.deadLetterQueue.name}: inspect it and redrive (POST /v1/ops/dead-letters/${q.spec.key}/redrive)`,
      });
      const threshold =
        q.spec.consumer.kind === "department"
          ? departmentAgeThresholdSeconds(
              catalogue,
              q.spec.consumer.departmentId,
              q.spec.messageRetentionSeconds,
            )
          : q.spec.visibilityTimeoutSeconds * 2;
      alarm(`${q.spec.logicalId}OldestMessage`, {
        metric: q.queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: "Maximum" }),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription: `The oldest message on ${q.spec.name} is older than ${threshold} s`,
      });
    }

    for (const fn of functions) {
      const errors = fn.function.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" });
      const invocations = fn.function.metricInvocations({ period: FIVE_MINUTES, statistic: "Sum" });
      alarm(`${fn.spec.logicalId}ErrorRate`, {
        metric: new cloudwatch.MathExpression({
          expression: "IF(invocations > 0, 100 * errors / invocations, 0)",
          usingMetrics: { errors, invocations },
          period: FIVE_MINUTES,
          label: `${fn.spec.name} error rate (%)`,
        }),
        threshold: stage.alarms.errorRatePercent,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription: `${fn.spec.name}: more than ${stage.alarms.errorRatePercent}% of invocations failed`,
      });
      alarm(`${fn.spec.logicalId}Throttles`, {
        metric: fn.function.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum" }),
        threshold: stage.alarms.throttles,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: `${fn.spec.name} was throttled`,
      });
    }

    const apiRequests = api.metricCount({ period: FIVE_MINUTES, statistic: "Sum" });
    const apiServerErrors = api.metricServerError({ period: FIVE_MINUTES, statistic: "Sum" });
    alarm("ApiServerErrorRate", {
      metric: new cloudwatch.MathExpression({
        expression: "IF(requests > 0, 100 * errors / requests, 0)",
        usingMetrics: { errors: apiServerErrors, requests: apiRequests },
        period: FIVE_MINUTES,
        label: "HTTP API 5xx rate (%)",
      }),
      threshold: stage.alarms.errorRatePercent,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `HTTP API: more than ${stage.alarms.errorRatePercent}% of requests answered 5xx (the handler answers 500/503 itself, so the function's error metric does not see these)`,
    });
    const apiLatencyP99 = api.metricLatency({ period: FIVE_MINUTES, statistic: "p99" });
    alarm("ApiLatencyP99", {
      metric: apiLatencyP99,
      threshold: API_LATENCY_P99_THRESHOLD_MS,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `HTTP API: p99 latency above ${API_LATENCY_P99_THRESHOLD_MS} ms, near the 29 s integration timeout (answered 504)`,
    });

    const custom = (metricName: string, dimensionsMap: Record<string, string>, label: string) =>
      new cloudwatch.Metric({
        namespace: metricsNamespace,
        metricName,
        dimensionsMap: { service: CUSTOM_METRICS.service, ...dimensionsMap },
        statistic: "Sum",
        period: FIVE_MINUTES,
        label,
      });
    const bundleIds = [...new Set(catalogue.bundles.map((bundle) => bundle.id))].sort();
    const departmentIds = [...catalogue.departments.keys()];

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", { defaultInterval: Duration.hours(24) });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Cases finished, per bundle and outcome",
        width: 12,
        stacked: true,
        left: bundleIds.flatMap((bundle) =>
          FINAL_CASE_STATUSES.map((outcome) =>
            custom(CUSTOM_METRICS.casesFinished, { bundle, outcome }, `${bundle} ${outcome}`),
          ),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: "Items overdue (raised by the sweeper), per department",
        width: 12,
        stacked: true,
        left: departmentIds.map((department) =>
          custom(CUSTOM_METRICS.itemsOverdue, { department }, department),
        ),
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Department queues: messages waiting",
        width: 12,
        left: departmentQueues.map((q) =>
          q.queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, label: q.spec.key }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: "Department queues: age of oldest message (s)",
        width: 12,
        left: departmentQueues.map((q) =>
          q.queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, label: q.spec.key }),
        ),
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Dead-letter queues: depth",
        width: 8,
        left: sources.map((q) =>
          q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: "Maximum",
            label: q.spec.deadLetterQueue.name,
          }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: "Function errors",
        width: 8,
        left: functions.map((fn) => fn.function.metricErrors({ period: FIVE_MINUTES, label: fn.spec.name })),
      }),
      new cloudwatch.GraphWidget({
        title: "Function throttles",
        width: 8,
        left: functions.map((fn) =>
          fn.function.metricThrottles({ period: FIVE_MINUTES, label: fn.spec.name }),
        ),
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "HTTP API: requests, 5xx, p99 latency (ms)",
        width: 24,
        left: [apiRequests, apiServerErrors],
        right: [apiLatencyP99],
      }),
    );
  }
}

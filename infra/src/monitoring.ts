import { type Catalogue, FINAL_CASE_STATUSES, itemDepartments } from "@onething/domain";
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
    bundle.items
      .filter((item) => itemDepartments(bundle, item).includes(departmentId))
      .map((item) => item.timeLimitWorkingDays),
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
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { stage, queues, functions, api } = props;
    this.topic = this.createTopic(stage);
    this.action = new SnsAction(this.topic);
    const sources = Object.values(queues);
    const apiMetrics = {
      requests: api.metricCount({ period: FIVE_MINUTES, statistic: "Sum" }),
      serverErrors: api.metricServerError({ period: FIVE_MINUTES, statistic: "Sum" }),
      latencyP99: api.metricLatency({ period: FIVE_MINUTES, statistic: "p99" }),
    };
    this.alarmOnQueues(sources, props.catalogue);
    this.alarmOnFunctions(functions, stage);
    this.alarmOnApi(apiMetrics, stage);
    this.dashboard = this.createDashboard(props, sources, apiMetrics);
  }

  /** The topic every alarm goes to, encrypted with a key CloudWatch may use, and the stage's e-mail subscription. */
  private createTopic(stage: StageConfig): sns.Topic {
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
    const topic = new sns.Topic(this, "AlarmTopic", {
      displayName: `OneThing ${stage.name} alarms`,
      masterKey: alarmKey,
      enforceSSL: true,
    });
    if (stage.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(stage.alarmEmail));
    return topic;
  }

  /** An alarm sent to the topic; missing data (no traffic) is not a breach. */
  private alarm(
    alarmId: string,
    options: cloudwatch.CreateAlarmOptions & { metric: cloudwatch.Metric | cloudwatch.MathExpression },
  ): cloudwatch.Alarm {
    const created = options.metric.createAlarm(this, alarmId, {
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...options,
    });
    created.addAlarmAction(this.action);
    this.alarms.push(created);
    return created;
  }

  /** Any message in a DLQ; a source queue's oldest message older than its consumer should ever let it get. */
  private alarmOnQueues(sources: readonly DeployedQueue[], catalogue: Catalogue): void {
    for (const q of sources) {
      this.alarm(`${q.spec.deadLetterQueue.logicalId}Messages`, {
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
      this.alarm(`${q.spec.logicalId}OldestMessage`, {
        metric: q.queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: "Maximum" }),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription: `The oldest message on ${q.spec.name} is older than ${threshold} s`,
      });
    }
  }

  /** Each function's error rate and throttles, with the stage's thresholds. */
  private alarmOnFunctions(functions: readonly PlatformFunction[], stage: StageConfig): void {
    for (const fn of functions) {
      const errors = fn.function.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" });
      const invocations = fn.function.metricInvocations({ period: FIVE_MINUTES, statistic: "Sum" });
      this.alarm(`${fn.spec.logicalId}ErrorRate`, {
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
      this.alarm(`${fn.spec.logicalId}Throttles`, {
        metric: fn.function.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum" }),
        threshold: stage.alarms.throttles,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: `${fn.spec.name} was throttled`,
      });
    }
  }

  /** The HTTP API's 5xx rate and p99 latency. */
  private alarmOnApi(metrics: ApiMetrics, stage: StageConfig): void {
    this.alarm("ApiServerErrorRate", {
      metric: new cloudwatch.MathExpression({
        expression: "IF(requests > 0, 100 * errors / requests, 0)",
        usingMetrics: { errors: metrics.serverErrors, requests: metrics.requests },
        period: FIVE_MINUTES,
        label: "HTTP API 5xx rate (%)",
      }),
      threshold: stage.alarms.errorRatePercent,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `HTTP API: more than ${stage.alarms.errorRatePercent}% of requests answered 5xx (the handler answers 500/503 itself, so the function's error metric does not see these)`,
    });
    this.alarm("ApiLatencyP99", {
      metric: metrics.latencyP99,
      threshold: API_LATENCY_P99_THRESHOLD_MS,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `HTTP API: p99 latency above ${API_LATENCY_P99_THRESHOLD_MS} ms, near the 29 s integration timeout (answered 504)`,
    });
  }

  /** Four rows: cases and overdue items; department queues; DLQs and functions; the HTTP API. */
  private createDashboard(
    props: MonitoringProps,
    sources: readonly DeployedQueue[],
    api: ApiMetrics,
  ): cloudwatch.Dashboard {
    const { catalogue, functions, metricsNamespace } = props;
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
    const departmentQueues = sources.filter((q) => q.spec.consumer.kind === "department");

    const dashboard = new cloudwatch.Dashboard(this, "Dashboard", { defaultInterval: Duration.hours(24) });
    dashboard.addWidgets(
      graph("Cases finished, per bundle and outcome", 12, {
        stacked: true,
        left: bundleIds.flatMap((bundle) =>
          FINAL_CASE_STATUSES.map((outcome) =>
            custom(CUSTOM_METRICS.casesFinished, { bundle, outcome }, `${bundle} ${outcome}`),
          ),
        ),
      }),
      graph("Items overdue (raised by the sweeper), per department", 12, {
        stacked: true,
        left: departmentIds.map((department) =>
          custom(CUSTOM_METRICS.itemsOverdue, { department }, department),
        ),
      }),
    );
    const perQueue = (metric: (q: DeployedQueue, label: string) => cloudwatch.IMetric) => ({
      left: departmentQueues.map((q) => metric(q, q.spec.key)),
    });
    dashboard.addWidgets(
      graph(
        "Department queues: messages waiting",
        12,
        perQueue((q, label) =>
          q.queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, label }),
        ),
      ),
      graph(
        "Department queues: age of oldest message (s)",
        12,
        perQueue((q, label) => q.queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, label })),
      ),
    );
    const perFunction = (metric: (fn: PlatformFunction, label: string) => cloudwatch.IMetric) => ({
      left: functions.map((fn) => metric(fn, fn.spec.name)),
    });
    dashboard.addWidgets(
      graph("Dead-letter queues: depth", 8, {
        left: sources.map((q) =>
          q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: "Maximum",
            label: q.spec.deadLetterQueue.name,
          }),
        ),
      }),
      graph(
        "Function errors",
        8,
        perFunction((fn, label) => fn.function.metricErrors({ period: FIVE_MINUTES, label })),
      ),
      graph(
        "Function throttles",
        8,
        perFunction((fn, label) => fn.function.metricThrottles({ period: FIVE_MINUTES, label })),
      ),
    );
    dashboard.addWidgets(
      graph("HTTP API: requests, 5xx, p99 latency (ms)", 24, {
        left: [api.requests, api.serverErrors],
        right: [api.latencyP99],
      }),
    );
    return dashboard;
  }
}

interface ApiMetrics {
  readonly requests: cloudwatch.Metric;
  readonly serverErrors: cloudwatch.Metric;
  readonly latencyP99: cloudwatch.Metric;
}

const graph = (
  title: string,
  width: number,
  props: Omit<cloudwatch.GraphWidgetProps, "title" | "width">,
): cloudwatch.GraphWidget => new cloudwatch.GraphWidget({ title, width, ...props });

import { type RotationFunctionSpec, TASK_KEY_ROTATION_FUNCTION } from "@onething/topology";
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as sns from "aws-cdk-lib/aws-sns";
import { NagSuppressions } from "cdk-nag";
import type { Construct } from "constructs";
import type { PlatformData } from "./data.ts";
import { logRetention, PlatformFunction } from "./platform-function.ts";
import type { StageConfig } from "./stages.ts";

export interface TaskKeyRotationProps {
  readonly data: PlatformData;
  readonly stage: StageConfig;
  readonly removalPolicy: RemovalPolicy;
  readonly metricsNamespace: string;
}

/**
 * The task-token keyring's rotation: the rotation function (`functions/task-key-rotation`, the four Secrets Manager
 * steps on the keyring JSON) and the secret's rotation schedule, every `TASK_KEY_ROTATION_DAYS`. CDK's rotation
 * schedule grants the function the secret's rotation verbs (describe, get, put, stage) on this secret only, the
 * data key through Secrets Manager only, and lets Secrets Manager invoke it. docs/task-tokens.md.
 */
export function createTaskKeyRotation(
  scope: Construct,
  props: TaskKeyRotationProps,
): PlatformFunction<RotationFunctionSpec> {
  const spec = TASK_KEY_ROTATION_FUNCTION;
  const rotation = new PlatformFunction(scope, spec.logicalId, {
    spec,
    environment: {},
    logRetentionDays: logRetention(props.stage.logRetentionDays),
    removalPolicy: props.removalPolicy,
    metricsNamespace: props.metricsNamespace,
  });
  props.data.taskTokenSecret.addRotationSchedule("Rotation", {
    rotationLambda: rotation.function,
    automaticallyAfter: Duration.days(spec.rotateEveryDays),
  });
  NagSuppressions.addResourceSuppressions(
    rotation.role,
    [
      {
        id: "AwsSolutions-IAM5",
        appliesTo: ["Resource::*"],
        reason:
          "X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) and secretsmanager:GetRandomPassword, which CDK's rotation schedule grants: these actions support no resource-level permissions, AWS requires '*'.",
      },
      {
        id: "AwsSolutions-IAM5",
        appliesTo: ["Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*"],
        reason:
          "KMS actions CDK grants the rotation function for the task-token secret encrypted with the data key, through Secrets Manager only; the statement names that one key.",
      },
    ],
    true,
  );
  return rotation;
}

/**
 * An alarm, on the operators' topic, when a rotation step fails: Secrets Manager then leaves the new version
 * AWSPENDING and retries; the keys in use keep working, but the key no longer rotates until someone looks.
 */
export function alarmOnTaskKeyRotation(
  scope: Construct,
  rotation: PlatformFunction<RotationFunctionSpec>,
  topic: sns.ITopic,
): cloudwatch.Alarm {
  const alarm = rotation.function
    .metricErrors({ period: Duration.hours(1), statistic: "Sum" })
    .createAlarm(scope, "TaskKeyRotationErrors", {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription:
        "A step of the task-token key rotation failed: see the TaskKeyRotationFunction logs (docs/task-tokens.md)",
    });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}

import { NOTICE_CHANNELS, type NoticeChannelName, type Topology } from "@onething/topology";
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { externalRole } from "./external-role.ts";
import type { StageConfig } from "./stages.ts";

/** One delivery channel on AWS: its topic, the gateway's receipts queue (with its DLQ) and the gateway's role. */
export interface NoticeChannel {
  readonly topic: sns.Topic;
  readonly receipts: sqs.Queue;
  readonly receiptsDeadLetters: sqs.Queue;
  readonly gateway: iam.Role;
}

/**
 * The notices' channels (issue 16), one per channel of the topology:
 * - the SNS topic, encrypted with the data key (a notice's text and the phone number rest in it until delivered),
 *   TLS only; only the sweeper publishes (`grantAccess`, from its environment);
 * - the gateway's role (the province SMS platform, the app's push service), assumed from the account configured for
 *   the channel with its ExternalId: it may subscribe to its topic and send to its receipts queue, nothing else;
 * - the receipts queue, written by that role alone and drained by the sweeper: a source system, a department or the
 *   other channel's gateway cannot report a receipt, so neither 送达率 nor a citizen's SMS can be forged or stopped.
 */
export function createNoticeChannels(
  scope: Construct,
  topology: Topology,
  stage: StageConfig,
  dataKey: kms.IKey,
): Readonly<Record<NoticeChannelName, NoticeChannel>> {
  const channel = (name: NoticeChannelName): NoticeChannel => {
    const spec = topology.topics[name];
    const topic = new sns.Topic(scope, spec.logicalId, {
      displayName: `OneThing notices (${name})`,
      masterKey: dataKey,
      enforceSSL: true,
    });
    const common = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;
    const receiptsDeadLetters = new sqs.Queue(scope, `${spec.receipts.logicalId}Dlq`, {
      ...common,
      queueName: spec.receipts.deadLetterName,
      retentionPeriod: Duration.days(14),
    });
    const receipts = new sqs.Queue(scope, spec.receipts.logicalId, {
      ...common,
      queueName: spec.receipts.name,
      visibilityTimeout: Duration.seconds(spec.receipts.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(spec.receipts.messageRetentionSeconds),
      // Its DLQ keeps 14 days and is alarmed on (`alarmOnNoticeReceipts`).
      deadLetterQueue: { queue: receiptsDeadLetters, maxReceiveCount: spec.receipts.maxReceiveCount },
    });
    const principal = stage.noticeGatewayPrincipals[name] ?? {};
    const externalId = principal.externalId ?? `onething-${stage.name}-notice-gateway-${name}`;
    const gateway = externalRole(scope, `Notice${spec.logicalId.replace(/^Notice|Topic$/g, "")}GatewayRole`, {
      description: `OneThing ${stage.name}: the ${name} gateway subscribes to its topic and reports receipts`,
      account: principal.account,
      externalId,
      outputDescription: `Role the ${name} gateway assumes (ExternalId ${externalId})`,
    });
    gateway.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["sns:Subscribe"], resources: [topic.topicArn] }),
    );
    receipts.grantSendMessages(gateway);
    return { topic, receipts, receiptsDeadLetters, gateway };
  };
  return Object.fromEntries(NOTICE_CHANNELS.map((name) => [name, channel(name)])) as Record<
    NoticeChannelName,
    NoticeChannel
  >;
}

/**
 * The receipts queues' resource policies: whatever IAM grants anyone else in the account (a role with
 * `sqs:SendMessage` on `*`), only the channel's gateway role may send and only the sweeper's role may receive,
 * delete or hide a receipt.
 */
export function lockNoticeReceipts(
  channels: Readonly<Record<NoticeChannelName, NoticeChannel>>,
  sweeperRole: iam.IRole,
): void {
  for (const { receipts, gateway } of Object.values(channels)) {
    const denyUnless = (actions: string[], role: iam.IRole) =>
      receipts.addToResourcePolicy(
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions,
          resources: [receipts.queueArn],
          conditions: { ArnNotEquals: { "aws:PrincipalArn": role.roleArn } },
        }),
      );
    denyUnless(["sqs:SendMessage"], gateway);
    denyUnless(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"], sweeperRole);
  }
}

/** A receipt in a receipts DLQ: its notice will end `failed: no_receipt` unless an operator looks. */
export function alarmOnNoticeReceipts(
  scope: Construct,
  channels: Readonly<Record<NoticeChannelName, NoticeChannel>>,
  topic: sns.ITopic,
): void {
  for (const [name, { receiptsDeadLetters }] of Object.entries(channels)) {
    const alarm = receiptsDeadLetters
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" })
      .createAlarm(scope, `Notice${name === "sms" ? "Sms" : "Push"}ReceiptsDlqMessages`, {
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `A ${name} delivery receipt could not be applied 5 times and is in ${receiptsDeadLetters.queueName}: read it (its notice id), fix the cause, and send it to the receipts queue again (docs/notices.md)`,
      });
    alarm.addAlarmAction(new SnsAction(topic));
  }
}

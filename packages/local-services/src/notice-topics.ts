/**
 * The notices' SNS topics in fauxqs (issue 16), one per channel as on AWS, and behind each the queue its simulated
 * gateway reads: fauxqs fans a topic out to its SQS subscriptions only (no SMS, no mobile push), so locally the SMS
 * gateway and the push service are simulated processes subscribed through a queue each (the SNS envelope, which
 * carries the message id a receipt must return), like a province SMS platform subscribed to the topic on AWS. Each
 * channel also has its receipts queue, where its gateway reports and the platform's notices round drains.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { NoticeChannelName, Topology } from "@onething/topology";
import { LOCAL_REGION } from "./clients.ts";

/** fauxqs's account id in every ARN. */
const LOCAL_ACCOUNT = "000000000000";
export const localTopicArn = (name: string) => `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;

export function createLocalSnsClient(endpoint: string): SNSClient {
  return new SNSClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

export interface ProvisionedNoticeChannel {
  readonly topicArn: string;
  /** The queue subscribed to the topic, which the channel's simulated gateway reads. */
  readonly gatewayQueueUrl: string;
  /** The channel's receipts queue (the topology's name): the gateway reports there. */
  readonly receiptsQueueUrl: string;
}
export type ProvisionedNoticeTopics = Readonly<Record<NoticeChannelName, ProvisionedNoticeChannel>>;

/** Creates (or finds: both calls are idempotent) each channel's topic, its gateway queue and the subscription. */
export async function provisionNoticeTopics(
  topology: Topology,
  sqs: SQSClient,
  endpoint: string,
): Promise<ProvisionedNoticeTopics> {
  const sns = createLocalSnsClient(endpoint);
  try {
    const one = async (channel: NoticeChannelName): Promise<ProvisionedNoticeChannel> => {
      const topic = topology.topics[channel];
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: topic.name }));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${topic.name}-gateway` }));
      const attributes = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
      );
      await sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: "sqs",
          Endpoint: attributes.Attributes?.QueueArn,
        }),
      );
      // Made with its DLQ by `provision`, like every queue the platform reads.
      const receipts = await sqs.send(new GetQueueUrlCommand({ QueueName: topic.receipts.name }));
      return {
        topicArn: TopicArn ?? localTopicArn(topic.name),
        gatewayQueueUrl: QueueUrl ?? "",
        receiptsQueueUrl: receipts.QueueUrl ?? "",
      };
    };
    const [sms, push] = await Promise.all([one("sms"), one("push")]);
    return { sms, push };
  } finally {
    sns.destroy();
  }
}

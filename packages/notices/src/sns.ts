import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { DeliveryChannel } from "./delivery.ts";
import type { ChannelMessage, ChannelPort } from "./ports.ts";

/** The topic of each channel (one topic per channel: the SMS gateway and the push service subscribe to their own). */
export type ChannelTopics = Readonly<Record<DeliveryChannel, string>>;

/**
 * The channel port over SNS: each message is published on its channel's topic as JSON, with the channel and the
 * notice id as message attributes (for subscription filters). The gateway behind the topic (the province SMS
 * platform, the app's push service; locally the simulated ones) delivers it and reports a receipt.
 */
export function createSnsChannels(sns: SNSClient, topics: ChannelTopics): ChannelPort {
  return {
    async publish(message: ChannelMessage) {
      const out = await sns.send(
        new PublishCommand({
          TopicArn: topics[message.channel],
          Message: JSON.stringify(message),
          MessageAttributes: {
            channel: { DataType: "String", StringValue: message.channel },
            noticeId: { DataType: "String", StringValue: message.noticeId },
          },
        }),
      );
      return { messageId: out.MessageId ?? `${message.noticeId}:${message.attempt}` };
    },
  };
}

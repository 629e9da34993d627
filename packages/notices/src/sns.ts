import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { DeliveryChannel } from "./delivery.ts";
import type { ChannelMessage, ChannelPort } from "./ports.ts";

/** A publish that SNS answered without a message id. */
export class MissingMessageIdError extends Error {
  override name = "MissingMessageIdError";
}

/** The topic of each channel (one topic per channel: the SMS gateway and the push service subscribe to their own). */
export type ChannelTopics = Readonly<Record<DeliveryChannel, string>>;

/**
 * The channel port over SNS: each message is published on its channel's topic as JSON, with the channel and the
 * notice id as message attributes (for subscription filters). The gateway gets the SNS message id with the
 * message (the SNS envelope) and returns it in its receipt. The gateway behind the topic (the province SMS
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
      // The id is what a receipt must carry: without one the publish cannot be vouched for, so it counts as failed.
      if (!out.MessageId) throw new MissingMessageIdError("SNS returned no message id");
      return { messageId: out.MessageId };
    },
  };
}

// The notices' topics (issue 16): one SNS topic per delivery channel (named so locally; on AWS, CDK names them).
// The sweeper publishes what is due on them; the gateway behind each (the province SMS platform, the app's push
// service; locally the simulated ones) subscribes and reports a receipt per message on its channel's receipts
// queue, which only that gateway may write to and the sweeper drains.

export const NOTICE_CHANNELS = ["sms", "push"] as const;
export type NoticeChannelName = (typeof NOTICE_CHANNELS)[number];

export interface TopicSpec {
  readonly channel: NoticeChannelName;
  readonly logicalId: string;
  readonly name: string;
  /** The channel's receipts queue (standard) and its DLQ. */
  readonly receipts: { readonly logicalId: string; readonly name: string; readonly deadLetterName: string };
}

export type NoticeTopics = Readonly<Record<NoticeChannelName, TopicSpec>>;

export function noticeTopics(prefix: string): NoticeTopics {
  const topic = (channel: NoticeChannelName, id: string): TopicSpec => ({
    channel,
    logicalId: `Notice${id}Topic`,
    name: `${prefix}-notice-${channel}`,
    receipts: {
      logicalId: `Notice${id}ReceiptsQueue`,
      name: `${prefix}-notice-${channel}-receipts`,
      deadLetterName: `${prefix}-notice-${channel}-receipts-dlq`,
    },
  });
  return { sms: topic("sms", "Sms"), push: topic("push", "Push") };
}

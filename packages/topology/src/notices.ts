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
  /** The channel's receipts queue (standard) and its DLQ (14 days). */
  readonly receipts: {
    readonly logicalId: string;
    readonly name: string;
    readonly deadLetterName: string;
    readonly visibilityTimeoutSeconds: number;
    readonly messageRetentionSeconds: number;
    /** Receives of a receipt that cannot be applied before its DLQ. */
    readonly maxReceiveCount: number;
  };
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
      visibilityTimeoutSeconds: 60,
      messageRetentionSeconds: 4 * 24 * 3600,
      maxReceiveCount: 5,
    },
  });
  return { sms: topic("sms", "Sms"), push: topic("push", "Push") };
}

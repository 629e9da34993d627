// The notices' topics (issue 16): one SNS topic per delivery channel (named so locally; on AWS, CDK names them).
// The sweeper publishes what is due on them; the gateway behind each (the province SMS platform, the app's push
// service; locally the simulated ones) subscribes and reports a receipt per message on the events queue.

export type NoticeChannelName = "sms" | "push";

export interface TopicSpec {
  readonly channel: NoticeChannelName;
  readonly logicalId: string;
  readonly name: string;
}

export type NoticeTopics = Readonly<Record<NoticeChannelName, TopicSpec>>;

export function noticeTopics(prefix: string): NoticeTopics {
  const topic = (channel: NoticeChannelName, id: string): TopicSpec => ({
    channel,
    logicalId: `Notice${id}Topic`,
    name: `${prefix}-notice-${channel}`,
  });
  return { sms: topic("sms", "Sms"), push: topic("push", "Push") };
}

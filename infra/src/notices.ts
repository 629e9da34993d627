import type { NoticeChannelName, Topology } from "@onething/topology";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";

/**
 * The notices' SNS topics (issue 16), one per channel from the topology, encrypted with the data key (a notice's
 * text and the phone number rest in the topic until delivered) and refusing anything but TLS. Only the sweeper may
 * publish (`grantAccess`, from its environment); the gateway behind each topic — the province SMS platform, the
 * app's push service — subscribes out of band and reports receipts on the events queue.
 */
export function createNoticeTopics(
  scope: Construct,
  topology: Topology,
  dataKey: kms.IKey,
): Readonly<Record<NoticeChannelName, sns.Topic>> {
  const topic = (channel: NoticeChannelName) => {
    const spec = topology.topics[channel];
    return new sns.Topic(scope, spec.logicalId, {
      displayName: `OneThing notices (${channel})`,
      masterKey: dataKey,
      enforceSSL: true,
    });
  };
  return { sms: topic("sms"), push: topic("push") };
}

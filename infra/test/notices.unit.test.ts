// The notices' channels in the template (issue 16): one topic per channel of the topology, encrypted with the data
// key, TLS only, published to by the sweeper alone and subscribed to by the channel's gateway alone; the gateway's
// receipts queue written by that gateway alone and drained by the sweeper.
import { buildTopology } from "@onething/topology";
import { describe, expect, it } from "vitest";
import { type Resource, synthesiseStages } from "./support.ts";

const { dev, resources, idOf } = synthesiseStages();
const topology = buildTopology({ departmentIds: ["health"] });
const topics = resources("AWS::SNS::Topic").filter(([id]) =>
  Object.values(topology.topics).some((t) => id.startsWith(t.logicalId)),
);
const topicIds = topics.map(([id]) => id);

/** Every IAM statement of the stack that allows an `sns:*` action, with the role it is attached to. */
function snsStatements(): { roles: unknown; actions: string[]; resources: unknown }[] {
  const policies = [...resources("AWS::IAM::Policy"), ...resources("AWS::IAM::ManagedPolicy")];
  return policies.flatMap(([, policy]: [string, Resource]) => {
    const doc = policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
    return doc.Statement.flatMap((s) => {
      const actions = ([] as string[]).concat(s.Action as string | string[]);
      return actions.some((a) => a.startsWith("sns:"))
        ? [{ roles: policy.Properties.Roles, actions, resources: s.Resource }]
        : [];
    });
  });
}

describe("notice topics", () => {
  it("are one per channel, encrypted with the data key and refusing anything but TLS", () => {
    expect(topics).toHaveLength(Object.keys(topology.topics).length);
    for (const [, topic] of topics) {
      expect(JSON.stringify(topic.Properties.KmsMasterKeyId)).toContain("DataKey");
    }
    const policies = resources("AWS::SNS::TopicPolicy").map(([, p]) => JSON.stringify(p.Properties));
    for (const id of topicIds) {
      const policy = policies.find((p) => p.includes(id));
      expect(policy, id).toContain("aws:SecureTransport");
    }
  });

  it("may be published to by the sweeper only, subscribed to by its own gateway only, and nothing else", () => {
    const sweeperRole = dev.stack.getLogicalId(dev.stack.functions.sweeper.role.node.defaultChild as never);
    const statements = snsStatements();
    // One subscribe per gateway; publishing is the sweeper's alone (one statement per topic).
    expect(statements.filter((s) => s.actions[0] === "sns:Subscribe")).toHaveLength(2);
    expect(
      statements.every((s) => s.actions.length === 1 && /^sns:(Publish|Subscribe)$/.test(s.actions[0] ?? "")),
    ).toBe(true);
    for (const s of statements) {
      const targets = ([] as unknown[]).concat(s.resources).map((t) => JSON.stringify(t));
      if (s.actions[0] === "sns:Publish") {
        expect(JSON.stringify(s.roles)).toContain(sweeperRole);
        for (const t of targets)
          expect(
            topicIds.some((id) => t.includes(id)),
            t,
          ).toBe(true);
        continue;
      }
      // Each gateway subscribes to its own channel's topic and no other.
      const channel = JSON.stringify(s.roles).includes("NoticeSmsGatewayRole") ? "sms" : "push";
      expect(targets).toEqual([JSON.stringify({ Ref: idOf(dev.stack.noticeChannels[channel].topic) })]);
    }
  });

  it("take receipts on a queue per channel that only the channel's gateway may send to, and the sweeper drains", () => {
    const sweeperRole = dev.stack.getLogicalId(dev.stack.functions.sweeper.role.node.defaultChild as never);
    for (const channel of ["sms", "push"] as const) {
      const queueId = idOf(dev.stack.noticeChannels[channel].receipts);
      const gatewayId = idOf(dev.stack.noticeChannels[channel].gateway);
      // A role's policy past IAM's inline size limit overflows into managed policies (CDK splits it).
      const policies = [...resources("AWS::IAM::Policy"), ...resources("AWS::IAM::ManagedPolicy")];
      const touching = policies.flatMap(([, policy]: [string, Resource]) => {
        const doc = policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
        return doc.Statement.filter((st) => JSON.stringify(st.Resource).includes(queueId)).map((st) => ({
          roles: JSON.stringify(policy.Properties.Roles),
          actions: ([] as string[]).concat(st.Action as string | string[]),
        }));
      });
      const senders = touching.filter((t) => t.actions.includes("sqs:SendMessage"));
      expect(senders.map((t) => t.roles)).toEqual([JSON.stringify([{ Ref: gatewayId }])]);
      const readers = touching.filter((t) => t.actions.includes("sqs:ReceiveMessage"));
      expect(readers.map((t) => t.roles)).toEqual([expect.stringContaining(sweeperRole)]);
    }
  });

  it("refuse, in each receipts queue's own policy, a send by anyone but the gateway and a receive by anyone but the sweeper", () => {
    const sweeperRole = dev.stack.getLogicalId(dev.stack.functions.sweeper.role.node.defaultChild as never);
    for (const channel of ["sms", "push"] as const) {
      const queueId = idOf(dev.stack.noticeChannels[channel].receipts);
      const gatewayId = idOf(dev.stack.noticeChannels[channel].gateway);
      const policy = resources("AWS::SQS::QueuePolicy").find(([, p]) =>
        JSON.stringify(p.Properties.Queues).includes(queueId),
      )?.[1];
      const statements =
        (policy?.Properties.PolicyDocument as { Statement: Record<string, unknown>[] } | undefined)
          ?.Statement ?? [];
      const deny = (action: string) =>
        statements.find(
          (st) =>
            st.Effect === "Deny" && ([] as unknown[]).concat(st.Action).includes(action) && st.Condition,
        );
      expect(deny("sqs:SendMessage")?.Condition).toEqual({
        ArnNotEquals: { "aws:PrincipalArn": { "Fn::GetAtt": [gatewayId, "Arn"] } },
      });
      for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"])
        expect(deny(action)?.Condition).toEqual({
          ArnNotEquals: { "aws:PrincipalArn": { "Fn::GetAtt": [sweeperRole, "Arn"] } },
        });
    }
  });

  it("alarm the operators when a receipt reaches a receipts DLQ", () => {
    const alarms = resources("AWS::CloudWatch::Alarm").filter(([id]) =>
      /^Notice(Sms|Push)ReceiptsDlqMessages/.test(id),
    );
    expect(alarms).toHaveLength(2);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties).toMatchObject({
        Threshold: 1,
        MetricName: "ApproximateNumberOfMessagesVisible",
      });
      expect(JSON.stringify(alarm.Properties.AlarmActions)).toContain("Monitoring");
    }
  });
});

// The notices' topics in the template (issue 16): one per channel of the topology, encrypted with the data key,
// TLS only, and published to by the sweeper alone — no other principal of the stack may publish anywhere.
import { buildTopology } from "@onething/topology";
import { describe, expect, it } from "vitest";
import { type Resource, synthesiseStages } from "./support.ts";

const { dev, resources } = synthesiseStages();
const topology = buildTopology({ departmentIds: ["health"] });
const topics = resources("AWS::SNS::Topic").filter(([id]) =>
  Object.values(topology.topics).some((t) => id.startsWith(t.logicalId)),
);
const topicIds = topics.map(([id]) => id);

/** Every IAM statement of the stack that allows an `sns:*` action, with the role it is attached to. */
function snsStatements(): { roles: unknown; actions: string[]; resources: unknown }[] {
  return resources("AWS::IAM::Policy").flatMap(([, policy]: [string, Resource]) => {
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

  it("may be published to by the sweeper only, and only sns:Publish, only on these topics", () => {
    const sweeperRole = dev.stack.getLogicalId(dev.stack.functions.sweeper.role.node.defaultChild as never);
    const statements = snsStatements();
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect(JSON.stringify(s.roles)).toContain(sweeperRole);
      expect(s.actions).toEqual(["sns:Publish"]);
      for (const target of ([] as unknown[]).concat(s.resources))
        expect(
          topicIds.some((id) => JSON.stringify(target).includes(id)),
          JSON.stringify(target),
        ).toBe(true);
    }
  });
});

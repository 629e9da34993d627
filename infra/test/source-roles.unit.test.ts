// The source systems' roles: one per source of the topology, allowed to send to the events queue and nothing else,
// assumable only with its ExternalId by the account configured for it (the deploying account in dev).

import { describe, expect, it } from "vitest";
import { sourceExternalId } from "../src/source-roles.ts";
import { STAGES } from "../src/stages.ts";
import { PROD_CONTEXT, type Resource, synthesiseStages } from "./support.ts";

const { dev, prod, topology, resources, idOf, queuesByName } = synthesiseStages();

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const statementsOf = (policy: Resource): Statement[] =>
  (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
const policiesOf = (roleId: string, template = resources) =>
  [...template("AWS::IAM::Policy"), ...template("AWS::IAM::ManagedPolicy")].filter(([, p]) =>
    JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
  );
const trustOf = (roleId: string, template = resources) => {
  const [, role] = template("AWS::IAM::Role").find(([id]) => id === roleId) ?? [];
  if (!role) throw new Error(`no role ${roleId}`);
  return (role.Properties.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
};

describe("source system roles", () => {
  it("are one per source system of the topology", () => {
    expect(Object.keys(dev.stack.sourceRoles).sort()).toEqual([...topology.sources].sort());
    expect(topology.sources.length).toBeGreaterThan(0);
  });

  it("may only send messages to the events queue", () => {
    const eventsId = queuesByName.get(topology.queues.events.name)?.id ?? "";
    for (const [sourceId, role] of Object.entries(dev.stack.sourceRoles)) {
      const statements = policiesOf(idOf(role as never)).flatMap(([, p]) => statementsOf(p));
      expect(statements, sourceId).toEqual([
        { Effect: "Allow", Action: "sqs:SendMessage", Resource: { "Fn::GetAtt": [eventsId, "Arn"] } },
      ]);
    }
  });

  it("are assumed only with the source's ExternalId, by default from the deploying account", () => {
    const role = dev.stack.sourceRoles["health-death-registry"];
    const [statement] = trustOf(idOf(role as never));
    expect(statement).toMatchObject({
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "sts:ExternalId": sourceExternalId(STAGES.dev, "health-death-registry") },
      },
    });
    expect(JSON.stringify(statement?.Principal)).toContain("AWS::AccountId");
  });

  it("in prod, trust the account and ExternalId the context gives each source", () => {
    const given = JSON.parse(PROD_CONTEXT.sourcePrincipals ?? "{}") as Record<
      string,
      { account: string; externalId: string }
    >;
    const prodResources = (type: string) =>
      Object.entries(prod.assembly.getStackByName(prod.stack.stackName).template.Resources).filter(
        ([, r]) => (r as Resource).Type === type,
      ) as [string, Resource][];
    for (const [sourceId, role] of Object.entries(prod.stack.sourceRoles)) {
      const roleId = prod.stack.getLogicalId(role.node.defaultChild as never);
      const [statement] = trustOf(roleId, prodResources);
      expect(statement?.Condition, sourceId).toEqual({
        StringEquals: { "sts:ExternalId": given[sourceId]?.externalId },
      });
      expect(JSON.stringify(statement?.Principal), sourceId).toContain(`${given[sourceId]?.account}:root`);
    }
  });
});

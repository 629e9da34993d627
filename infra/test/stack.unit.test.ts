// The synthesised template, checked for behaviour (what each resource does, derived from the topology and the
// catalogue, never "there are N of these"): the stage in names and ids, cdk-nag, the stage's context.

import { Annotations, Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { PROD_CONTEXT, type Resource, synthesiseStages } from "./support.ts";

const { dev, prod, template, prodTemplate, resources, queuesByName } = synthesiseStages();

describe("stages", () => {
  it("puts the stage in the stack id and every derived physical name", () => {
    expect(dev.stack.stackName).toBe("OneThing-dev");
    expect(prod.stack.stackName).toBe("OneThing-prod");
    for (const name of queuesByName.keys()) expect(name.startsWith("onething-dev-")).toBe(true);
    for (const [, q] of resources("AWS::SQS::Queue", prodTemplate)) {
      expect((q.Properties.QueueName as string).startsWith("onething-prod-")).toBe(true);
    }
  });

  it("names no physical resource other than the topology's queues", () => {
    const named = Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(
      ([, r]) =>
        r.Type !== "AWS::SQS::Queue" &&
        ["TableName", "FunctionName", "RoleName", "BucketName", "TopicName", "LogGroupName", "Name"].some(
          (p) => typeof r.Properties?.[p] === "string",
        ),
    );
    // The API, its authorizer and the CloudFront function require a name (the authorizer's is unique within its
    // API only); CDK derives them from the construct path.
    const required = ["AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Authorizer", "AWS::CloudFront::Function"];
    expect(named.filter(([, r]) => !required.includes(r.Type))).toEqual([]);
  });
});

describe("cdk-nag AwsSolutions", () => {
  it.each([
    ["dev", dev],
    ["prod", prod],
  ] as const)("%s: no unsuppressed finding", (_name, synthesised) => {
    const annotations = Annotations.fromStack(synthesised.stack);
    const findings = [
      ...annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")),
      ...annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")),
    ];
    expect(findings.map((f) => `${f.id}: ${String(f.entry.data).slice(0, 80)}`)).toEqual([]);
  });

  it("every suppression carries a specific reason", () => {
    const suppressions = Object.values(
      template.toJSON().Resources as Record<string, { Metadata?: unknown }>,
    ).flatMap(
      (r) =>
        (r.Metadata as { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } })?.cdk_nag
          ?.rules_to_suppress ?? [],
    );
    expect(suppressions.length).toBeGreaterThan(0);
    for (const s of suppressions) expect(s.reason.length, s.id).toBeGreaterThanOrEqual(60);
  });
});

describe("stage configuration from context (prod)", () => {
  it("takes the JWT issuer and audiences from the context", () => {
    prodTemplate.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      JwtConfiguration: {
        Issuer: PROD_CONTEXT.jwtIssuer,
        Audience: ["onething", "onething-ops"],
      },
    });
  });

  it("lets each department's role be assumed only from the department's own account, with its ExternalId", () => {
    const principals = JSON.parse(PROD_CONTEXT.departmentPrincipals as string) as Record<
      string,
      { account: string; externalId: string }
    >;
    for (const [departmentId, role] of Object.entries(prod.stack.departmentRoles)) {
      const id = prod.stack.getLogicalId(role.node.defaultChild as never);
      const [statement] = (
        prodTemplate.toJSON().Resources[id].Properties.AssumeRolePolicyDocument as {
          Statement: Record<string, unknown>[];
        }
      ).Statement;
      const expected = principals[departmentId];
      expect(JSON.stringify(statement?.Principal), departmentId).toContain(`:iam::${expected?.account}:root`);
      expect(JSON.stringify(statement?.Principal), departmentId).not.toContain("AWS::AccountId");
      expect(statement?.Condition).toEqual({ StringEquals: { "sts:ExternalId": expected?.externalId } });
    }
  });

  it("dev synthesises with its placeholders, and says so in a warning that is not a cdk-nag finding", () => {
    const warnings = Annotations.fromStack(dev.stack).findWarning(
      "*",
      Match.stringLikeRegexp("stage dev is not fit for production"),
    );
    expect(warnings).toHaveLength(1);
    const text = String(warnings[0]?.entry.data);
    // Dev's own Cognito user pool brings its issuer: only the accounts and the e-mail are placeholders.
    expect(text).not.toContain("jwtIssuer");
    expect(text).toContain("departmentPrincipals");
    expect(text).not.toMatch(/AwsSolutions-/);
    expect(
      Annotations.fromStack(prod.stack).findWarning("*", Match.stringLikeRegexp("not fit for production")),
    ).toEqual([]);
  });
});

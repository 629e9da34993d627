// Pull over HTTPS on AWS: the api function's grants on the department queues (least privilege), and the
// department systems' OAuth 2.0 client credentials — Cognito's resource server and one M2M app client per office of
// the stage's context, their ids mapped to offices for the api (`DEPARTMENT_CLIENTS`) and accepted by the JWT
// authorizer; an external issuer's client map passed as it is. cdk-nag clean with the clients.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEPARTMENT_CLIENTS_ENV } from "@onething/auth";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { DEPARTMENT_CLIENTS_CONTEXT } from "../src/department-pull.ts";
import { STAGES, StageConfigError } from "../src/stages.ts";
import { prodStage, type Resource, synthesiseStages, temporaryWebDir } from "./support.ts";

const { dev, resources, idOf, queuesByName, topology } = synthesiseStages();
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A stage synthesised with the department clients of `given` in the context. */
function withClients(given: unknown, stage = STAGES.dev) {
  const root = mkdtempSync(join(tmpdir(), "onething-pull-test-"));
  roots.push(root);
  const { stack } = buildApp({
    stage,
    webDir: temporaryWebDir(root),
    outdir: join(root, "cdk.out"),
    context: { "aws:cdk:bundling-stacks": [], [DEPARTMENT_CLIENTS_CONTEXT]: given },
  });
  return { stack, template: Template.fromStack(stack) };
}

/** The api function's environment variables in a template. */
function apiVariables(template: Template): Record<string, unknown> {
  const functions = Object.entries(
    template.findResources("AWS::Lambda::Function") as Record<string, Resource>,
  );
  const [, api] = functions.find(([id]) => id.startsWith("ApiFunction")) ?? [];
  if (!api) throw new Error("no api function");
  return (api.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

type Statement = { Action: string | string[]; Resource: unknown };
const actionsOn = (roleId: string, resourceId: string): string[] =>
  [...resources("AWS::IAM::Policy"), ...resources("AWS::IAM::ManagedPolicy")]
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => JSON.stringify(s.Resource).includes(`"${resourceId}"`))
    .flatMap((s) => [s.Action].flat());

describe("the api function's grants", () => {
  it("receives, extends and deletes on every department queue, and sends to its DLQ; nothing more there", () => {
    const api = idOf(dev.stack.functions.api.role);
    for (const spec of Object.values(topology.queues.departments)) {
      const queue = queuesByName.get(spec.name)?.id ?? "";
      expect(actionsOn(api, queue).sort(), spec.name).toEqual(
        [
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
          "sqs:ReceiveMessage",
          "sqs:SendMessage",
        ].sort(),
      );
      const dlq = queuesByName.get(spec.deadLetterQueue.name)?.id ?? "";
      expect(actionsOn(api, dlq)).toContain("sqs:SendMessage");
    }
    // No other function reads a department queue.
    for (const fn of Object.values(dev.stack.functions).filter((f) => f.spec.name !== "api")) {
      const health = queuesByName.get(topology.queues.departments.health?.name ?? "")?.id ?? "";
      expect(actionsOn(idOf(fn.role), health), fn.spec.name).not.toContain("sqs:ReceiveMessage");
    }
  });

  it("makes no department client without the context (and no DEPARTMENT_CLIENTS)", () => {
    expect(resources("AWS::Cognito::UserPoolResourceServer")).toEqual([]);
    const [, api] = resources("AWS::Lambda::Function").find(([id]) => id.startsWith("ApiFunction")) ?? [];
    expect(JSON.stringify(api?.Properties.Environment)).not.toContain(DEPARTMENT_CLIENTS_ENV);
  });
});

describe("Cognito: M2M app clients per configured office", () => {
  const offices = [{ department: "health", office: "330212" }, { department: "cdc" }];
  const { stack, template } = withClients(JSON.stringify(offices));
  const all = (type: string) => Object.entries(template.findResources(type) as Record<string, Resource>);

  it("has a resource server with the department scope", () => {
    template.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", {
      Identifier: "onething-api",
      Scopes: [Match.objectLike({ ScopeName: "department" })],
    });
  });

  it("has one confidential client-credentials client per office, and the pages' client as before", () => {
    const clients = all("AWS::Cognito::UserPoolClient").map(([, c]) => c.Properties);
    const machines = clients.filter((c) => c.GenerateSecret === true);
    expect(machines).toHaveLength(2);
    for (const m of machines) {
      expect(m).toMatchObject({
        AllowedOAuthFlows: ["client_credentials"],
        AllowedOAuthFlowsUserPoolClient: true,
        ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
      });
      // `<resource server identifier>/department`, the identifier by reference.
      expect(JSON.stringify(m.AllowedOAuthScopes)).toMatch(/ApiResourceServer.*"\/department"/);
    }
    expect(machines.map((m) => m.ClientName).sort()).toEqual([
      "onething-dev-dept-cdc-all",
      "onething-dev-dept-health-330212",
    ]);
    expect(clients.filter((c) => c.GenerateSecret !== true)).toHaveLength(1);
  });

  it("maps each client id to its office for the api function, and lets the authorizer accept them", () => {
    const env = JSON.stringify(apiVariables(template)[DEPARTMENT_CLIENTS_ENV]);
    const machineIds = all("AWS::Cognito::UserPoolClient")
      .filter(([, c]) => c.Properties.GenerateSecret === true)
      .map(([id]) => id);
    for (const id of machineIds) expect(env).toContain(id);
    expect(env).toContain("330212");
    const [, authorizer] = all("AWS::ApiGatewayV2::Authorizer")[0] ?? [];
    const jwt = authorizer?.Properties.JwtConfiguration as { Audience: unknown } | undefined;
    const audience = JSON.stringify(jwt?.Audience);
    for (const id of machineIds) expect(audience).toContain(id);
  });

  it("outputs the token URL and each client id, never a secret", () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        "DepartmentTokenUrl",
        "DepartmentClientHealth330212",
        "DepartmentClientCdcAll",
      ]),
    );
    expect(JSON.stringify(outputs)).not.toMatch(/ClientSecret/);
  });

  it("is cdk-nag clean", () => {
    const annotations = Annotations.fromStack(stack);
    const findings = [
      ...annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")),
      ...annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")),
    ];
    expect(findings.map((f) => `${f.id}: ${String(f.entry.data).slice(0, 80)}`)).toEqual([]);
  });

  it("refuses an unknown department or office, a malformed list, and a duplicate", () => {
    expect(() => withClients('[{"department":"nope"}]')).toThrow(StageConfigError);
    expect(() => withClients('[{"department":"health","office":"339999"}]')).toThrow(/no office/);
    expect(() => withClients("[{")).toThrow(/not JSON/);
    expect(() => withClients('[{"department":"cdc"},{"department":"cdc"}]')).toThrow(/twice/);
  });
});

describe("an external issuer: the client map as given", () => {
  it("passes the issuer's client ids → offices to the api function", () => {
    const map = { "health-yinzhou": { department: "health", office: "330212" } };
    const { template } = withClients(map, prodStage());
    expect(JSON.parse(String(apiVariables(template)[DEPARTMENT_CLIENTS_ENV]))).toEqual(map);
    expect(template.findResources("AWS::Cognito::UserPoolClient")).toEqual({});
  });
});

import { DEPARTMENT_CLIENTS_ENV, DepartmentClientSchema, type DepartmentClients } from "@onething/auth";
import type { Catalogue } from "@onething/domain";
import { allQueues, type Topology } from "@onething/topology";
import { CfnOutput, Duration, Stack } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import type { Construct } from "constructs";
import { z } from "zod";
import { queueOf } from "./data.ts";
import type { DeployedQueue } from "./deployed-queue.ts";
import type { IdentityResult } from "./identity.ts";
import type { PlatformFunction } from "./platform-function.ts";
import { StageConfigError } from "./stages.ts";

/**
 * The stage's department systems that pull over HTTPS with OAuth 2.0 client credentials (`--context
 * departmentClients=…`, or the same under `context` in cdk.json):
 * - with Cognito, a JSON list of offices, `[{"department":"health","office":"330212"},{"department":"cdc"}]`: the
 *   stack makes one machine-to-machine app client (with a secret) per office;
 * - with an external issuer, a JSON object of the issuer's client ids to offices,
 *   `{"health-yinzhou":{"department":"health","office":"330212"}}`: its client-credentials tokens name their client
 *   in `client_id`, and their `aud` must be one of `jwtAudience`.
 * Either way the api function reads the client → office map as `DEPARTMENT_CLIENTS` (`@onething/auth`).
 */
export const DEPARTMENT_CLIENTS_CONTEXT = "departmentClients";

/** The resource server the M2M clients' tokens are for, and its one scope. */
export const API_RESOURCE_SERVER = "onething-api";
export const DEPARTMENT_SCOPE = "department";

const OfficeListSchema = z.array(DepartmentClientSchema);
const ClientMapSchema = z.record(z.string().min(1).max(128), DepartmentClientSchema);

export interface DepartmentPullProps {
  readonly topology: Topology;
  readonly catalogue: Catalogue;
  readonly queues: Readonly<Record<string, DeployedQueue>>;
  readonly api: PlatformFunction;
  readonly identity: IdentityResult;
  readonly stagePrefix: string;
}

/** The context's value, parsed (a JSON string, or an object from cdk.json). */
function contextValue(scope: Construct): unknown {
  const given = scope.node.tryGetContext(DEPARTMENT_CLIENTS_CONTEXT);
  if (given === undefined || given === "") return undefined;
  try {
    return typeof given === "string" ? JSON.parse(given) : given;
  } catch (error) {
    throw new StageConfigError(
      `--context ${DEPARTMENT_CLIENTS_CONTEXT} is not JSON: ${(error as Error).message}`,
    );
  }
}

function checked<T>(schema: z.ZodType<T>, value: unknown, shape: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new StageConfigError(
      `--context ${DEPARTMENT_CLIENTS_CONTEXT} must be ${shape}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

/** Every named department is the registry's and every office in the tree: a typo stops synthesis. */
function assertKnown(
  catalogue: Catalogue,
  offices: readonly { department: string; office?: string | undefined }[],
) {
  for (const { department, office } of offices) {
    if (!catalogue.departments.has(department))
      throw new StageConfigError(`--context ${DEPARTMENT_CLIENTS_CONTEXT}: no department ${department}`);
    if (office !== undefined && !catalogue.places.find(office))
      throw new StageConfigError(`--context ${DEPARTMENT_CLIENTS_CONTEXT}: no office ${office} in the tree`);
  }
}

/**
 * Pull over HTTPS: the api function may receive, change the visibility of and delete messages on every department
 * queue (it already sends to them: the outbox, and a lease's copies) and send to their DLQs (a message leased too
 * often); and the stage's department clients. Returns the JWT authorizer's settings with the M2M clients'
 * ids added to the audience (Cognito's access tokens carry no `aud`: API Gateway then checks `client_id`).
 */
export function createDepartmentPull(
  scope: Construct,
  props: DepartmentPullProps,
): { jwt: IdentityResult["jwt"]; clients: Readonly<Record<string, cognito.UserPoolClient>> } {
  const role = props.api.role;
  for (const spec of allQueues(props.topology)) {
    if (spec.consumer.kind !== "department") continue;
    const deployed = queueOf(props.queues, spec.key);
    deployed.queue.grant(role, "sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage");
    deployed.deadLetterQueue.grantSendMessages(role);
  }
  const given = contextValue(scope);
  const { identity } = props;
  if (given === undefined) return { jwt: identity.jwt, clients: {} };
  if (!identity.userPool) {
    const map: DepartmentClients = checked(ClientMapSchema, given, "an object of client ids to offices");
    assertKnown(props.catalogue, Object.values(map));
    props.api.function.addEnvironment(DEPARTMENT_CLIENTS_ENV, JSON.stringify(map));
    return { jwt: identity.jwt, clients: {} };
  }
  const offices = checked(OfficeListSchema, given, "a list of offices");
  assertKnown(props.catalogue, offices);
  const clients = cognitoClients(identity.userPool, offices, props.stagePrefix);
  const entries = Object.entries(clients).map(([key, client]) => ({
    clientId: client.userPoolClientId,
    ...(offices.find((o) => officeKey(o) === key) as z.infer<typeof DepartmentClientSchema>),
  }));
  props.api.function.addEnvironment(DEPARTMENT_CLIENTS_ENV, Stack.of(scope).toJsonString(entries));
  const tokenUrl = (identity.runtimeConfig.oidc as { endpoints?: { token?: string } } | undefined)?.endpoints
    ?.token;
  if (tokenUrl)
    new CfnOutput(scope, "DepartmentTokenUrl", {
      value: tokenUrl,
      description:
        "Where department systems get an access token (client credentials, scope onething-api/department)",
    });
  for (const [key, client] of Object.entries(clients))
    new CfnOutput(scope, `DepartmentClient${pascal(key)}`, {
      value: client.userPoolClientId,
      description: `Client id of ${key} (its secret: aws cognito-idp describe-user-pool-client)`,
    });
  return {
    jwt: { ...identity.jwt, audience: [...identity.jwt.audience, ...entries.map((e) => e.clientId)] },
    clients,
  };
}

const officeKey = (o: { department: string; office?: string | undefined }) =>
  `${o.department}-${o.office ?? "all"}`;
const pascal = (key: string) =>
  key
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");

/** A resource server with the department scope, and one M2M app client per office: client credentials only. */
function cognitoClients(
  userPool: cognito.UserPool,
  offices: readonly { department: string; office?: string | undefined }[],
  prefix: string,
): Record<string, cognito.UserPoolClient> {
  const department = new cognito.ResourceServerScope({
    scopeName: DEPARTMENT_SCOPE,
    scopeDescription: "A department office pulls and answers its tasks",
  });
  const server = userPool.addResourceServer("ApiResourceServer", {
    identifier: API_RESOURCE_SERVER,
    userPoolResourceServerName: `${prefix}-api`,
    scopes: [department],
  });
  const clients: Record<string, cognito.UserPoolClient> = {};
  for (const office of offices) {
    const key = officeKey(office);
    if (clients[key])
      throw new StageConfigError(`--context ${DEPARTMENT_CLIENTS_CONTEXT}: ${key} is listed twice`);
    const client = userPool.addClient(`DepartmentClient-${key}`, {
      userPoolClientName: `${prefix}-dept-${key}`,
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [cognito.OAuthScope.resourceServer(server, department)],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
    });
    // No user sign-in flow at all (unset, Cognito would allow SRP and custom auth): client credentials only.
    (client.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ["ALLOW_REFRESH_TOKEN_AUTH"];
    clients[key] = client;
  }
  return clients;
}

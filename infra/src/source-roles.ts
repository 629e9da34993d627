import { pascalCase, type Topology } from "@onething/topology";
import type * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { queueOf } from "./data.ts";
import type { DeployedQueue } from "./deployed-queue.ts";
import { externalRole } from "./external-role.ts";
import type { StageConfig } from "./stages.ts";

/**
 * One role per external source system of the topology (卫健's death and birth certificate systems, 公安's household
 * register, the departments' benefit rosters): send data events to the events queue. Nothing else — not even
 * reading the queue back. Assumed like a department's role: the account configured for the source (default, in dev
 * only: the deploying account) with an ExternalId.
 */
export function createSourceRoles(
  scope: Construct,
  topology: Topology,
  stage: StageConfig,
  queues: Readonly<Record<string, DeployedQueue>>,
): Record<string, iam.Role> {
  const roles: Record<string, iam.Role> = {};
  const events = queueOf(queues, "events").queue;
  for (const sourceId of topology.sources) {
    const principal = stage.sourcePrincipals[sourceId] ?? {};
    const externalId = principal.externalId ?? sourceExternalId(stage, sourceId);
    const logicalId = `Source${pascalCase(sourceId)}Role`;
    const role = externalRole(scope, logicalId, {
      description: `OneThing ${stage.name}: source system ${sourceId} sends data events`,
      account: principal.account,
      externalId,
      outputDescription: `Role source system ${sourceId} assumes (ExternalId ${externalId})`,
    });
    events.grant(role, "sqs:SendMessage");
    roles[sourceId] = role;
  }
  return roles;
}

/** The `sts:ExternalId` a source system presents by default. */
export const sourceExternalId = (stage: StageConfig, sourceId: string): string =>
  `onething-${stage.name}-source-${sourceId}`;

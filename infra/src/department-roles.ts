import { allQueues, type Topology } from "@onething/topology";
import type * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { queueOf } from "./data.ts";
import type { DeployedQueue } from "./deployed-queue.ts";
import { externalRole } from "./external-role.ts";
import type { StageConfig } from "./stages.ts";

/**
 * One role per department of the registry: receive, delete and extend the visibility of messages on its own queue,
 * read its attributes, and send answers to the results queue. Nothing else.
 */
export function createDepartmentRoles(
  scope: Construct,
  topology: Topology,
  stage: StageConfig,
  queues: Readonly<Record<string, DeployedQueue>>,
): Record<string, iam.Role> {
  const roles: Record<string, iam.Role> = {};
  for (const spec of allQueues(topology)) {
    if (spec.consumer.kind !== "department") continue;
    const departmentId = spec.consumer.departmentId;
    const principal = stage.departmentPrincipals[departmentId] ?? {};
    const externalId = principal.externalId ?? departmentExternalId(stage, departmentId);
    const role = externalRole(scope, `${spec.logicalId}Role`, {
      description: `OneThing ${stage.name}: department ${departmentId} reads its queue and answers`,
      account: principal.account,
      externalId,
      outputDescription: `Role department ${departmentId} assumes (ExternalId ${externalId})`,
    });
    queueOf(queues, spec.key).queue.grant(
      role,
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
    );
    queueOf(queues, "results").queue.grantSendMessages(role);
    roles[departmentId] = role;
  }
  return roles;
}

/** The `sts:ExternalId` a department presents by default. */
export const departmentExternalId = (stage: StageConfig, departmentId: string): string =>
  `onething-${stage.name}-${departmentId}`;

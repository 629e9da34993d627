import { Aws, CfnOutput, Duration } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";

/**
 * A role an outside system assumes (a department's, a source system's): from the account configured for it (by
 * default, in dev only, the deploying account) presenting its ExternalId, for an hour at most; its ARN is an output.
 */
export function externalRole(
  scope: Construct,
  logicalId: string,
  options: {
    description: string;
    account: string | undefined;
    externalId: string;
    outputDescription: string;
  },
): iam.Role {
  const role = new iam.Role(scope, logicalId, {
    description: options.description,
    assumedBy: new iam.AccountPrincipal(options.account ?? Aws.ACCOUNT_ID),
    externalIds: [options.externalId],
    maxSessionDuration: Duration.hours(1),
  });
  new CfnOutput(scope, `${logicalId}Arn`, { value: role.roleArn, description: options.outputDescription });
  return role;
}

import { PUBLIC_ROUTES } from "@onething/contracts";
import type { Stack } from "aws-cdk-lib";
import { CfnRoute } from "aws-cdk-lib/aws-apigatewayv2";
import { NagSuppressions } from "cdk-nag";
import type { OneThingStack } from "./stack.ts";

/**
 * The AwsSolutions findings this stack accepts, each on the narrowest construct and, for IAM5, only for the exact
 * wildcard named (`appliesTo`), with the reason it is accepted. Anything else fails synthesis.
 */
export function suppressStackFindings(stack: OneThingStack): void {
  for (const fn of Object.values(stack.functions)) {
    NagSuppressions.addResourceSuppressions(
      fn.role,
      [
        {
          id: "AwsSolutions-IAM5",
          appliesTo: ["Resource::*"],
          reason:
            "X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords): these actions support no resource-level permissions, AWS requires '*'.",
        },
        {
          id: "AwsSolutions-IAM5",
          appliesTo: [
            `Resource::<${stack.getLogicalId(stack.table.node.defaultChild as never)}.Arn>/index/*`,
          ],
          reason:
            "The function queries this table's GSIs (cases by status and by bundle, open items by department); the grant is this table's indexes only.",
        },
        {
          id: "AwsSolutions-IAM5",
          appliesTo: ["Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*"],
          reason:
            "KMS actions CDK grants for using the table (and the task-token secret) encrypted with the data key; the statement names that one key.",
        },
      ],
      true,
    );
  }
  // The public routes of the route list, found by their route key: the same list the HTTP API declared them from.
  for (const route of stack.api.node.children) {
    const cfn = route.node.defaultChild;
    if (!(cfn instanceof CfnRoute) || !PUBLIC_ROUTES.includes(cfn.routeKey)) continue;
    NagSuppressions.addResourceSuppressions(route, [
      {
        id: "AwsSolutions-APIG4",
        reason:
          "Public by design: the bundle catalogue, the department registry and the OpenAPI document are read by anyone before signing in; every other route has the JWT authorizer.",
      },
    ]);
  }
  NagSuppressions.addResourceSuppressions(stack.webSite.bucket, [
    {
      id: "AwsSolutions-S1",
      reason:
        "The bucket holds only the public web build, rewritten on every deploy and read only through CloudFront; requests are visible in CloudFront's metrics.",
    },
  ]);
  NagSuppressions.addResourceSuppressions(stack.webSite.distribution, [
    {
      id: "AwsSolutions-CFR1",
      reason:
        "No geo restriction: citizens apply from abroad too (family members of the deceased, students).",
    },
    {
      id: "AwsSolutions-CFR2",
      reason:
        "A CloudFront WAF web ACL must live in us-east-1 and is owned by the account's security team; the API behind /v1 is throttled and authorised on its own.",
    },
    {
      id: "AwsSolutions-CFR3",
      reason:
        "CloudFront standard logs need an ACL-enabled bucket and would record citizens' IP addresses; the API's own access logs (without PII) cover /v1.",
    },
    {
      id: "AwsSolutions-CFR4",
      reason:
        "The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the viewer policy; a custom domain with its certificate (TLSv1.2_2021) is set per deployment.",
    },
  ]);
  suppressBucketDeploymentFindings(stack);
}

/** The Lambda-backed custom resource CDK creates for `BucketDeployment` (one per stack, not ours to configure). */
function suppressBucketDeploymentFindings(stack: Stack): void {
  const provider = stack.node.children.find((child) =>
    child.node.id.startsWith("Custom::CDKBucketDeployment"),
  );
  if (!provider) return;
  NagSuppressions.addResourceSuppressions(
    provider,
    [
      {
        id: "AwsSolutions-IAM4",
        appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
        reason:
          "CDK's BucketDeployment provider function: its role is created by CDK with the basic execution policy.",
      },
      {
        id: "AwsSolutions-IAM5",
        reason:
          "CDK's BucketDeployment provider copies the build from the CDK assets bucket into the web bucket (object wildcards in both) and invalidates the distribution (cloudfront:CreateInvalidation supports no resource-level scoping in CDK's grant).",
      },
      {
        id: "AwsSolutions-L1",
        reason:
          "CDK's BucketDeployment provider runs on the Python runtime CDK pins for it; it runs only at deploy time.",
      },
    ],
    true,
  );
}

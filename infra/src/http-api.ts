import { PUBLIC_ROUTES } from "@onething/contracts";
import type { RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { logRetention, type PlatformFunction } from "./platform-function.ts";
import type { StageConfig } from "./stages.ts";

/**
 * The HTTP API in front of the api function: the `$default` stage with the stage's throttling and access logs, the
 * JWT authorizer on every route but the public ones.
 */
export function createHttpApi(
  scope: Construct,
  stage: StageConfig,
  apiFunction: PlatformFunction,
  removalPolicy: RemovalPolicy,
): apigw.HttpApi {
  const api = new apigw.HttpApi(scope, "HttpApi", {
    description: `OneThing ${stage.name} HTTP API`,
    createDefaultStage: false,
  });
  const accessLogs = new logs.LogGroup(scope, "ApiAccessLogs", {
    retention: logRetention(stage.logRetentionDays),
    removalPolicy,
  });
  new apigw.HttpStage(scope, "ApiDefaultStage", {
    httpApi: api,
    stageName: "$default",
    autoDeploy: true,
    throttle: stage.throttle,
    accessLogSettings: {
      destination: new apigw.LogGroupLogDestination(accessLogs),
      // No PII: the route template (never the path, which carries case ids and task tokens), no source IP, no
      // user agent, no JWT claims.
      format: accessLogFormat(),
    },
  });
  const integration = new HttpLambdaIntegration("ApiIntegration", apiFunction.function, {
    payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
  });
  const authorizer = new HttpJwtAuthorizer("JwtAuthorizer", stage.jwt.issuer, {
    jwtAudience: [...stage.jwt.audience],
  });
  api.addRoutes({ path: "/v1/{proxy+}", methods: [apigw.HttpMethod.ANY], integration, authorizer });
  for (const route of PUBLIC_ROUTES) {
    const [method, path] = route.split(" ") as [string, string];
    api.addRoutes({ path, methods: [method as apigw.HttpMethod], integration });
  }
  return api;
}

/** API Gateway access log fields: ids, route template, status and latencies only. */
export function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: "$context.requestId",
      requestTime: "$context.requestTimeEpoch",
      routeKey: "$context.routeKey",
      status: "$context.status",
      protocol: "$context.protocol",
      responseLength: "$context.responseLength",
      responseLatency: "$context.responseLatency",
      integrationLatency: "$context.integrationLatency",
      integrationStatus: "$context.integrationStatus",
      authorizerError: "$context.authorizer.error",
      errorMessage: "$context.error.message",
    }),
  );
}

// The synthesised template, checked for behaviour (what each resource does, derived from the topology and the
// catalogue, never "there are N of these"): what the outside reaches, the HTTP API (authorizer, stage, access
// logs) and the web site in front of it (bucket, CloudFront, headers, uploads).

import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { PUBLIC_ROUTES } from "../src/stack.ts";
import { STAGES } from "../src/stages.ts";
import { prodStage, type Resource, ref, synthesiseStages } from "./support.ts";

const { dev, template, prodTemplate, resources, idOf } = synthesiseStages();

describe("HTTP API", () => {
  const routes = resources("AWS::ApiGatewayV2::Route");

  it("puts the JWT authorizer on every route except the public catalogue, registry and OpenAPI ones", () => {
    const authorizerId = resources("AWS::ApiGatewayV2::Authorizer")[0]?.[0] ?? "";
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(
      ["ANY /v1/{proxy+}", ...PUBLIC_ROUTES].sort(),
    );
    for (const [, route] of routes) {
      const key = route.Properties.RouteKey as string;
      if ((PUBLIC_ROUTES as readonly string[]).includes(key)) {
        expect(route.Properties.AuthorizationType, key).toBe("NONE");
      } else {
        expect(route.Properties, key).toMatchObject({
          AuthorizationType: "JWT",
          AuthorizerId: ref(authorizerId),
        });
      }
    }
  });

  it("takes the authorizer's issuer and audience from the stage: prod's external issuer, dev's user pool", () => {
    prodTemplate.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: { Issuer: prodStage().jwt.issuer, Audience: [...prodStage().jwt.audience] },
    });
    const pool = resources("AWS::Cognito::UserPool")[0]?.[0];
    const client = resources("AWS::Cognito::UserPoolClient")[0]?.[0];
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      JwtConfiguration: { Issuer: { "Fn::GetAtt": [pool, "ProviderURL"] }, Audience: [{ Ref: client }] },
    });
    expect(STAGES.dev.identity.kind).toBe("cognito");
  });

  it("throttles the default stage per the stage config and writes access logs without PII", () => {
    const [[, stage]] = resources("AWS::ApiGatewayV2::Stage") as [[string, Resource]];
    expect(stage.Properties).toMatchObject({
      StageName: "$default",
      DefaultRouteSettings: {
        ThrottlingRateLimit: STAGES.dev.throttle.rateLimit,
        ThrottlingBurstLimit: STAGES.dev.throttle.burstLimit,
      },
    });
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
    const fields = Object.values(JSON.parse(format) as Record<string, string>);
    expect(fields).toContain("$context.requestId");
    expect(fields).toContain("$context.routeKey");
    // The path carries case ids and task tokens; the IP, user agent and claims identify people.
    for (const pii of [
      "$context.path",
      "$context.identity.sourceIp",
      "$context.identity.userAgent",
      "claims",
    ]) {
      expect(format).not.toContain(pii);
    }
  });
});

describe("web site", () => {
  it("serves a private, TLS-only, encrypted bucket through CloudFront with origin access control", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({}),
    });
    template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", Match.anyValue());
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("forwards /v1/* to the HTTP API uncached with every viewer header but Host, and falls back to index.html", () => {
    const [[, distribution]] = resources("AWS::CloudFront::Distribution") as [[string, Resource]];
    const config = distribution.Properties.DistributionConfig as {
      CacheBehaviors: Record<string, unknown>[];
      DefaultRootObject: string;
      DefaultCacheBehavior: { FunctionAssociations: unknown[] };
      CustomErrorResponses?: unknown;
    };
    expect(config.CacheBehaviors).toEqual([
      expect.objectContaining({
        PathPattern: "/v1/*",
        // AWS managed policies: CachingDisabled, AllViewerExceptHostHeader.
        CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
        AllowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
      }),
    ]);
    expect(config.DefaultRootObject).toBe("index.html");
    expect(config.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    // Distribution-wide error pages would also rewrite the API's own 403/404s.
    expect(config.CustomErrorResponses).toBeUndefined();
    template.hasResourceProperties("Custom::CDKBucketDeployment", Match.anyValue());
  });
});

describe("web site: headers and caching", () => {
  it("attaches the security headers policy (HSTS, nosniff, DENY, referrer policy, same-origin CSP) to every behaviour", () => {
    template.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 31_536_000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: "DENY", Override: true },
          ReferrerPolicy: { ReferrerPolicy: "strict-origin-when-cross-origin", Override: true },
          // Dev's adds the user pool's hosted domain to connect-src (a token: see identity.unit.test.ts).
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.anyValue(), Override: true },
        },
      }),
    });
    const policyId = idOf(dev.stack.webSite.securityHeaders);
    const [[, distribution]] = resources("AWS::CloudFront::Distribution") as [[string, Resource]];
    const config = distribution.Properties.DistributionConfig as {
      CacheBehaviors: Record<string, unknown>[];
      DefaultCacheBehavior: Record<string, unknown>;
    };
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behaviour.ResponseHeadersPolicyId).toEqual(ref(policyId));
    }
  });

  it("never prunes old assets; hashed assets are immutable for a year, index.html revalidated, assets first", () => {
    const deployments = resources("Custom::CDKBucketDeployment");
    expect(deployments).toHaveLength(2);
    for (const [id, d] of deployments) expect(d.Properties.Prune, id).toBe(false);
    const assets = deployments.find(([, d]) => JSON.stringify(d.Properties.Include) === '["assets/*"]');
    const pages = deployments.find(([, d]) => JSON.stringify(d.Properties.Exclude) === '["assets/*"]');
    expect(assets?.[1].Properties).toMatchObject({
      Exclude: ["*"],
      SystemMetadata: { "cache-control": "public, max-age=31536000, immutable" },
    });
    expect(assets?.[1].Properties.DistributionPaths).toBeUndefined();
    expect(pages?.[1].Properties).toMatchObject({
      SystemMetadata: { "cache-control": "no-cache" },
      DistributionPaths: ["/index.html"],
    });
    expect(pages?.[1].Properties.Include).toBeUndefined();
    const dependsOn = (template.toJSON().Resources[pages?.[0] ?? ""] as { DependsOn?: string[] }).DependsOn;
    expect(dependsOn).toContain(assets?.[0]);
  });
});

// The stage's identity provider, synthesised: dev's Cognito user pool (hosted domain, the pages' client with code +
// PKCE, the platform's custom attributes, the groups of the claim map) and prod's external issuer, the runtime
// config beside the pages and the CSP that lets them reach the token endpoint.
import { CLAIM_MAP_ENV, COGNITO_CLAIM_MAP } from "@onething/auth";
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { COGNITO_GROUPS } from "../src/identity.ts";
import { resolveStage, StageConfigError } from "../src/stages.ts";
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from "../src/website.ts";
import { PROD_CONTEXT, prodStage, synthesise, synthesiseStages } from "./support.ts";

const { template, prodTemplate, resources, dev } = synthesiseStages();

describe("dev: a Cognito user pool", () => {
  it("has no self sign-up, MFA by authenticator app, a strong password policy and the Plus plan's threat protection", () => {
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: "ON",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      UserPoolTier: "PLUS",
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireNumbers: true,
          RequireSymbols: true,
          RequireUppercase: true,
        }),
      },
    });
  });

  it("holds the platform's custom attributes: the ID number never changes, credit code and office may", () => {
    const pool = resources("AWS::Cognito::UserPool")[0]?.[1];
    const schema = pool?.Properties.Schema as { Name: string; Mutable: boolean; AttributeDataType: string }[];
    expect(Object.fromEntries(schema.map((a) => [a.Name, a.Mutable]))).toEqual({
      id_number: false,
      uscc: true,
      office: true,
    });
    // The claim map reads them with Cognito's prefix.
    expect(COGNITO_CLAIM_MAP.idNumber).toEqual(["custom:id_number"]);
    expect(COGNITO_CLAIM_MAP.uscc).toEqual(["custom:uscc"]);
    expect(COGNITO_CLAIM_MAP.office).toEqual(["custom:office"]);
  });

  it("has a group for every role and permission the claim map knows, and no other", () => {
    const groups = resources("AWS::Cognito::UserPoolGroup").map(([, g]) => g.Properties.GroupName);
    const mapped = [
      ...Object.keys(COGNITO_CLAIM_MAP.groupRoles ?? {}),
      ...Object.keys(COGNITO_CLAIM_MAP.groupPermissions ?? {}),
    ];
    expect(groups.sort()).toEqual(mapped.sort());
    expect(Object.keys(COGNITO_GROUPS).sort()).toEqual(mapped.sort());
  });

  it("has a hosted domain and one public client: code grant only, the pages' callback and sign-out URLs", () => {
    template.hasResourceProperties("AWS::Cognito::UserPoolDomain", { Domain: "onething-dev" });
    const clients = resources("AWS::Cognito::UserPoolClient");
    expect(clients).toHaveLength(1);
    const client = clients[0]?.[1].Properties ?? {};
    expect(client).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: expect.arrayContaining(["openid"]),
      SupportedIdentityProviders: ["COGNITO"],
      PreventUserExistenceErrors: "ENABLED",
      WriteAttributes: ["locale"],
    });
    // Cognito reads an empty write list as "all writable": the user may write only the locale, never the platform's
    // attributes, and the tokens carry no scope for Cognito's own user APIs.
    expect(client.WriteAttributes).toEqual(["locale"]);
    expect(client.AllowedOAuthScopes).not.toContain("aws.cognito.signin.user.admin");
    // No password flow reaches the pages: only the hosted UI (and the refresh token).
    expect(client.ExplicitAuthFlows).toEqual(["ALLOW_REFRESH_TOKEN_AUTH"]);
    const callbacks = JSON.stringify(client.CallbackURLs);
    expect(callbacks).toContain("/signin/callback");
    expect(callbacks).toContain("DomainName");
    expect(JSON.stringify(client.LogoutURLs)).toContain("DomainName");
  });

  it("lets the pages fetch the hosted domain's token endpoint, and nothing else beyond their origin", () => {
    const policy = resources("AWS::CloudFront::ResponseHeadersPolicy")[0]?.[1];
    const csp = JSON.stringify(policy?.Properties);
    expect(csp).toContain("connect-src 'self' https://");
    expect(csp).toContain(".amazoncognito.com");
    expect(contentSecurityPolicy([])).toBe(CONTENT_SECURITY_POLICY);
  });

  it("writes runtime-config.json beside the pages", () => {
    const deployments = resources("Custom::CDKBucketDeployment").filter(([id]) => id.includes("DeployPages"));
    expect(deployments).toHaveLength(1);
    expect(deployments[0]?.[1].Properties.SourceObjectKeys).toHaveLength(2);
    expect(dev.stack.identity.runtimeConfig).toMatchObject({
      devSignIn: false,
      oidc: {
        apiToken: "id_token",
        logout: { redirectParam: "logout_uri" },
        // Sign-out revokes the refresh token: Cognito's /logout alone leaves it valid.
        endpoints: { revocation: expect.stringMatching(/^https:\/\/.+\/oauth2\/revoke$/) },
      },
    });
  });

  it("gives the pages the stage's claim map on a Cognito stage too, as the API function reads it", () => {
    const claimMap = {
      idNumber: ["custom:sfzh"],
      groups: ["cognito:groups"],
      groupRoles: { yunying: "operator" },
    };
    const synthesised = synthesise({
      stage: prodStage({ claimMap: JSON.stringify(claimMap), identityProvider: "cognito" }),
      bundle: false,
    });
    try {
      expect(synthesised.stack.identity.userPool).toBeDefined();
      expect(synthesised.stack.identity.runtimeConfig).toMatchObject({ oidc: { claimMap } });
    } finally {
      synthesised.cleanup();
    }
  });
});

describe("prod: the province's OIDC issuer", () => {
  it("deploys no user pool; the pages' CSP names the issuer's origin", () => {
    expect(Object.keys(prodTemplate.findResources("AWS::Cognito::UserPool"))).toEqual([]);
    const policies = Object.values(prodTemplate.findResources("AWS::CloudFront::ResponseHeadersPolicy"));
    const csp = JSON.stringify(policies[0]?.Properties);
    // The documents bucket's origin follows it (infra/test/documents.unit.test.ts resolves the whole directive).
    expect(csp).toContain(
      `connect-src 'self' ${new URL(PROD_CONTEXT.jwtIssuer ?? "").origin} https://onething-prod-documents-`,
    );
  });

  it("takes the client id, scope and bearer token from the context", () => {
    const context: Record<string, string> = {
      ...PROD_CONTEXT,
      oidcClientId: "onething-pages",
      oidcScope: "openid profile zj_realname",
      oidcApiToken: "id_token",
    };
    expect(resolveStage("prod", (k) => context[k]).identity).toEqual({
      kind: "external",
      clientId: "onething-pages",
      scope: "openid profile zj_realname",
      apiToken: "id_token",
    });
    const cognito = resolveStage("prod", (k) => ({ ...context, identityProvider: "cognito" })[k]);
    expect(cognito.identity).toEqual({ kind: "cognito", domainPrefix: "onething-prod" });
    expect(() => resolveStage("dev", (k) => ({ identityProvider: "ldap" })[k])).toThrow(StageConfigError);
    expect(() => resolveStage("dev", (k) => ({ cognitoDomainPrefix: "My_Pool" })[k])).toThrow(
      StageConfigError,
    );
  });

  it("gives the api function, and only it, the stage's claim map", () => {
    const claimMap = { idNumber: ["zj_sfzh"], groups: ["zj_roles"], groupRoles: { yunying: "operator" } };
    const synthesised = synthesise({
      stage: prodStage({ claimMap: JSON.stringify(claimMap) }),
      bundle: false,
    });
    try {
      const env = (fn: { function: unknown }) =>
        Object.keys(
          (
            synthesised.stack.resolve(
              (fn.function as { node: { defaultChild: { environment: unknown } } }).node.defaultChild
                .environment,
            ) as { variables: Record<string, string> }
          ).variables,
        );
      const { api, sweeper } = synthesised.stack.functions;
      expect(env(api)).toContain(CLAIM_MAP_ENV);
      expect(env(sweeper)).not.toContain(CLAIM_MAP_ENV);
      // The pages read who signed in through the same map.
      expect(synthesised.stack.identity.runtimeConfig).toMatchObject({ oidc: { claimMap } });
      expect(prodStage({ claimMap: JSON.stringify(claimMap) }).claimMap).toEqual(claimMap);
      expect(() => prodStage({ claimMap: '{"idNumbr":["x"]}' })).toThrow(StageConfigError);
    } finally {
      synthesised.cleanup();
    }
  });
});

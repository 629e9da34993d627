import { Duration, Lazy, type RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import type { Construct } from "constructs";
import type { StageConfig } from "./stages.ts";

/**
 * Who signs people in on a stage: a Cognito user pool the stack deploys (hosted domain, the pages' app client with
 * code + PKCE, custom attributes `id_number`, `uscc`, `office`, groups for roles and permissions), or the province's
 * own OIDC issuer (its real-name system), named by the stage. Either way the JWT authorizer follows and the pages
 * are told where to sign in by `runtime-config.json`, written by the stack next to them.
 */
export type StageIdentity =
  | {
      readonly kind: "cognito";
      /** The hosted domain's prefix: `https://<prefix>.auth.<region>.amazoncognito.com`, unique in the region. */
      readonly domainPrefix: string;
    }
  | {
      readonly kind: "external";
      /** The pages' client id at the issuer (public client, code + PKCE). Default: the authorizer's first audience. */
      readonly clientId?: string | undefined;
      /** Default `openid`. */
      readonly scope?: string | undefined;
      /** The API's bearer: the access token (default) or, for an issuer whose access tokens lack the claims, the ID token. */
      readonly apiToken?: "access_token" | "id_token" | undefined;
    };

/** The Cognito groups of the claim map (`COGNITO_CLAIM_MAP` in @onething/auth): two roles, two permissions. */
export const COGNITO_GROUPS = {
  operators:
    "Operators: the overview and case lists of their office (attribute custom:office; none: the platform)",
  clerks: "Counter clerks filing for residents (attribute custom:office: the counter's office)",
  reveal: "Operators who may reveal masked personal data (each reveal is recorded)",
  calendar: "Operators who may load the holiday notice into the working-day calendar",
} as const;

export interface IdentityResult {
  /** What the JWT authorizer checks. */
  readonly jwt: { readonly issuer: string; readonly audience: readonly string[] };
  /** `runtime-config.json` beside the pages (`packages/web/src/sign-in/runtime-config.ts`). */
  readonly runtimeConfig: Record<string, unknown>;
  /** Origins the pages' CSP must let them `fetch` (the token endpoint). */
  readonly connectOrigins: readonly string[];
  readonly userPool?: cognito.UserPool;
  readonly client?: cognito.UserPoolClient;
}

/**
 * The stage's identity provider. `pagesDomain` is the CloudFront domain of the pages (resolved at synthesis: the
 * web site is built after the API, whose authorizer needs the client id).
 */
export function createIdentity(
  scope: Construct,
  stage: StageConfig,
  pagesDomain: () => string,
  removalPolicy: RemovalPolicy,
): IdentityResult {
  const identity = stage.identity;
  if (identity.kind === "external") {
    const clientId = identity.clientId ?? stage.jwt.audience[0] ?? "";
    return {
      jwt: stage.jwt,
      runtimeConfig: {
        devSignIn: false,
        oidc: {
          issuer: stage.jwt.issuer.replace(/\/$/, ""),
          clientId,
          scope: identity.scope ?? "openid",
          apiToken: identity.apiToken ?? "access_token",
          // The pages read who signed in through the same map as the API.
          ...(stage.claimMap ? { claimMap: stage.claimMap } : {}),
        },
      },
      connectOrigins: [new URL(stage.jwt.issuer).origin],
    };
  }
  return cognitoIdentity(scope, stage, identity.domainPrefix, pagesDomain, removalPolicy);
}

function cognitoIdentity(
  scope: Construct,
  stage: StageConfig,
  domainPrefix: string,
  pagesDomain: () => string,
  removalPolicy: RemovalPolicy,
): IdentityResult {
  const userPool = new cognito.UserPool(scope, "Users", {
    userPoolName: `${stage.prefix}-users`,
    // Accounts come from the real-name registration (an administrator or a migration), never from a sign-up form.
    selfSignUpEnabled: false,
    // No SMS from Cognito (no SNS role): the one-time codes come from an authenticator app.
    signInAliases: { username: true },
    autoVerify: {},
    customAttributes: {
      id_number: new cognito.StringAttribute({ minLen: 18, maxLen: 18, mutable: false }),
      uscc: new cognito.StringAttribute({ minLen: 18, maxLen: 18, mutable: true }),
      office: new cognito.StringAttribute({ minLen: 6, maxLen: 12, mutable: true }),
    },
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(3),
    },
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { sms: false, otp: true },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    // Threat protection (compromised credentials, adaptive authentication) needs the Plus plan.
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    deletionProtection: stage.protectData,
    removalPolicy,
  });
  for (const [groupName, description] of Object.entries(COGNITO_GROUPS)) {
    new cognito.CfnUserPoolGroup(scope, `Group-${groupName}`, {
      userPoolId: userPool.userPoolId,
      groupName,
      description,
    });
  }
  const domain = userPool.addDomain("Domain", { cognitoDomain: { domainPrefix } });
  const pages = Lazy.string({ produce: () => `https://${pagesDomain()}` });
  const client = userPool.addClient("WebClient", {
    userPoolClientName: `${stage.prefix}-web`,
    generateSecret: false,
    // Only the hosted UI's authorization code flow (PKCE): no password ever reaches the pages.
    authFlows: {},
    oAuth: {
      flows: { authorizationCodeGrant: true },
      // No `aws.cognito.signin.user.admin`: the tokens cannot call Cognito's user APIs (UpdateUserAttributes …).
      scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE],
      callbackUrls: [`${pages}/signin/callback`],
      logoutUrls: [`${pages}/`],
    },
    supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: Duration.minutes(30),
    idTokenValidity: Duration.minutes(30),
    refreshTokenValidity: Duration.hours(12),
    // The platform's attributes are read, never written by the user: the ID number is the real-name system's.
    readAttributes: new cognito.ClientAttributes()
      .withStandardAttributes({ fullname: true })
      .withCustomAttributes("id_number", "uscc", "office"),
    // An empty list means "every attribute writable" to Cognito: name one harmless attribute so the user may write
    // nothing else (not the credit code, the office, the name or the phone).
    writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ locale: true }),
  });
  // Unset, Cognito would allow SRP and custom auth from any SDK: only the refresh token besides the hosted UI.
  (client.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ["ALLOW_REFRESH_TOKEN_AUTH"];
  const base = domain.baseUrl();
  const issuer = userPool.userPoolProviderUrl;
  return {
    // Cognito's access token carries no custom attributes: the pages send the ID token, whose audience is the client.
    jwt: { issuer, audience: [client.userPoolClientId] },
    runtimeConfig: {
      devSignIn: false,
      oidc: {
        issuer,
        clientId: client.userPoolClientId,
        scope: "openid profile",
        apiToken: "id_token",
        endpoints: {
          authorization: `${base}/oauth2/authorize`,
          token: `${base}/oauth2/token`,
          // Sign-out revokes the refresh token here: `/logout` only ends the hosted UI's session.
          revocation: `${base}/oauth2/revoke`,
        },
        logout: { url: `${base}/logout`, redirectParam: "logout_uri" },
        // The API function reads claims through the stage's map (`CLAIM_MAP`); the pages must read them alike.
        ...(stage.claimMap ? { claimMap: stage.claimMap } : {}),
      },
    },
    connectOrigins: [base],
    userPool,
    client,
  };
}

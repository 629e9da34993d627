import type { IncomingMessage } from "node:http";
import { API_AUDIENCE } from "@onething/auth";
import type { JWK } from "jose";
import Provider, { type Configuration, type OidcContext, type TokenLike } from "oidc-provider";
import { accountClaims, type LocalAccount } from "./accounts.ts";
import {
  type DepartmentClientAccount,
  departmentClientClaims,
  departmentClientMetadata,
} from "./department-clients.ts";
import { MemoryAdapter } from "./memory-adapter.ts";
import { errorPage, langOf, loggedOutPage, logoutPage } from "./pages.ts";

/** The pages' client: public (no secret), authorization code with PKCE, refresh tokens. */
export const WEB_CLIENT_ID = "onething-web";
/** The API as a resource server: its access tokens are JWTs with the audience API Gateway's authorizer expects. */
export const API_RESOURCE = "urn:onething:api";
export const API_SCOPE = "api";
/** What the pages ask for. */
export const WEB_SCOPE = `openid ${API_SCOPE}`;

export interface ProviderSettings {
  /** `http://localhost:<port>/oidc`: the provider is mounted at the issuer's path. */
  readonly issuer: string;
  readonly accounts: readonly LocalAccount[];
  /** The pages' `/signin/callback` (and their other origins'). */
  readonly redirectUris: readonly string[];
  /** Where sign-out may return: the pages' `/`. */
  readonly postLogoutRedirectUris: readonly string[];
  /** The signing key (a private JWK with `kid`, `alg` and `use`). */
  readonly signingKey: JWK;
  /** Signs the provider's cookies. */
  readonly cookieKeys: readonly string[];
  readonly accessTokenTtlSeconds: number;
  /** Department systems' client-credentials clients (none: only the pages' client). */
  readonly departmentClients?: readonly DepartmentClientAccount[];
}

const ctxLang = (ctx: OidcContext) =>
  langOf(ctx.oidc.params?.ui_locales, (ctx as { query?: { lang?: unknown } }).query?.lang);

/**
 * oidc-provider configured as the platform's local identity provider: one public client, PKCE required, access
 * tokens as JWTs for the API (audience `onething-api`) carrying the platform's claims (`claimsFor`), the same claims
 * in the ID token, refresh tokens that end with the provider session, RP-initiated logout, and consent skipped for
 * the first-party client (a grant of `openid` and `api` is made at the first sign-in).
 */
export function createProvider(settings: ProviderSettings): Provider {
  const accounts = new Map(settings.accounts.map((a) => [a.id, a]));
  const claimsOf = (id: string | undefined) => {
    const account = id === undefined ? undefined : accounts.get(id);
    return account ? accountClaims(account) : undefined;
  };
  const ttl = settings.accessTokenTtlSeconds;
  const machines = new Map((settings.departmentClients ?? []).map((c) => [c.clientId, c]));
  const tokenClaims = (token: TokenLike) => {
    if (token.kind === "AccessToken") return claimsOf(token.accountId);
    const machine = token.kind === "ClientCredentials" ? machines.get(token.clientId ?? "") : undefined;
    return machine ? departmentClientClaims(machine) : undefined;
  };
  const configuration: Configuration = {
    clients: [
      {
        client_id: WEB_CLIENT_ID,
        client_name: "OneThing",
        token_endpoint_auth_method: "none",
        application_type: "web",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: [...settings.redirectUris],
        post_logout_redirect_uris: [...settings.postLogoutRedirectUris],
      },
      ...[...machines.values()].map(departmentClientMetadata),
    ],
    adapter: MemoryAdapter,
    jwks: { keys: [settings.signingKey] },
    cookies: { keys: [...settings.cookieKeys] },
    claims: { openid: ["sub", "role", "id_number", "uscc", "office", "permissions", "name"] },
    // The ID token carries the platform's claims too: the pages read who signed in from it.
    conformIdTokenClaims: false,
    findAccount: async (_ctx: unknown, sub: string) => {
      const claims = claimsOf(sub);
      return claims ? { accountId: sub, claims: () => ({ ...claims, sub }) } : undefined;
    },
    extraTokenClaims: async (_ctx: unknown, token: TokenLike) => tokenClaims(token),
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed("refresh_token"),
    pkce: { required: () => true },
    ttl: {
      AccessToken: ttl,
      ClientCredentials: ttl,
      IdToken: ttl,
      RefreshToken: 12 * 3600,
      Session: 12 * 3600,
      Grant: 12 * 3600,
      Interaction: 3600,
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) =>
        `${new URL(settings.issuer).pathname}/interaction/${interaction.uid}`,
    },
    loadExistingGrant: async (ctx: OidcContext) => {
      const { client, session, result, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return provider.Grant.find(grantId);
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope("openid");
      grant.addResourceScope(API_RESOURCE, API_SCOPE);
      await grant.save();
      return grant;
    },
    features: {
      devInteractions: { enabled: false },
      // Department systems: a token for the API with their client id and secret (RFC 6749 §4.4).
      clientCredentials: { enabled: machines.size > 0 },
      // Sign-out revokes the tab's refresh token before ending the provider's session (RFC 7009).
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => API_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => ({
          scope: API_SCOPE,
          audience: API_AUDIENCE,
          accessTokenFormat: "jwt",
          accessTokenTTL: ttl,
          jwt: { sign: { alg: settings.signingKey.alg } },
        }),
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: OidcContext, form: string) => {
          ctx.type = "html";
          ctx.body = logoutPage(ctxLang(ctx), form);
        },
        postLogoutSuccessSource: async (ctx: OidcContext) => {
          ctx.type = "html";
          ctx.body = loggedOutPage(ctxLang(ctx));
        },
      },
    },
    renderError: async (ctx: OidcContext, out: { error?: string; error_description?: string }) => {
      ctx.type = "html";
      ctx.body = errorPage(ctxLang(ctx), out.error ?? "server_error", out.error_description);
    },
  };
  return new Provider(settings.issuer, configuration);
}

/** oidc-provider reads the mount path from `originalUrl`: the request as the provider at `mountPath` sees it. */
export function mountedAt(req: IncomingMessage & { originalUrl?: string }, mountPath: string): void {
  req.originalUrl = req.url;
  req.url = (req.url ?? "/").slice(mountPath.length) || "/";
}

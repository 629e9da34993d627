import * as oauth from "oauth4webapi";
import { clearSession, loadSession, loadStoredSession, type Session, saveSession } from "../session.ts";
import { SignInError } from "./failure.ts";
import { forgetReturnTo } from "./return-to.ts";
import { type RuntimeConfig, runtimeConfig } from "./runtime-config.ts";
import { whoFrom } from "./who.ts";

/**
 * Sign-in with OpenID Connect, authorization code + PKCE (oauth4webapi): the provider is discovered from its issuer,
 * each sign-in carries a fresh code verifier, state and nonce (kept in this tab's sessionStorage until the
 * callback), the tokens are kept for the tab, refreshed after two thirds of their life, and sign-out revokes the
 * refresh token and ends the provider's session too (RP-initiated logout, or Cognito's `/logout`).
 */

type Oidc = NonNullable<RuntimeConfig["oidc"]>;
const PENDING = "onething.oidc.pending";
export const CALLBACK_PATH = "/signin/callback";

interface Provider {
  readonly config: Oidc;
  readonly as: oauth.AuthorizationServer;
  readonly client: oauth.Client;
  /** oauth4webapi refuses plain http unless told: only the local provider (http://localhost) is. */
  readonly options: { [oauth.allowInsecureRequests]?: boolean };
}

let discovered: Promise<Provider | undefined> | undefined;

/** The configured provider, discovered once per page load; undefined when the runtime config names none. */
export function provider(): Promise<Provider | undefined> {
  discovered ??= runtimeConfig().then(async (config) => {
    if (!config.oidc) return undefined;
    const issuer = new URL(config.oidc.issuer);
    const options = issuer.protocol === "http:" ? { [oauth.allowInsecureRequests]: true } : {};
    const client = { client_id: config.oidc.clientId };
    const { endpoints } = config.oidc;
    if (endpoints) {
      const as = {
        issuer: config.oidc.issuer,
        authorization_endpoint: endpoints.authorization,
        token_endpoint: endpoints.token,
        ...(endpoints.revocation ? { revocation_endpoint: endpoints.revocation } : {}),
      };
      return { config: config.oidc, as, client, options };
    }
    const response = await oauth.discoveryRequest(issuer, { algorithm: "oidc", ...options });
    const as = await oauth.processDiscoveryResponse(issuer, response);
    return { config: config.oidc, as, client, options };
  });
  return discovered;
}

const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

/** Goes to the provider's login page (in the page's language). */
export async function beginSignIn(language: string): Promise<void> {
  const p = await provider();
  if (!p?.as.authorization_endpoint)
    throw new SignInError("no_provider", "no identity provider is configured");
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce }));
  const url = new URL(p.as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: p.config.clientId,
    redirect_uri: redirectUri(),
    response_type: "code",
    scope: p.config.scope,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ui_locales: language === "en" ? "en" : "zh-CN",
    ...(p.config.prompt ? { prompt: p.config.prompt } : {}),
  }).toString();
  location.assign(url.href);
}

/**
 * When the API's bearer expires: the ID token's own `exp` when it is the bearer (`expires_in` is the access
 * token's, and an issuer's ID token may live less long), else `expires_in` from now.
 */
function expiryOf(p: Provider, result: oauth.TokenEndpointResponse, idTokenExp?: number, previous?: Session) {
  if (p.config.apiToken === "id_token") {
    if (idTokenExp) return idTokenExp * 1000;
    // A refresh that returned no new ID token: the bearer is still the previous one.
    if (previous) return Date.parse(previous.expiresAt);
  }
  return Date.now() + (result.expires_in ?? 300) * 1000;
}

/** The session of a token response: its bearer token, lifetime and who signed in (from the ID token). */
function sessionOf(p: Provider, result: oauth.TokenEndpointResponse, previous?: Session): Session {
  const claims = oauth.getValidatedIdTokenClaims(result);
  const who = claims ? whoFrom(claims, p.config.claimMap) : previous;
  if (!who)
    throw new SignInError("no_role", "this account has no role the pages serve (a citizen or an operator)");
  const idToken = result.id_token ?? previous?.idToken;
  const token = p.config.apiToken === "id_token" ? idToken : result.access_token;
  if (!token) throw new SignInError("no_token", "the provider returned no token for the API");
  return {
    ...who,
    token,
    issuedAt: new Date().toISOString(),
    expiresAt: new Date(expiryOf(p, result, claims?.exp, previous)).toISOString(),
    ...(result.refresh_token || previous?.refreshToken
      ? { refreshToken: result.refresh_token ?? previous?.refreshToken }
      : {}),
    ...(idToken ? { idToken } : {}),
  };
}

/** The callback: checks state, exchanges the code with its verifier, checks the nonce; the session is kept. */
export async function completeSignIn(callbackUrl: URL): Promise<Session> {
  const p = await provider();
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? "null") as {
    verifier: string;
    state: string;
    nonce: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  if (!p || !pending) throw new SignInError("no_sign_in_pending", "no sign-in is in progress in this tab");
  const params = oauth.validateAuthResponse(p.as, p.client, callbackUrl, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    p.as,
    p.client,
    oauth.None(),
    params,
    redirectUri(),
    pending.verifier,
    p.options,
  );
  const result = await oauth.processAuthorizationCodeResponse(p.as, p.client, response, {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
  const session = sessionOf(p, result);
  saveSession(session);
  return session;
}

/**
 * Renews the session's tokens with its refresh token (an expired token too: a tab back from the background). The
 * provider refusing (signed out elsewhere), or an answer the pages cannot use, ends the session. An answer that
 * arrives after sign-out, or after another renewal, is dropped: only the refresh token it used may be replaced.
 */
export async function refreshSession(): Promise<Session | undefined> {
  const session = loadStoredSession();
  const p = await provider();
  if (!session?.refreshToken || !p) return loadSession();
  const used = session.refreshToken;
  const stillCurrent = () => loadStoredSession()?.refreshToken === used;
  try {
    const response = await oauth.refreshTokenGrantRequest(p.as, p.client, oauth.None(), used, p.options);
    const next = sessionOf(p, await oauth.processRefreshTokenResponse(p.as, p.client, response), session);
    if (!stillCurrent()) return loadSession();
    saveSession(next);
    return next;
  } catch (error) {
    if ((error instanceof oauth.ResponseBodyError || error instanceof SignInError) && stillCurrent())
      clearSession();
    throw error;
  }
}

/** True when two thirds of the session token's life have passed. */
export function dueForRefresh(session: Session, now = Date.now()): boolean {
  if (!session.refreshToken || !session.issuedAt) return false;
  const issued = Date.parse(session.issuedAt);
  return now >= issued + ((Date.parse(session.expiresAt) - issued) * 2) / 3;
}

/** Keeps the tab's session fresh: checks every second, renews when due; `onEnded` when the provider refuses. */
export function keepSessionFresh(onEnded: () => void): () => void {
  let busy = false;
  const timer = setInterval(() => {
    const session = loadStoredSession();
    if (busy || !session || !dueForRefresh(session)) return;
    busy = true;
    refreshSession()
      .catch(() => {
        if (!loadSession()) onEnded();
      })
      .finally(() => {
        busy = false;
      });
  }, 1000);
  return () => clearInterval(timer);
}

/** Revokes the refresh token (RFC 7009): Cognito's `/logout` alone leaves it valid for its whole life. */
async function revoke(p: Provider, refreshToken: string): Promise<void> {
  if (!p.as.revocation_endpoint) return;
  try {
    // A slow provider must not keep anyone on the page after 退出: three seconds, then the logout goes on.
    const options = { ...p.options, signal: AbortSignal.timeout(3_000) };
    const response = await oauth.revocationRequest(p.as, p.client, oauth.None(), refreshToken, options);
    await oauth.processRevocationResponse(response);
  } catch {
    // The tab's session is already gone and the provider's logout follows; a refused revocation must not stop it.
  }
}

/**
 * Ends the tab's session, revokes its refresh token and, signed in through the provider, ends the provider's
 * session (back to `/` after). The logout URL names the client, never the ID token: that holds the ID number, and
 * the URL stays in the browser's history and the provider's access logs.
 */
export async function signOut(language: string): Promise<boolean> {
  const session = loadStoredSession();
  forgetReturnTo();
  clearSession();
  const p = session?.idToken ? await provider() : undefined;
  if (!p || !session) return false;
  if (session.refreshToken) await revoke(p, session.refreshToken);
  const back = `${location.origin}/`;
  const logout = p.config.logout;
  const endpoint = logout?.url ?? p.as.end_session_endpoint;
  if (!endpoint) return false;
  const url = new URL(endpoint);
  url.searchParams.set("client_id", p.config.clientId);
  if (logout) {
    url.searchParams.set(logout.redirectParam, back);
  } else {
    url.searchParams.set("post_logout_redirect_uri", back);
    url.searchParams.set("ui_locales", language === "en" ? "en" : "zh-CN");
  }
  location.assign(url.href);
  return true;
}

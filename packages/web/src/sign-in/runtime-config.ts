import type { ClaimMap } from "@onething/auth/claim-map";

/**
 * What the pages learn at start from `/runtime-config.json`, served next to them: locally by the local runtime,
 * on AWS written by the stack beside the build. Which OpenID provider signs people in (issuer, the pages' client
 * id, the scope, which token is the API's bearer, and for a provider without `end_session_endpoint` in its
 * discovery — Cognito — its logout URL), and whether the local dev sign-in is offered.
 */
export interface RuntimeConfig {
  readonly oidc?: {
    readonly issuer: string;
    readonly clientId: string;
    readonly scope: string;
    /** The token the API's authorizer accepts: the access token, or (Cognito, whose access token has no custom attributes) the ID token. */
    readonly apiToken: "access_token" | "id_token";
    /** Endpoints given instead of discovered (Cognito's hosted domain: its discovery document is not on the domain). */
    readonly endpoints?: {
      readonly authorization: string;
      readonly token: string;
      readonly revocation?: string;
    };
    /** A logout endpoint the discovery does not name (Cognito's `/logout`), and its redirect parameter. */
    readonly logout?: { readonly url: string; readonly redirectParam: string };
    /** The stage's claim names (as the API function's `CLAIM_MAP`): who signed in is read through it. */
    readonly claimMap?: ClaimMap;
    /** `login`: ask the provider for its login page every time (the local runtime: choose whom to sign in as). */
    readonly prompt?: "login";
  };
  readonly devSignIn: boolean;
}

let loading: Promise<RuntimeConfig> | undefined;

/** Fetched once per page load; without the file (an old deployment), no provider and no dev sign-in. */
export function runtimeConfig(): Promise<RuntimeConfig> {
  loading ??= fetch("/runtime-config.json", { cache: "no-cache" })
    .then(async (r) => (r.ok ? ((await r.json()) as RuntimeConfig) : { devSignIn: false }))
    .catch(() => ({ devSignIn: false }));
  return loading;
}

import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import type { LocalAccount } from "./accounts.ts";
import type { DepartmentClientAccount } from "./department-clients.ts";
import { errorPage, html, langOf, loginPage } from "./pages.ts";
import { createProvider, mountedAt, WEB_CLIENT_ID, WEB_SCOPE } from "./provider.ts";
import { jwksVerifier, type Verify } from "./verify.ts";

export interface IdentityServiceOptions {
  /** The origin the provider is served on, e.g. `http://localhost:3000`. */
  readonly origin: string;
  /** Its path there. Default `/oidc`. */
  readonly mountPath?: string;
  /** Origins of the pages (the client's redirect URIs are `<origin>/signin/callback`, sign-out returns to `<origin>/`). */
  readonly pageOrigins: readonly string[];
  readonly accounts: readonly LocalAccount[];
  /** Default 600 s. */
  readonly accessTokenTtlSeconds?: number;
  /** Department systems' client-credentials clients (`department-clients.ts`). */
  readonly departmentClients?: readonly DepartmentClientAccount[];
}

/** The local OpenID provider, mounted in the local gateway, and what the pages and the gateway need of it. */
export interface IdentityService {
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
  /** Handles a request under the mount path (then true); false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Verifies the provider's access tokens (its JWKS, jose). */
  readonly verify: Verify;
}

const SIGNING_ALG = "RS256";
const MAX_FORM_BYTES = 4096;

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error("form too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(body);
}

/**
 * Starts the provider on a fresh signing key (a restart signs everyone out: sessions live in the provider's memory
 * too). The login page lists `accounts`; the pages' client is public with PKCE.
 */
export async function createIdentityService(options: IdentityServiceOptions): Promise<IdentityService> {
  const mountPath = options.mountPath ?? "/oidc";
  const issuer = `${options.origin}${mountPath}`;
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const kid = randomBytes(8).toString("hex");
  const signingKey = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG, use: "sig" };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: "sig" };
  const provider = createProvider({
    issuer,
    accounts: options.accounts,
    redirectUris: options.pageOrigins.map((o) => `${o}/signin/callback`),
    postLogoutRedirectUris: options.pageOrigins.map((o) => `${o}/`),
    signingKey,
    cookieKeys: [randomBytes(32).toString("hex")],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 600,
    ...(options.departmentClients ? { departmentClients: options.departmentClients } : {}),
  });
  const callback = provider.callback();
  const accounts = new Map(options.accounts.map((a) => [a.id, a]));
  const interactionPath = `${mountPath}/interaction/`;

  async function interaction(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let details: Awaited<ReturnType<typeof provider.interactionDetails>>;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      // An expired or unknown interaction (its cookie is gone): start again from the pages.
      return sendHtml(res, 400, errorPage(langOf(url.searchParams.get("lang")), "invalid_interaction"));
    }
    const lang = langOf(url.searchParams.get("lang"), details.params.ui_locales);
    if (req.method === "POST") {
      const account = accounts.get((await formBody(req)).get("account") ?? "");
      if (!account) return sendHtml(res, 400, errorPage(lang, "unknown_account"));
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.id } },
        { mergeWithLastSubmission: false },
      );
    }
    const self = `${interactionPath}${html(details.uid)}`;
    sendHtml(
      res,
      200,
      loginPage(lang, self, options.accounts, (l) => `${self}?lang=${l}`),
    );
  }

  return {
    issuer,
    clientId: WEB_CLIENT_ID,
    scope: WEB_SCOPE,
    verify: jwksVerifier({ keys: [publicJwk] }, issuer),
    handle(req, res) {
      const url = new URL(req.url ?? "/", options.origin);
      if (url.pathname !== mountPath && !url.pathname.startsWith(`${mountPath}/`)) return false;
      if (url.pathname.startsWith(interactionPath)) {
        interaction(req, res, url).catch(() => {
          if (!res.headersSent) sendHtml(res, 500, errorPage("zh", "server_error"));
          else res.destroy();
        });
        return true;
      }
      mountedAt(req, mountPath);
      callback(req, res);
      return true;
    },
  };
}

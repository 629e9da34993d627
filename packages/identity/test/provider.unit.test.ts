// The local OpenID provider over loopback HTTP, without a browser: the code flow with PKCE from the authorization
// request through the login page to the tokens, their claims as the API reads them, what is refused, and the
// gateway's verifier.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { claimsFor, principalFromClaims } from "@onething/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  citizenAccount,
  createIdentityService,
  type IdentityService,
  operatorAccount,
  organisationAccount,
  verifierByIssuer,
} from "../src/index.ts";

const PERSON = { name: "王建国", idNumber: "330212196403210134" };
const ACCOUNTS = [
  citizenAccount(PERSON),
  organisationAccount({ name: "宁波康颐养老服务集团有限公司", uscc: "91330212MA2H4K7L9N" }, PERSON),
  operatorAccount({ code: "330212", name: { zh: "鄞州区", en: "Yinzhou" } }, true),
];

let server: Server;
let service: IdentityService;
let origin = "";
beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  service = await createIdentityService({ origin, pageOrigins: [origin], accounts: ACCOUNTS });
  server.on("request", (req, res) => {
    if (!service.handle(req, res)) res.writeHead(404).end();
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A cookie jar over fetch, redirects by hand (the provider's flow is a chain of 303s). */
function browserless() {
  const jar = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(url, origin), {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (name) jar.set(name.trim(), value.join("="));
    }
    return response;
  };
}

const b64url = (b: Buffer) => b.toString("base64url");
const redirectUri = () => `${origin}/signin/callback`;

/** Authorization request → login page → the account's button → the callback's code. */
async function signIn(accountId: string, verifier: string, extra: Record<string, string> = {}) {
  const go = browserless();
  const query = new URLSearchParams({
    client_id: service.clientId,
    redirect_uri: redirectUri(),
    response_type: "code",
    scope: service.scope,
    code_challenge: b64url(createHash("sha256").update(verifier).digest()),
    code_challenge_method: "S256",
    state: "s1",
    nonce: "n1",
    ui_locales: "zh-CN",
    ...extra,
  });
  const auth = await go(`${service.issuer}/auth?${query}`);
  expect(auth.status).toBe(303);
  const interaction = auth.headers.get("location") ?? "";
  const page = await go(interaction);
  const html = await page.text();
  const login = await go(interaction, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ account: accountId }).toString(),
  });
  let next = login.headers.get("location") ?? "";
  while (!next.startsWith(redirectUri())) {
    const hop = await go(next);
    expect(hop.status).toBeLessThan(400);
    next = hop.headers.get("location") ?? "";
  }
  return { html, callback: new URL(next) };
}

async function token(body: Record<string, string>) {
  const response = await fetch(`${service.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: service.clientId, ...body }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const payload = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;

describe("the local OpenID provider", () => {
  it("runs the code flow with PKCE: a JWT access token with the platform's claims, the API's principal", async () => {
    const verifier = b64url(randomBytes(32));
    const { html, callback } = await signIn(ACCOUNTS[0]?.id ?? "", verifier);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("<legend>群众</legend>");
    expect(html).toContain(">王建国</button>");
    expect(html).not.toContain(PERSON.idNumber);
    expect(callback.searchParams.get("state")).toBe("s1");
    const tokens = await token({
      grant_type: "authorization_code",
      code: callback.searchParams.get("code") ?? "",
      redirect_uri: redirectUri(),
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body.refresh_token).toBeTruthy();
    expect(payload(tokens.body.id_token ?? "")).toMatchObject({
      nonce: "n1",
      role: "citizen",
      name: "王建国",
    });
    const claims = await service.verify(tokens.body.access_token ?? "");
    expect(claims).toMatchObject({ iss: service.issuer, aud: "onething-api", role: "citizen" });
    expect(principalFromClaims(claims)).toEqual(
      principalFromClaims(claimsFor({ role: "citizen", ...PERSON }, "web")),
    );

    const renewed = await token({
      grant_type: "refresh_token",
      refresh_token: tokens.body.refresh_token ?? "",
    });
    expect(renewed.status).toBe(200);
    expect(await service.verify(renewed.body.access_token ?? "")).toMatchObject({
      id_number: PERSON.idNumber,
    });
    // The ID token is no bearer token for the API (its type and audience are the client's).
    await expect(service.verify(tokens.body.id_token ?? "")).rejects.toThrow(/bearer token rejected/);
  });

  it("names an organisation's credit code and an operator's office and permission, in English when asked", async () => {
    const org = await signIn(ACCOUNTS[1]?.id ?? "", b64url(randomBytes(32)), { ui_locales: "en" });
    expect(org.html).toContain('<html lang="en">');
    expect(org.html).toContain("<legend>Organisations</legend>");
    const verifier = b64url(randomBytes(32));
    const { callback } = await signIn(ACCOUNTS[2]?.id ?? "", verifier);
    const tokens = await token({
      grant_type: "authorization_code",
      code: callback.searchParams.get("code") ?? "",
      redirect_uri: redirectUri(),
      code_verifier: verifier,
    });
    const principal = principalFromClaims(await service.verify(tokens.body.access_token ?? ""));
    expect(principal).toMatchObject({ role: "operator", canReveal: true, office: "330212" });
  });

  it("refuses a code with the wrong verifier, and an authorization request without PKCE", async () => {
    const { callback } = await signIn(ACCOUNTS[0]?.id ?? "", b64url(randomBytes(32)));
    const wrong = await token({
      grant_type: "authorization_code",
      code: callback.searchParams.get("code") ?? "",
      redirect_uri: redirectUri(),
      code_verifier: b64url(randomBytes(32)),
    });
    expect(wrong).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const query = new URLSearchParams({
      client_id: service.clientId,
      redirect_uri: redirectUri(),
      response_type: "code",
      scope: service.scope,
      state: "s2",
    });
    const noPkce = await fetch(`${service.issuer}/auth?${query}`, { redirect: "manual" });
    const error = new URL(noPkce.headers.get("location") ?? "", origin);
    expect(error.searchParams.get("error")).toBe("invalid_request");
    expect(error.searchParams.get("state")).toBe("s2");
  });

  it("routes a token to its issuer's verifier, and refuses an unknown issuer or no JWT", async () => {
    const verify = verifierByIssuer({ [service.issuer]: service.verify });
    const forged = `${b64url(Buffer.from('{"alg":"none"}'))}.${b64url(Buffer.from(`{"iss":"${service.issuer}"}`))}.`;
    await expect(verify(forged)).rejects.toThrow(/bearer token rejected/);
    const other = `${b64url(Buffer.from('{"alg":"HS256"}'))}.${b64url(Buffer.from('{"iss":"https://elsewhere"}'))}.x`;
    await expect(verify(other)).rejects.toThrow(/unknown issuer/);
    await expect(verify("not-a-jwt")).rejects.toThrow(/not a JWT/);
  });
});

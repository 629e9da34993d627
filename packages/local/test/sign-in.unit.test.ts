// The local sign-in wired into the local gateway: the OpenID provider at /oidc beside the dev issuer, the pages'
// runtime config, and the accounts the login page lists.
import { createDevIssuer } from "@onething/auth";
import { startHttpServer } from "@onething/local";
import { loadSeedCatalogue } from "@onething/seeds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidOptionError } from "../src/errors.ts";
import { ACCESS_TOKEN_TTL_ENV, accessTokenTtl, createLocalSignIn, localAccounts } from "../src/sign-in.ts";

const catalogue = loadSeedCatalogue();
const dev = createDevIssuer("sign-in-secret-sign-in-secret-sign-in!");
const signIn = createLocalSignIn(catalogue, dev);
let server: Awaited<ReturnType<typeof startHttpServer>>;
let base = "";

beforeAll(async () => {
  server = await startHttpServer({
    port: 0,
    host: "127.0.0.1",
    api: async () => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: "{}" }),
    verify: signIn.verify,
    passthrough: signIn.handle,
    runtimeConfig: signIn.runtimeConfig,
    indexPage: () => "<h1>index</h1>",
    health: () => ({ status: "ok" }),
    log: { info: () => {}, warn: () => {}, error: () => {} },
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

describe("the local sign-in", () => {
  it("tells the pages the provider once it runs, and serves its discovery at /oidc", async () => {
    expect(signIn.runtimeConfig()).toEqual({ devSignIn: true });
    expect((await fetch(`${base}/oidc/.well-known/openid-configuration`)).status).toBe(503);
    const { issuer } = await signIn.start(base, [base]);
    expect(issuer).toBe(`${base}/oidc`);
    const config = await (await fetch(`${base}/runtime-config.json`)).json();
    expect(config).toEqual({
      devSignIn: true,
      oidc: {
        issuer,
        clientId: "onething-web",
        scope: "openid api",
        apiToken: "access_token",
        prompt: "login",
      },
    });
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery).toMatchObject({ issuer, code_challenge_methods_supported: ["S256"] });
    expect(discovery.end_session_endpoint).toBe(`${issuer}/session/end`);
  });

  it("lets the dev issuer's tokens through and refuses others, as the JWT authorizer does", async () => {
    const token = await dev.sign({ role: "operator", sub: "operator-test" });
    const get = (bearer: string) =>
      fetch(`${base}/v1/cases`, { headers: { authorization: `Bearer ${bearer}` } });
    expect((await get(token)).status).toBe(200);
    const refused = await get("not-a-jwt");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: "unauthenticated" });
  });

  it("lists the samples' residents and organisations (as the pages' samples do) and operators per office", () => {
    const accounts = localAccounts(catalogue);
    const names = (group: string) => accounts.filter((a) => a.group === group).map((a) => a.label.zh);
    expect(names("citizen")).toEqual(expect.arrayContaining(["王建国", "周敏", "沈美华", "陈磊", "林晓雯"]));
    expect(names("citizen")).not.toContain("赵海波"); // filed at a counter: not a sample online identity
    expect(names("organisation")).toEqual(
      expect.arrayContaining(["宁波市鄞州区乐龄为老服务协会", "宁波康颐养老服务集团有限公司"]),
    );
    expect(names("operator")).toEqual(
      expect.arrayContaining([
        "运营人员 · 全平台",
        "运营人员 · 全平台（可查看明文）",
        "运营人员 · 宁波市",
        "运营人员 · 鄞州区",
      ]),
    );
    expect(new Set(accounts.map((a) => a.id)).size).toBe(accounts.length);
    // A person's subject is a pseudonym, never the ID number.
    expect(accounts.every((a) => !/\d{17}[\dX]/.test(a.id))).toBe(true);
  });

  it("refuses a bad access token lifetime when the sign-in is built, before anything listens", () => {
    process.env[ACCESS_TOKEN_TTL_ENV] = "5";
    try {
      expect(() => createLocalSignIn(catalogue, dev)).toThrow(InvalidOptionError);
    } finally {
      delete process.env[ACCESS_TOKEN_TTL_ENV];
    }
    for (const raw of ["5", "ten", "60.5", ""])
      expect(() => accessTokenTtl(raw)).toThrow(ACCESS_TOKEN_TTL_ENV);
    expect(accessTokenTtl(undefined)).toBe(600);
    expect(accessTokenTtl("120")).toBe(120);
  });
});

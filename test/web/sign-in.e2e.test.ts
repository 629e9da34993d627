/**
 * Sign-in through the local OpenID provider in headless Chromium: a citizen and an operator sign in on the
 * provider's login page (authorization code + PKCE, state and nonce, by oauth4webapi), the tab's token is renewed
 * with the refresh token before it expires, and sign-out ends the provider's session too. axe-core at every state,
 * the provider's own pages included.
 */
import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  expectAccessible,
  openLoginPage,
  openPage,
  screenshot,
  signInAsCitizen,
  signInAsOperator,
  startForBrowser,
} from "./browser.ts";

// Short-lived access tokens, so the renewal happens within the test (after two thirds of 30 s).
process.env.ONETHING_ACCESS_TOKEN_TTL_SECONDS = "30";
const { platform, browser } = await startForBrowser("health", ["--no-sources", "--no-citizens"]);

interface StoredSession {
  token: string;
  refreshToken?: string;
  idToken?: string;
  role: string;
  reveal: boolean;
  name?: string;
}

const stored = async (page: Page): Promise<StoredSession | undefined> =>
  page.evaluate(() => {
    const raw = sessionStorage.getItem("onething.session");
    return raw ? (JSON.parse(raw) as StoredSession) : undefined;
  });

/** The payload of a JWT (no verification: the gateway's verdict is what the API calls below test). */
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;

const apiStatus = async (token: string, path = "/v1/cases") =>
  (await fetch(`${platform.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).status;

/** The provider's verdict on a refresh token: `ok`, or its OAuth error code. */
const refreshWith = async (refreshToken: string | undefined): Promise<string> => {
  const response = await fetch(`${platform.url}/oidc/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken ?? "",
      client_id: "onething-web",
    }),
  });
  return response.ok ? "ok" : ((await response.json()) as { error: string }).error;
};

describe("sign-in through the local OpenID provider", () => {
  it("signs a citizen in on the provider's login page, renews the token, and signs out of the provider", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await page.goto("/");
    await page.getByRole("button", { name: "通过统一身份认证登录" }).waitFor();
    await expectAccessible(page, "the sign-in page");

    await openLoginPage(page);
    const issuer = `${platform.url}/oidc`;
    expect(new URL(page.url()).pathname).toMatch(/^\/oidc\/interaction\//);
    await expectAccessible(page, "the provider's login page (zh)");
    await page.getByRole("link", { name: "English" }).click();
    await page.getByRole("heading", { name: "Unified sign-in (local)", level: 1 }).waitFor();
    await expectAccessible(page, "the provider's login page (en)");
    await screenshot(page, "provider-login.png");
    await page.getByRole("link", { name: "中文" }).click();
    await page
      .getByRole("group", { name: "群众" })
      .getByRole("button", { name: "王建国", exact: true })
      .click();
    await page.getByRole("heading", { name: "我的办件" }).waitFor();
    await expectAccessible(page, "my cases, signed in through the provider");

    const first = await stored(page);
    expect(first).toMatchObject({ role: "citizen", name: "王建国", reveal: false });
    const claims = claimsOf(first?.token ?? "");
    expect(claims).toMatchObject({
      iss: issuer,
      aud: "onething-api",
      role: "citizen",
      id_number: "330212196403210134",
    });
    expect(first?.refreshToken).toBeTruthy();
    expect(await apiStatus(first?.token ?? "")).toBe(200);

    // Renewed after two thirds of its 30 s: a new token, still accepted; the page keeps working.
    await expect
      .poll(async () => (await stored(page))?.token, { timeout: 40_000, interval: 1_000 })
      .not.toBe(first?.token);
    const renewed = await stored(page);
    expect(claimsOf(renewed?.token ?? "").exp).toBeGreaterThan(claims.exp as number);
    expect(await apiStatus(renewed?.token ?? "")).toBe(200);
    await page.getByRole("link", { name: "我的办件" }).click();
    await page.getByRole("heading", { name: "我的办件" }).waitFor();

    // Sign-out: the refresh token is revoked at once, the provider's logout URL names the client and never the ID
    // token (it holds the ID number); the provider's confirmation, then back at the sign-in page with nothing kept.
    const last = await stored(page);
    const logoutRequest = page.waitForRequest((r) => r.url().startsWith(`${issuer}/session/end`));
    await page.getByRole("button", { name: "退出" }).click();
    await page.getByRole("heading", { name: "退出登录", level: 1 }).waitFor();
    const logoutUrl = new URL((await logoutRequest).url());
    expect(logoutUrl.searchParams.get("client_id")).toBe("onething-web");
    expect(logoutUrl.searchParams.has("id_token_hint")).toBe(false);
    expect(logoutUrl.href).not.toContain(last?.idToken ?? "no id token");
    expect(await refreshWith(last?.refreshToken)).toBe("invalid_grant");
    await expectAccessible(page, "the provider's sign-out page");
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.getByRole("button", { name: "通过统一身份认证登录" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await stored(page)).toBeUndefined();
    await expectAccessible(page, "the sign-in page after sign-out");

    // The provider's session is over: the refresh token it ended with is refused.
    expect(await refreshWith(renewed?.refreshToken)).toBe("invalid_grant");
    expect(errors).toEqual([]);
  });

  it("signs an operator in with the reveal permission, and an office's operator scoped to it", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsOperator(page, true);
    await expectAccessible(page, "the overview, signed in through the provider");
    const operator = await stored(page);
    expect(operator).toMatchObject({ role: "operator", reveal: true });
    expect(claimsOf(operator?.token ?? "")).toMatchObject({ role: "operator", permissions: "reveal" });
    expect(await apiStatus(operator?.token ?? "", "/v1/ops/summary")).toBe(200);

    await page.getByRole("button", { name: "退出" }).click();
    await page.getByRole("button", { name: "退出登录" }).click();
    await openLoginPage(page);
    await page
      .getByRole("group", { name: "运营人员" })
      .getByRole("button", { name: "运营人员 · 鄞州区", exact: true })
      .click();
    await page.getByRole("heading", { name: "运行总览" }).waitFor();
    const scoped = await stored(page);
    expect(scoped).toMatchObject({ role: "operator", reveal: false, office: "330212" });
    expect(claimsOf(scoped?.token ?? "")).toMatchObject({ office: "330212" });
    expect(errors).toEqual([]);
  });

  it("says in words why a callback cannot sign anyone in, and offers to sign in again", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    // A callback this tab never started (a bookmarked or replayed provider answer).
    await page.goto("/signin/callback?code=replayed&state=not-this-tab");
    await page.getByRole("alert").filter({ hasText: "这次登录已失效" }).waitFor();
    await expectAccessible(page, "the sign-in callback's failure");
    await page.getByRole("link", { name: "重新登录" }).click();
    await page.getByRole("button", { name: "通过统一身份认证登录" }).waitFor();
    expect(errors).toEqual([]);
  });

  it("keeps the dev token for the CLI and the tests: the gateway accepts both issuers", async () => {
    const signed = await fetch(`${platform.url}/dev/token`, { method: "POST", body: '{"role":"operator"}' });
    const dev = ((await signed.json()) as { token: string }).token;
    expect(await apiStatus(dev, "/v1/ops/summary")).toBe(200);
    expect(await apiStatus("not-a-jwt")).toBe(401);
  });
});

describe("sign-out ends the session whatever state the tab's token is in", () => {
  it("ends the provider's session even when the tab's token has already expired", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "王建国");
    const before = await stored(page);
    // The token ran out while the page showed no change (a background tab), and it could not be renewed.
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem("onething.session") ?? "{}") as Record<
        string,
        unknown
      >;
      delete session.refreshToken;
      session.expiresAt = new Date(Date.now() - 1000).toISOString();
      sessionStorage.setItem("onething.session", JSON.stringify(session));
    });
    await page.getByRole("button", { name: "退出" }).click();
    await page.getByRole("heading", { name: "退出登录", level: 1 }).waitFor();
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.getByRole("button", { name: "通过统一身份认证登录" }).waitFor();
    expect(await stored(page)).toBeUndefined();
    expect(await refreshWith(before?.refreshToken)).toBe("invalid_grant");
    expect(errors).toEqual([]);
  });

  it("drops a renewal that was in flight when 退出 was pressed", async () => {
    const { page, errors } = await openPage(browser(), platform.url);
    await signInAsCitizen(page, "王建国");
    // Hold the tab's next renewal, press 退出 while it is held, and let it answer before the revocation does.
    let heldRefresh: Route | undefined;
    await page.route(`${platform.url}/oidc/token`, async (route) => {
      if (route.request().postData()?.includes("grant_type=refresh_token")) heldRefresh = route;
      else await route.continue();
    });
    await page.route(`${platform.url}/oidc/token/revocation`, async (route) => {
      const answered = page.waitForResponse(`${platform.url}/oidc/token`);
      await heldRefresh?.continue();
      await answered;
      await page.waitForTimeout(500); // the page has handled the renewal's answer before its sign-out goes on
      await route.continue();
    });
    await expect.poll(() => heldRefresh !== undefined, { timeout: 40_000, interval: 500 }).toBe(true);
    await page.getByRole("button", { name: "退出" }).click();
    await page.getByRole("heading", { name: "退出登录", level: 1 }).waitFor();
    expect(await stored(page)).toBeUndefined();
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.getByRole("button", { name: "通过统一身份认证登录" }).waitFor();
    expect(await stored(page)).toBeUndefined();
    expect(errors).toEqual([]);
  });
});

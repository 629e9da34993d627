// Department systems at the local OpenID provider: OAuth 2.0 client credentials over loopback HTTP, the access
// token's claims and the principal the API reads from them, and what is refused.
import { createServer, type Server } from "node:http";
import { principalFromClaims } from "@onething/auth";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  citizenAccount,
  createIdentityService,
  type DepartmentClientAccount,
  departmentClientId,
  type IdentityService,
} from "../src/index.ts";

const YINZHOU_HEALTH: DepartmentClientAccount = {
  clientId: departmentClientId("health", "330212"),
  clientSecret: "s3cret-of-yinzhou-health-0123456789abcdef",
  department: "health",
  office: "330212",
  label: { zh: "卫健 · 鄞州区", en: "Health · Yinzhou" },
};
const HEALTH_EVERYWHERE: DepartmentClientAccount = {
  clientId: departmentClientId("health"),
  clientSecret: "s3cret-of-health-everywhere-0123456789abc",
  department: "health",
  label: { zh: "卫健", en: "Health" },
};

let server: Server;
let service: IdentityService;
let origin = "";
beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  service = await createIdentityService({
    origin,
    pageOrigins: [origin],
    accounts: [citizenAccount({ name: "王建国", idNumber: "330212196403210134" })],
    departmentClients: [YINZHOU_HEALTH, HEALTH_EVERYWHERE],
  });
  server.on("request", (req, res) => {
    if (!service.handle(req, res)) res.writeHead(404).end();
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** POST /oidc/token with client credentials (HTTP Basic, as RFC 6749 §2.3.1). */
async function token(clientId: string, secret: string, extra: Record<string, string> = {}) {
  const response = await fetch(`${service.issuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "api", ...extra }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("client credentials at the local provider", () => {
  it("gives an office's system a JWT access token the API reads as that department office", async () => {
    const r = await token(YINZHOU_HEALTH.clientId, YINZHOU_HEALTH.clientSecret);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ token_type: "Bearer", scope: "api" });
    const accessToken = String(r.body.access_token);
    // The gateway's verifier: the provider's JWKS, issuer, audience, `at+jwt`.
    const claims = await service.verify(accessToken);
    expect(claims).toMatchObject({
      sub: "dept-health-330212",
      client_id: "dept-health-330212",
      role: "department",
      department: "health",
      office: "330212",
      aud: "onething-api",
    });
    expect(principalFromClaims(claims)).toEqual({
      role: "department",
      subject: "dept-health-330212",
      department: "health",
      office: "330212",
    });
  });

  it("a department-wide client is the department everywhere", async () => {
    const r = await token(HEALTH_EVERYWHERE.clientId, HEALTH_EVERYWHERE.clientSecret);
    expect(r.status).toBe(200);
    const principal = principalFromClaims(await service.verify(String(r.body.access_token)));
    expect(principal).toMatchObject({ role: "department", department: "health", office: "000000" });
    expect(decodeJwt(String(r.body.access_token)).office).toBeUndefined();
  });

  it("refuses a wrong secret, an unknown client, and the pages' public client", async () => {
    expect(await token(YINZHOU_HEALTH.clientId, "wrong")).toMatchObject({
      status: 401,
      body: { error: "invalid_client" },
    });
    expect(await token("dept-nobody", "whatever")).toMatchObject({
      status: 401,
      body: { error: "invalid_client" },
    });
    const web = await fetch(`${service.issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: service.clientId }).toString(),
    });
    expect(web.status).toBe(400);
    // A public client has no credentials to present, and may not use the grant anyway.
    expect(["invalid_request", "unauthorized_client"]).toContain(
      ((await web.json()) as { error: string }).error,
    );
  });

  it("announces the grant in the discovery document", async () => {
    const discovery = (await (await fetch(`${service.issuer}/.well-known/openid-configuration`)).json()) as {
      grant_types_supported: string[];
    };
    expect(discovery.grant_types_supported).toContain("client_credentials");
  });
});

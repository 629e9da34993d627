// The department systems' clients of the local OpenID provider: one per sample office, secrets generated into the
// data directory (0600) and kept, and a client-credentials token through the local gateway that the API reads as
// that office.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDevIssuer, principalFromClaims } from "@onething/auth";
import { startHttpServer } from "@onething/local";
import { loadSeedCatalogue } from "@onething/seeds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CLIENTS_FILE, localDepartmentClients } from "../src/department-clients.ts";
import { createLocalSignIn } from "../src/sign-in.ts";

const catalogue = loadSeedCatalogue();
const dataDir = mkdtempSync(join(tmpdir(), "onething-dev-clients-"));
const signIn = createLocalSignIn(
  catalogue,
  createDevIssuer("clients-secret-clients-secret-clients!"),
  dataDir,
);
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
  await signIn.start(base, [base]);
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the local department clients", () => {
  it("are one per department everywhere, at the city and at each district where it has offices", () => {
    const ids = localDepartmentClients(catalogue, dataDir).map((c) => c.clientId);
    expect(ids).toEqual(expect.arrayContaining(["dept-health", "dept-health-330200", "dept-health-330212"]));
    // 交警 has city offices only; the town office no city or district one.
    expect(ids).toContain("dept-traffic-police-330200");
    expect(ids).not.toContain("dept-traffic-police-330212");
    expect(ids.filter((id) => id.startsWith("dept-town-office"))).toEqual(["dept-town-office"]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keep their secrets in the data directory (0600), the same on the next start", () => {
    const file = join(dataDir, DEV_CLIENTS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const first = localDepartmentClients(catalogue, dataDir);
    const again = localDepartmentClients(catalogue, dataDir);
    expect(again.map((c) => c.clientSecret)).toEqual(first.map((c) => c.clientSecret));
    const stored = JSON.parse(readFileSync(file, "utf8")) as { clients: Record<string, string> };
    expect(stored.clients["dept-health-330212"]).toBe(
      first.find((c) => c.clientId === "dept-health-330212")?.clientSecret,
    );
  });

  it("get a token at the gateway's /oidc that the gateway verifies and the API reads as the office", async () => {
    const client = localDepartmentClients(catalogue, dataDir).find(
      (c) => c.clientId === "dept-health-330212",
    );
    if (!client) throw new Error("no client");
    const response = await fetch(`${base}/oidc/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
      },
      body: "grant_type=client_credentials&scope=api",
    });
    expect(response.status).toBe(200);
    const { access_token: token } = (await response.json()) as { access_token: string };
    const claims = await signIn.verify(token);
    expect(principalFromClaims(claims)).toEqual({
      role: "department",
      subject: "dept-health-330212",
      department: "health",
      office: "330212",
    });
    // The gateway lets it through to the API.
    const api = await fetch(`${base}/v1/department/tasks:lease`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(api.status).toBe(200);
  });
});

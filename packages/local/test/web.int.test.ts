/**
 * The local runtime as the web pages use it: a static build served beside the API (same origin), the public
 * department registry, and the local-only dev sign-in (`POST /dev/token`) whose tokens the gateway accepts.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MyCaseListSchema } from "@onething/contracts";
import { type RunningPlatform, startLocalPlatform } from "@onething/local";
import { samples } from "@onething/seeds/samples";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dirs: string[] = [];
const temp = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `onething-${label}-`));
  dirs.push(dir);
  return dir;
};

const INDEX = "<!doctype html><title>OneThing</title><div id=app></div>";
let platform: RunningPlatform;

beforeAll(async () => {
  const outside = temp("outside");
  writeFileSync(join(outside, "secret.txt"), "not for the web");
  const web = temp("web");
  mkdirSync(join(web, "assets"));
  writeFileSync(join(web, "index.html"), INDEX);
  writeFileSync(join(web, "assets", "app-3f9a1c2b.js"), "console.log('app')");
  writeFileSync(join(web, "assets", "style.css"), "body{}");
  writeFileSync(join(web, "favicon.svg"), "<svg/>");
  symlinkSync(join(outside, "secret.txt"), join(web, "leak.txt"));
  platform = await startLocalPlatform({
    inMemory: true,
    port: 0,
    dataDir: temp("data"),
    startAt: new Date("2026-03-02T09:00:00+08:00"),
    simulate: false,
    output: false,
    log: () => {},
    webRoot: web,
  });
}, 120_000);
afterAll(async () => {
  await platform?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A request with the path exactly as given (fetch would normalise `..` away). */
function raw(method: string, path: string, headers: Record<string, string> = {}) {
  const url = new URL(platform.url);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      });
      req.on("error", reject);
      req.end();
    },
  );
}

const devToken = async (body: unknown) => {
  const r = await fetch(`${platform.url}/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: r.status,
    body: (await r.json()) as Record<string, unknown> & { issues?: { path: string }[] },
  };
};

describe("the web build", () => {
  it("serves files with their content type; hashed assets cached for a year, the rest revalidated", async () => {
    const index = await raw("GET", "/", { accept: "text/html" });
    expect(index).toMatchObject({ status: 200, body: INDEX });
    expect(index.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(index.headers["cache-control"]).toBe("no-cache");
    const app = await raw("GET", "/assets/app-3f9a1c2b.js");
    expect(app.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(app.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const css = await raw("GET", "/assets/style.css");
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(css.headers["cache-control"]).toBe("no-cache");
    expect((await raw("GET", "/favicon.svg")).headers["content-type"]).toBe("image/svg+xml");
    const head = await raw("HEAD", "/assets/app-3f9a1c2b.js");
    expect(head).toMatchObject({ status: 200, body: "" });
    expect(head.headers["content-length"]).toBe(String("console.log('app')".length));
  });

  it("refuses paths that leave the build, however they are spelled", async () => {
    for (const path of [
      "/../outside/secret.txt",
      "/assets/../../secret.txt",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/leak.txt",
      "/%E0%A4%A",
    ]) {
      const r = await raw("GET", path, { accept: "text/html" });
      expect(r.status, path).toBe(400);
      expect(r.body, path).not.toContain("not for the web");
    }
  });

  it("answers a page navigation to an unknown path with index.html, and a missing asset with 404", async () => {
    const page = await raw("GET", "/cases/OT-20260302-AAAAAAAAAA", {
      accept: "text/html,application/xhtml+xml",
    });
    expect(page).toMatchObject({ status: 200, body: INDEX });
    expect((await raw("GET", "/cases/OT-20260302-AAAAAAAAAA", { accept: "application/json" })).status).toBe(
      404,
    );
    expect((await raw("GET", "/assets/missing-3f9a1c2b.js", { accept: "text/html" })).status).toBe(404);
    expect((await raw("POST", "/cases/x", { accept: "text/html" })).status).toBe(404);
    // The API is not shadowed by the fallback.
    const api = await raw("GET", "/v1/nothing-here", { accept: "text/html" });
    expect(api.status).toBe(401);
  });
});

describe("the department registry", () => {
  it("is public at the gateway", async () => {
    const r = await fetch(`${platform.url}/v1/departments`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { departments: { id: string }[] };
    expect(body.departments.map((d) => d.id)).toContain("health");
  });
});

describe("POST /dev/token", () => {
  it("refuses a bad body with 400 naming the field", async () => {
    const badId = await devToken({ role: "citizen", idNumber: "330212196403210135" });
    expect(badId).toMatchObject({ status: 400, body: { error: "validation_failed" } });
    expect(badId.body.issues?.map((i) => i.path)).toEqual(["idNumber"]);
    expect((await devToken({ role: "pope" })).body.issues?.map((i) => i.path)).toEqual(["role"]);
    expect((await devToken({ role: "clerk" })).body.issues?.map((i) => i.path)).toEqual(["office"]);
    expect((await devToken({ role: "operator", office: "鄞州" })).body.issues?.map((i) => i.path)).toEqual([
      "office",
    ]);
    expect(
      (await devToken({ role: "department", department: "nowhere" })).body.issues?.map((i) => i.path),
    ).toEqual(["department"]);
    expect((await devToken({ role: "operator", reveal: "yes" })).body.issues?.map((i) => i.path)).toEqual([
      "reveal",
    ]);
    const notJson = await fetch(`${platform.url}/dev/token`, { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
    expect((await fetch(`${platform.url}/dev/token`)).status).toBe(405);
  });

  it("signs a citizen in: the token reads their own cases and submits as them, same origin", async () => {
    const sample = samples.find((s) => s.id === "after-death-hospital-pensioner");
    if (!sample) throw new Error("no sample");
    const idNumber = String(sample.application.applicant.idNumber);
    const signIn = await devToken({ role: "citizen", idNumber, name: "王建国" });
    expect(signIn.status).toBe(200);
    expect(Object.keys(signIn.body).sort()).toEqual(["expiresAt", "token"]);
    expect(Date.parse(String(signIn.body.expiresAt))).toBeGreaterThan(Date.now() + 11 * 3600_000);
    const auth = { authorization: `Bearer ${signIn.body.token}` };

    const submitted = await fetch(`${platform.url}/v1/applications`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", "idempotency-key": "web-1" },
      body: JSON.stringify({ bundleId: sample.bundleId, ...sample.application }),
    });
    expect(submitted.status).toBe(202);
    const { caseId } = (await submitted.json()) as { caseId: string };
    const mine = MyCaseListSchema.parse(
      await (await fetch(`${platform.url}/v1/cases`, { headers: auth })).json(),
    );
    expect(mine.cases.map((c) => c.caseId)).toEqual([caseId]);

    // Operators: the reveal permission only when asked for.
    const plain = await devToken({ role: "operator" });
    const reveal = await devToken({ role: "operator", reveal: true });
    const revealAs = (token: unknown) =>
      fetch(`${platform.url}/v1/ops/cases/${caseId}/reveal`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ reason: "web sign-in test" }),
      });
    expect((await revealAs(plain.body.token)).status).toBe(403);
    expect((await revealAs(reveal.body.token)).status).toBe(200);
    const clerk = await devToken({ role: "clerk", office: "330212003" });
    expect(
      (await fetch(`${platform.url}/v1/cases`, { headers: { authorization: `Bearer ${clerk.body.token}` } }))
        .status,
    ).toBe(200);
    const dept = await devToken({ role: "department", department: "health" });
    expect(
      (await fetch(`${platform.url}/v1/cases`, { headers: { authorization: `Bearer ${dept.body.token}` } }))
        .status,
    ).toBe(403);
    // An operator of one place: its scope is the office's; a place beside it is refused.
    const yinzhou = await devToken({ role: "operator", office: "330212" });
    const beside = await fetch(`${platform.url}/v1/ops/cases?place=330203`, {
      headers: { authorization: `Bearer ${yinzhou.body.token}` },
    });
    expect(beside.status).toBe(403);
    expect(await beside.json()).toMatchObject({ error: "outside_scope" });
  });
});

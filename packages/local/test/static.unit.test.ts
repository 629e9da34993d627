import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveOptions } from "../src/options.ts";
import { contentTypeOf, isHashedAsset, wantsHtml, webRootIfBuilt } from "../src/static.ts";

const dir = mkdtempSync(join(tmpdir(), "onething-static-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("static web build helpers", () => {
  it("serves a web root only when it holds an index.html, else keeps the index page", () => {
    const empty = join(dir, "empty");
    mkdirSync(empty);
    const built = join(dir, "built");
    mkdirSync(built);
    writeFileSync(join(built, "index.html"), "<!doctype html>");
    expect(webRootIfBuilt(empty)).toBeUndefined();
    expect(webRootIfBuilt(join(dir, "missing"))).toBeUndefined();
    expect(webRootIfBuilt(built)).toBe(built);
    const context = { departments: [], sweepEveryMs: 60_000, env: {} };
    expect(resolveOptions({ webRoot: empty }, context).webRoot).toBeUndefined();
    expect(resolveOptions({}, context).webRoot).toBeUndefined();
    expect(resolveOptions({ webRoot: built }, context).webRoot).toBe(built);
  });

  it("recognises hashed build output, content types and page navigations", () => {
    expect(isHashedAsset("/assets/index-3f9a1c2b.js")).toBe(true);
    expect(isHashedAsset("/assets/app.D8kQ2x_A.css")).toBe(true);
    expect(isHashedAsset("/assets/style.css")).toBe(false);
    expect(isHashedAsset("/favicon.ico")).toBe(false);
    expect(contentTypeOf("a.woff2")).toBe("font/woff2");
    expect(contentTypeOf("a.unknown")).toBe("application/octet-stream");
    expect(wantsHtml("text/html,application/xhtml+xml;q=0.9", "/cases/x")).toBe(true);
    expect(wantsHtml("*/*", "/cases/x")).toBe(false);
    expect(wantsHtml("text/html", "/missing.js")).toBe(false);
  });
});

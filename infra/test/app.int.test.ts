// The CDK app as `npm run synth` runs it: the CLI, offline, on cdk.json's command (Node 24 running the .ts entry).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { REPO_ROOT } from "../src/platform-function.ts";
import { STAGES, stageNamed } from "../src/stages.ts";
import { WebPagesMissingError } from "../src/website.ts";
import { temporaryWebDir } from "./support.ts";

const root = mkdtempSync(join(tmpdir(), "onething-infra-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const CDK = join(REPO_ROOT, "node_modules", "aws-cdk", "bin", "cdk");

/** The CLI with no AWS credentials, region or network configuration: synthesis must not need any. */
const cdk = (args: string[]) =>
  spawnSync(process.execPath, [CDK, ...args, "--no-notices", "--no-version-reporting"], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: root, CI: "true" },
    encoding: "utf8",
    timeout: 180_000,
  });

describe("cdk synth (npm run synth)", () => {
  it("writes the cloud assembly offline and prints each function's bundle size", () => {
    const output = join(root, "cdk.out");

    const run = cdk(["synth", "-q", "--context", `webDir=${temporaryWebDir(root)}`, "--output", output]);

    expect(run.status, run.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(output, "OneThing-dev.template.json"), "utf8"));
    expect(Object.keys(template.Resources).length).toBeGreaterThan(0);
    for (const fn of ["api", "orchestrator", "results", "sweeper"]) {
      expect(run.stderr).toMatch(new RegExp(`${fn}\\s+\\d+ KiB raw\\s+\\d+ KiB gzip`));
    }
  }, 180_000);

  it("stops, before bundling anything, with a clear message when the web pages are not built", () => {
    const run = cdk([
      "synth",
      "-q",
      "--context",
      `webDir=${join(root, "no-such-build")}`,
      "--output",
      join(root, "x"),
    ]);

    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("Build the web pages first");
    expect(run.stderr).not.toContain("Bundling asset");
    expect(existsSync(join(root, "x", "OneThing-dev.template.json"))).toBe(false);
  }, 60_000);
});

describe("stages", () => {
  it("refuses an unknown stage, listing the known ones", () => {
    expect(() => stageNamed("staging")).toThrow(/unknown stage "staging": use --context stage=dev\|prod/);
    expect(stageNamed("prod")).toBe(STAGES.prod);
  });

  it("differs between dev and prod in data protection, log retention, alarms, throttling and JWT", () => {
    const { dev, prod } = STAGES;
    expect(prod.protectData && !dev.protectData).toBe(true);
    expect(prod.logRetentionDays).toBeGreaterThan(dev.logRetentionDays);
    expect(prod.alarms.errorRatePercent).toBeLessThan(dev.alarms.errorRatePercent);
    expect(prod.throttle.rateLimit).toBeGreaterThan(dev.throttle.rateLimit);
    expect(prod.jwt.issuer).not.toBe(dev.jwt.issuer);
    expect(prod.prefix).toBe("onething-prod");
  });

  it("throws WebPagesMissingError from the app itself when the web directory has no index.html", () => {
    expect(() => buildApp({ stage: STAGES.dev, webDir: root, outdir: join(root, "y") })).toThrow(
      WebPagesMissingError,
    );
  });
});

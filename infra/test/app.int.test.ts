// The CDK app as `npm run synth` runs it: the CLI, offline, on cdk.json's command (Node 24 running the .ts entry).
// An integration test: it spawns the CDK CLI, which runs the app in a child process and bundles every function with
// esbuild (tens of seconds), so it runs with the integration project, not among the fast unit tests.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/platform-function.ts";
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
/** `cdk synth -q` with each `key=value` as a `--context`, into `output`. */
const synth = (context: string[], output: string) =>
  cdk(["synth", "-q", ...context.flatMap((c) => ["--context", c]), "--output", output]);

describe("cdk synth (npm run synth)", () => {
  it("writes the cloud assembly offline and prints each function's bundle size", () => {
    const output = join(root, "cdk.out");

    const run = synth([`webDir=${temporaryWebDir(root)}`], output);

    expect(run.status, run.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(output, "OneThing-dev.template.json"), "utf8"));
    expect(Object.keys(template.Resources).length).toBeGreaterThan(0);
    for (const fn of ["api", "orchestrator", "results", "events", "sweeper"]) {
      expect(run.stderr).toMatch(new RegExp(`${fn}\\s+\\d+ KiB raw\\s+\\d+ KiB gzip`));
    }
  }, 180_000);

  it("stops, before bundling anything, with a clear message when the web pages are not built", () => {
    const run = synth([`webDir=${join(root, "no-such-build")}`], join(root, "x"));

    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("Build the web pages first");
    expect(run.stderr).not.toContain("Bundling asset");
    expect(existsSync(join(root, "x", "OneThing-dev.template.json"))).toBe(false);
  }, 60_000);

  it("refuses stage prod without its context, naming each missing value, before bundling anything", () => {
    const run = synth(["stage=prod", `webDir=${temporaryWebDir(root)}`], join(root, "p"));

    expect(run.status).not.toBe(0);
    for (const key of ["jwtIssuer", "alarmEmail", "departmentPrincipals"]) expect(run.stderr).toContain(key);
    expect(run.stderr).not.toContain("Bundling asset");
    expect(existsSync(join(root, "p", "OneThing-prod.template.json"))).toBe(false);
  }, 60_000);
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSeedCatalogue } from "@onething/seeds";
import type { App } from "aws-cdk-lib";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { type BuildOptions, buildApp } from "../src/app.ts";
import type { OneThingStack } from "../src/stack.ts";
import { resolveStage, type StageConfig } from "../src/stages.ts";

export interface Synthesised {
  readonly app: App;
  readonly stack: OneThingStack;
  readonly assembly: CloudAssembly;
  /** Removes the temporary web build and cloud assembly. */
  readonly cleanup: () => void;
}

/** A temporary directory holding a web build (just an index.html), as issue 6's Vite build will. */
export function temporaryWebDir(root: string): string {
  const webDir = join(root, "web");
  mkdirSync(webDir, { recursive: true });
  writeFileSync(join(webDir, "index.html"), "<!doctype html><title>OneThing</title>");
  return webDir;
}

/**
 * The app for one stage, synthesised once into a temporary directory with a temporary web build.
 * `bundle: false` skips esbuild (`aws:cdk:bundling-stacks`), for tests that read only the template.
 */
export function synthesise(
  options: Omit<BuildOptions, "webDir" | "outdir" | "app" | "context"> & { bundle: boolean },
): Synthesised {
  const root = mkdtempSync(join(tmpdir(), "onething-infra-test-"));
  const { app, stack } = buildApp({
    ...options,
    webDir: temporaryWebDir(root),
    outdir: join(root, "cdk.out"),
    ...(options.bundle ? {} : { context: { "aws:cdk:bundling-stacks": [] } }),
  });
  const assembly = app.synth();
  return { app, stack, assembly, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The context a prod deployment must be given (README, "Deploy to AWS"): every department its own account. */
export const PROD_CONTEXT: Readonly<Record<string, string>> = {
  jwtIssuer: "https://idp.onething.gov.test/realms/onething/",
  jwtAudience: "onething,onething-ops",
  alarmEmail: "oncall@onething.gov.test",
  departmentPrincipals: JSON.stringify(
    Object.fromEntries(
      [...loadSeedCatalogue().departments.keys()].map((id, i) => [
        id,
        { account: String(100000000000 + i), externalId: `prod-${id}-7f3a9c` },
      ]),
    ),
  ),
};

/** The prod stage as `--context` with `PROD_CONTEXT` (and any overrides) resolves it. */
export const prodStage = (overrides: Record<string, unknown> = {}): StageConfig => {
  const context: Record<string, unknown> = { ...PROD_CONTEXT, ...overrides };
  return resolveStage("prod", (key) => context[key]);
};

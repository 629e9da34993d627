import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App } from "aws-cdk-lib";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { type BuildOptions, buildApp } from "../src/app.ts";
import type { OneThingStack } from "../src/stack.ts";

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

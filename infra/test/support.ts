import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSeedCatalogue } from "@onething/seeds";
import { SOURCE_SYSTEMS } from "@onething/topology";
import type { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { afterAll } from "vitest";
import { type BuildOptions, buildApp } from "../src/app.ts";
import type { OneThingStack } from "../src/stack.ts";
import { resolveStage, STAGES, type StageConfig } from "../src/stages.ts";

export interface Synthesised {
  readonly app: App;
  readonly stack: OneThingStack;
  readonly assembly: CloudAssembly;
  /** Removes the temporary web build and cloud assembly. */
  readonly cleanup: () => void;
}

/** A temporary directory holding a minimal web build (just an index.html). */
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

/**
 * The context a prod deployment must be given (README, "Deploy to AWS"): every department and every source system
 * its own account.
 */
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
  sourcePrincipals: JSON.stringify(
    Object.fromEntries(
      SOURCE_SYSTEMS.map((id, i) => [
        id,
        { account: String(200000000000 + i), externalId: `prod-${id}-2b8e41` },
      ]),
    ),
  ),
  noticeGatewayPrincipals: JSON.stringify({
    sms: { account: "300000000000", externalId: "prod-sms-gateway-5c1d" },
    push: { account: "300000000001", externalId: "prod-push-gateway-9e07" },
  }),
};

/** The prod stage as `--context` with `PROD_CONTEXT` (and any overrides) resolves it. */
export const prodStage = (overrides: Record<string, unknown> = {}): StageConfig => {
  const context: Record<string, unknown> = { ...PROD_CONTEXT, ...overrides };
  return resolveStage("prod", (key) => context[key]);
};

export type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
export const ref = (logicalId: string) => ({ Ref: logicalId });
export const arnOf = (logicalId: string) => ({ "Fn::GetAtt": [logicalId, "Arn"] });

/**
 * Dev synthesised once for the calling test file, prod on first use (each removed after the file), with the
 * lookups the template tests share. Bundling changes nothing in the template but the code assets' hashes, so only
 * the file that checks the bundles asks for it (`bundleDev`): esbuild is the slow part.
 */
export function synthesiseStages(options: { bundleDev?: boolean } = {}) {
  const dev = synthesise({ stage: STAGES.dev, bundle: options.bundleDev ?? false });
  let prod: (Synthesised & { template: Template }) | undefined;
  const prodSynthesised = () => {
    if (!prod) {
      const synthesised = synthesise({ stage: prodStage(), bundle: false });
      prod = { ...synthesised, template: Template.fromStack(synthesised.stack) };
    }
    return prod;
  };
  afterAll(() => {
    dev.cleanup();
    prod?.cleanup();
  });
  const template = Template.fromStack(dev.stack);
  const resources = (type: string, t: Template = template): [string, Resource][] =>
    Object.entries(t.findResources(type) as Record<string, Resource>);
  /** The logical id CloudFormation knows a construct's resource by (in dev). */
  const idOf = (construct: { node: { defaultChild?: unknown } }) =>
    dev.stack.getLogicalId(construct.node.defaultChild as never);
  const queuesByName = new Map(
    resources("AWS::SQS::Queue").map(([id, r]) => [r.Properties.QueueName as string, { id, ...r }]),
  );
  return {
    dev,
    get prod(): Synthesised {
      return prodSynthesised();
    },
    template,
    get prodTemplate(): Template {
      return prodSynthesised().template;
    },
    topology: dev.stack.topology,
    resources,
    idOf,
    queuesByName,
  };
}

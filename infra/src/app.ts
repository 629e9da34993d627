import { isAbsolute, join } from "node:path";
import type { Catalogue } from "@onething/domain";
import { loadSeedCatalogue } from "@onething/seeds";
import { App, Aspects } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { suppressStackFindings } from "./nag.ts";
import { REPO_ROOT } from "./platform-function.ts";
import { OneThingStack } from "./stack.ts";
import { type StageConfig, stackId } from "./stages.ts";

export interface BuildOptions {
  readonly stage: StageConfig;
  /** The built web pages; default the stage's `webDir` (relative paths from the repository root). */
  readonly webDir?: string;
  /** Default: the seed catalogue (bundles and the department registry), as the local runtime loads it. */
  readonly catalogue?: Catalogue;
  /** The app to add the stack to; default a new one (the CLI's context and output directory apply either way). */
  readonly app?: App;
  /** Where the cloud assembly goes, for a new app; default the CLI's (`cdk.out`) or a temporary directory. */
  readonly outdir?: string;
  /** Context for a new app (tests skip bundling with `aws:cdk:bundling-stacks: []`). */
  readonly context?: Record<string, unknown>;
  /** Environment-agnostic unless given: synthesis never looks anything up. */
  readonly env?: { readonly account: string; readonly region: string };
}

/**
 * The CDK app: one stack per invocation, for the chosen stage, with the AwsSolutions cdk-nag pack applied (an
 * unsuppressed finding is an error annotation, which fails `cdk synth` and `cdk deploy`).
 */
export function buildApp(options: BuildOptions): { app: App; stack: OneThingStack } {
  const app =
    options.app ??
    new App({
      ...(options.outdir ? { outdir: options.outdir } : {}),
      ...(options.context ? { context: options.context } : {}),
    });
  const webDir = options.webDir ?? options.stage.webDir;
  const stack = new OneThingStack(app, stackId(options.stage), {
    stage: options.stage,
    catalogue: options.catalogue ?? loadSeedCatalogue(),
    webDir: isAbsolute(webDir) ? webDir : join(REPO_ROOT, webDir),
    description: `OneThing (一件事联办) ${options.stage.name}: the platform from topology and catalogue`,
    ...(options.env ? { env: options.env } : {}),
    tags: { project: "onething", stage: options.stage.name },
  });
  suppressStackFindings(stack);
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { app, stack };
}

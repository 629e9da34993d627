/**
 * `npx cdk synth|deploy [--context stage=dev|prod] [--context webDir=<dir>]` runs this (see cdk.json), with
 * the stage's overrides `jwtIssuer`, `jwtAudience`, `alarmEmail`, `departmentPrincipals` (required for prod). Synthesis is
 * offline: no lookups, an environment-agnostic stack. After synthesis it prints each function's bundle size (to
 * stderr, so `cdk synth`'s template on stdout stays clean).
 */
import { App } from "aws-cdk-lib";
import { buildApp } from "../src/app.ts";
import { bundleSizes, formatBundleSizes } from "../src/bundle-size.ts";
import { resolveStage } from "../src/stages.ts";

const app = new App();
const stage = resolveStage(app.node.tryGetContext("stage") ?? "dev", (key) => app.node.tryGetContext(key));
const webDir: unknown = app.node.tryGetContext("webDir");
const { stack } = buildApp({ app, stage, ...(typeof webDir === "string" ? { webDir } : {}) });
const assembly = app.synth();
console.error(formatBundleSizes(bundleSizes(stack, assembly)));

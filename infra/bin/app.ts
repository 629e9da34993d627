/**
 * `npx cdk synth|deploy [--context stage=dev|prod] [--context webDir=<dir>]` runs this (see cdk.json). Synthesis is
 * offline: no lookups, an environment-agnostic stack. After synthesis it prints each function's bundle size (to
 * stderr, so `cdk synth`'s template on stdout stays clean).
 */
import { App } from "aws-cdk-lib";
import { buildApp } from "../src/app.ts";
import { bundleSizes, formatBundleSizes } from "../src/bundle-size.ts";
import { stageNamed } from "../src/stages.ts";

const app = new App();
const stage = stageNamed(app.node.tryGetContext("stage") ?? "dev");
const webDir: unknown = app.node.tryGetContext("webDir");
const { stack } = buildApp({ app, stage, ...(typeof webDir === "string" ? { webDir } : {}) });
const assembly = app.synth();
console.error(formatBundleSizes(bundleSizes(stack, assembly)));

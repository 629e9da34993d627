import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import type { OneThingStack } from "./stack.ts";

export interface BundleSize {
  readonly function: string;
  /** The bundle (`index.mjs`), bytes. */
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The external source map next to it, bytes (uploaded, read only when an error's stack is printed). */
  readonly sourceMapBytes: number;
}

/** Each function's bundle in the synthesised cloud assembly (its asset directory), measured. */
export function bundleSizes(stack: OneThingStack, assembly: CloudAssembly): BundleSize[] {
  return Object.values(stack.functions).map((fn) => {
    const code = stack.resolve((fn.function.node.defaultChild as CfnFunction).code) as { s3Key?: unknown };
    const hash = typeof code.s3Key === "string" ? code.s3Key.replace(/\.zip$/, "") : undefined;
    if (hash === undefined) throw new Error(`${fn.spec.name}: no asset key in the template`);
    const dir = join(assembly.directory, `asset.${hash}`);
    const file = readdirSync(dir).find((name) => /\.m?js$/.test(name));
    if (file === undefined) throw new Error(`${fn.spec.name}: no bundle in ${dir}`);
    const bundle = readFileSync(join(dir, file));
    const map = readdirSync(dir).find((name) => name.endsWith(".map"));
    return {
      function: fn.spec.name,
      bytes: bundle.length,
      gzipBytes: gzipSync(bundle).length,
      sourceMapBytes: map ? statSync(join(dir, map)).size : 0,
    };
  });
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

export function formatBundleSizes(sizes: readonly BundleSize[]): string {
  return [
    "Function bundles (esbuild, minified ESM; source maps uploaded separately):",
    ...sizes.map(
      (s) =>
        `  ${s.function.padEnd(14)} ${kib(s.bytes).padStart(9)} raw  ${kib(s.gzipBytes).padStart(8)} gzip  (+${kib(s.sourceMapBytes)} map)`,
    ),
  ].join("\n");
}

/**
 * Cold-start module-load time of each Lambda bundle, measured locally. Run: npm run bench:cold-start
 * (COLD_START_RUNS=n, default 15). Not a test: figures go to docs/benchmarks.md.
 *
 * Each function is bundled exactly as the CDK app bundles it (`BUNDLING`: esbuild, minified ESM, node24, the
 * packages' ESM builds first, AWS SDK included, external source map), then imported by a fresh `node` process per
 * run with a complete environment and `NODE_OPTIONS=--enable-source-maps` as on Lambda. What is timed is the
 * `import()` of the bundle: parsing, evaluating every module and the entry point's top-level init (catalogue,
 * config, clients, platform). It excludes Node's own start (Lambda's runtime is already up when it imports the
 * handler). Nothing is contacted: SDK clients connect lazily, the task-token key is given as the value
 * (`TASK_TOKEN_SECRET`) instead of a Secrets Manager ARN, and the cold start's read of the holiday notices loaded at
 * run time goes to a local port nobody listens on (refused at once, logged, the seeds' calendar used); so the two
 * network calls a real cold start makes (one `GetSecretValue`, typically 20–50 ms in-region, and one DynamoDB
 * Query, typically 5–10 ms) are not in these figures.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { loadSeedCatalogue } from "@onething/seeds";
import { buildTopology, ENV, queueUrlPrefix } from "@onething/topology";
import { build } from "esbuild";
import { BUNDLING, REPO_ROOT } from "../src/platform-function.ts";

const RUNS = Number(process.env.COLD_START_RUNS ?? 15);
const departments = [...loadSeedCatalogue().departments.keys()];
const topology = buildTopology({ departmentIds: departments, prefix: "onething-bench" });
const queueBase = "https://sqs.cn-north-1.amazonaws.com.cn/123456789012";
/** What Lambda provides plus the CDK app's runtime settings. */
const runtimeEnv: Record<string, string> = {
  PATH: process.env.PATH ?? "",
  AWS_REGION: "cn-north-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  NODE_OPTIONS: "--enable-source-maps",
  // The calendar read at cold start: refused at once instead of waiting on DNS for a region we cannot reach.
  DYNAMODB_ENDPOINT: "http://127.0.0.1:9",
  AWS_MAX_ATTEMPTS: "1",
  POWERTOOLS_LOG_LEVEL: "ERROR",
  POWERTOOLS_METRICS_NAMESPACE: "OneThing/bench",
};
/** A value for every variable a function may read; the key as a value (no Secrets Manager call, see above). */
const values: Record<string, string> = {
  [ENV.tableName]: "onething-bench-table",
  [ENV.orchestratorQueueUrl]: `${queueBase}/onething-bench-orchestrator.fifo`,
  [ENV.orchestratorDeadLetterQueueUrl]: `${queueBase}/onething-bench-orchestrator-dlq.fifo`,
  [ENV.resultsQueueUrl]: `${queueBase}/onething-bench-results`,
  [ENV.resultsDeadLetterQueueUrl]: `${queueBase}/onething-bench-results-dlq`,
  [ENV.eventsQueueUrl]: `${queueBase}/onething-bench-events`,
  [ENV.eventsDeadLetterQueueUrl]: `${queueBase}/onething-bench-events-dlq`,
  [ENV.queueUrlPrefix]: queueUrlPrefix(queueBase, "onething-bench"),
  [ENV.taskTokenSecretArn]: "",
};
/** Exactly the function's topology environment, with the key's ARN replaced by the key. */
const envFor = (names: readonly string[]): Record<string, string> => ({
  ...runtimeEnv,
  ...Object.fromEntries(
    names.map((name) =>
      name === ENV.taskTokenSecretArn ? [ENV.taskTokenSecret, "b".repeat(64)] : [name, values[name] ?? ""],
    ),
  ),
});

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;

const outDir = mkdtempSync(join(tmpdir(), "onething-cold-start-"));
const rows: string[] = [];
try {
  for (const fn of Object.values(topology.functions)) {
    const outfile = join(outDir, fn.name, "index.mjs");
    await build({
      ...BUNDLING,
      mainFields: [...BUNDLING.mainFields],
      entryPoints: [join(REPO_ROOT, fn.entry)],
      outfile,
      bundle: true,
      sourcemap: "external",
      sourcesContent: false,
      logLevel: "warning",
    });
    const code = readFileSync(outfile);
    const probe = `const t0 = performance.now();
const m = await import(${JSON.stringify(pathToFileURL(outfile).href)});
const ms = performance.now() - t0;
if (typeof m.handler !== "function") process.exit(2);
process.stdout.write(String(ms));`;
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const result = spawnSync(process.execPath, ["--input-type=module", "-e", probe], {
        cwd: outDir,
        env: envFor(fn.environment),
        encoding: "utf8",
      });
      if (result.status !== 0) throw new Error(`${fn.name}: cold start failed\n${result.stderr}`);
      times.push(Number(result.stdout));
    }
    times.sort((a, b) => a - b);
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
    rows.push(
      `| ${fn.name} | ${kib(code.length)} | ${kib(gzipSync(code).length)} | ${quantile(times, 0.5).toFixed(0)} ms | ${quantile(times, 0.95).toFixed(0)} ms | ${RUNS} |`,
    );
    console.error(`${fn.name}: done`);
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}

console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log("| function | bundle (raw) | bundle (gzip) | module load p50 | module load p95 | runs |");
console.log("|---|---|---|---|---|---|");
for (const row of rows) console.log(row);

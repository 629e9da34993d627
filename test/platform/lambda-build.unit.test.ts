import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { provisionalYearsAhead } from "@onething/cases";
import { CALENDAR_HORIZON_DAYS, LOCAL_ENV } from "@onething/platform";
import { loadSeedCalendar, loadSeedCatalogue } from "@onething/seeds";
import { samples } from "@onething/seeds/samples";
import { buildTopology, ENV, TASK_KEY_ROTATION_FUNCTION } from "@onething/topology";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const departments = [...loadSeedCatalogue().departments.keys()];
/** Every Lambda entry point, as the CDK app will bundle it: the topology's functions and the key rotation. */
const ENTRY_POINTS = Object.values(buildTopology({ departmentIds: departments }).functions)
  .map((fn) => fn.entry)
  .concat(TASK_KEY_ROTATION_FUNCTION.entry)
  .sort();

/**
 * The warnings a cold start logs here: the table cannot be reached (nothing listens), so the calendar is the seeds';
 * whether it is provisional in the coming 60 days depends on today's date (see `warnIfCalendarProvisional`).
 */
const CALENDAR_NOT_READ = '"message":"working-day calendar not read at cold start"';
const CALENDAR_PROVISIONAL = '"message":"working-day calendar is provisional"';
const provisionalSoon =
  provisionalYearsAhead(loadSeedCalendar(), new Date(), CALENDAR_HORIZON_DAYS).length > 0;

const outDir = mkdtempSync(join(tmpdir(), "onething-lambda-build-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

// A complete but fake environment: AWS is never contacted (the task-token key is given as a value, so no function
// fetches its secret; the cold start's one read of the loaded calendar notices goes to a port nobody listens on).
const queue = (name: string) => `https://sqs.cn-north-1.amazonaws.com.cn/123456789012/${name}`;
const coldStartEnv = {
  PATH: process.env.PATH,
  AWS_REGION: "cn-north-1",
  POWERTOOLS_LOG_LEVEL: "WARN",
  [ENV.tableName]: "onething-test-table",
  [ENV.orchestratorQueueUrl]: queue("orchestrator.fifo"),
  [ENV.orchestratorDeadLetterQueueUrl]: queue("orchestrator-dlq.fifo"),
  [ENV.resultsQueueUrl]: queue("results"),
  [ENV.resultsDeadLetterQueueUrl]: queue("results-dlq"),
  [ENV.eventsQueueUrl]: queue("events"),
  [ENV.eventsDeadLetterQueueUrl]: queue("events-dlq"),
  [ENV.queueUrlPrefix]: queue("onething-test"),
  [ENV.taskTokenSecret]: "t".repeat(32),
  [ENV.noticeSmsTopicArn]: "arn:aws-cn:sns:cn-north-1:123456789012:notice-sms",
  [ENV.noticePushTopicArn]: "arn:aws-cn:sns:cn-north-1:123456789012:notice-push",
  [ENV.noticeSmsReceiptsQueueUrl]: queue("notice-sms-receipts"),
  [ENV.noticePushReceiptsQueueUrl]: queue("notice-push-receipts"),
  [LOCAL_ENV.dynamodbEndpoint]: "http://127.0.0.1:9",
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_MAX_ATTEMPTS: "1",
};

describe("Lambda bundles (esbuild, ESM, node24)", () => {
  it.each(ENTRY_POINTS)(
    "%s bundles without warnings and initialises from the bundle alone",
    async (entry) => {
      const outfile = join(outDir, `${entry.replaceAll("/", "_").replace(/\.ts$/, "")}.mjs`);

      const result = await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: "node",
        target: "node24",
        format: "esm",
        // Prefer the packages' ESM builds: esbuild's CJS shim throws on `require("node:https")` inside an ESM
        // bundle (Lambda's ESM scope has no `require`), and ESM tree-shakes better.
        mainFields: ["module", "main"],
        logLevel: "silent",
        metafile: true,
      });

      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      // A cold start in a fresh process that sees only the bundle: no workspace package resolution, no .ts.
      const probe = `const m = await import(${JSON.stringify(pathToFileURL(outfile).href)});
      if (typeof m.handler !== "function") { console.error("no handler export"); process.exit(2); }`;
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", probe], {
        cwd: outDir,
        env: coldStartEnv,
        encoding: "utf8",
      });
      const stderr = run.stderr.split("\n").filter((line) => line.trim() !== "");
      const calendarLines = [CALENDAR_NOT_READ, CALENDAR_PROVISIONAL];
      expect(stderr.filter((line) => !calendarLines.some((c) => line.includes(c)))).toEqual([]);
      // The key rotation composes no platform: it reads no calendar.
      const composes = entry !== TASK_KEY_ROTATION_FUNCTION.entry;
      expect(stderr.filter((line) => line.includes(CALENDAR_NOT_READ))).toHaveLength(composes ? 1 : 0);
      expect(stderr.some((line) => line.includes(CALENDAR_PROVISIONAL))).toBe(composes && provisionalSoon);
      expect(run.status).toBe(0);
      // Sample applications are test data (`@onething/seeds/samples`): no function ships them.
      const code = readFileSync(outfile, "utf8");
      expect(samples.map((sample) => sample.id).filter((id) => code.includes(id))).toEqual([]);
      // One Powertools commons, shared by logger and batch: their versions must move together.
      const commons = new Set(
        Object.keys(result.metafile.inputs).flatMap(
          (input) => /^(.*node_modules\/@aws-lambda-powertools\/commons)\//.exec(input)?.[1] ?? [],
        ),
      );
      expect([...commons]).toHaveLength(1);
      console.log(`${entry}: ${(statSync(outfile).size / 1024).toFixed(0)} KiB`);
    },
  );
});

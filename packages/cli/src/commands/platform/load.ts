import { randomBytes } from "node:crypto";
import { samplesFor } from "@onething/seeds/samples";
import { createApiClient } from "../../api.ts";
import { catalogue } from "../../catalogue.ts";
import type { Command } from "../../command.ts";
import { emit, note } from "../../context.ts";
import { readRuntime } from "../../data-dir.ts";
import { CliError } from "../../errors.ts";
import { tokenMinter } from "../../identity.ts";
import { seededRng } from "../../ids.ts";
import { type GeneratedApplication, varySample } from "../../load/applications.ts";
import { driveLoad, recordLoadCases } from "../../load/drive.ts";
import { defaultMix, MixError, parseMix, SCALE_PER_YEAR, submissionOrder } from "../../load/mix.ts";
import { buildReport, renderReport } from "../../load/report.ts";

interface Plan {
  applications: GeneratedApplication[];
  seed: number;
}

export function planLoad(n: number, weights: Record<string, number>, seed: number): Plan {
  const rng = seededRng(seed);
  const order = submissionOrder(n, weights, rng);
  const used = new Set<string>();
  const cursor = new Map<string, number>();
  const applications = order.map((bundleId, index) => {
    // A case that waits for a data event (an expecting couple's, for the birth) would never finish under load.
    const samples = samplesFor(bundleId).filter((s) => s.waitsFor === undefined);
    if (samples.length === 0) throw new CliError(`bundle ${bundleId} has no samples to load with`);
    const k = cursor.get(bundleId) ?? Math.floor(rng() * samples.length);
    cursor.set(bundleId, k + 1);
    const sample = samples[k % samples.length];
    if (!sample) throw new CliError(`no sample for ${bundleId}`);
    return varySample(catalogue().bundle(bundleId), sample, rng, used, index);
  });
  return { applications, seed };
}

const defaultMixText = () =>
  Object.entries(SCALE_PER_YEAR)
    .map(([k, v]) => `${k} ${v.toLocaleString("en")}`)
    .join(", ");

export const loadCommand: Command = {
  name: "load",
  summary: "submit a realistic mix of applications at a steady rate and measure the platform",
  usage: [
    "load [--cases <n>] [--rate <per second>] [--mix <bundle>:<weight>,…] [--timeout <s>] [--seed <n>]",
  ],
  description: [
    `Submits n applications at a steady rate, drawn from the seed samples in the proportions of the seeds' ` +
      `yearly volumes (Yinzhou: ${defaultMixText()} a year) unless --mix says otherwise. Every case has its own ` +
      "applicant: ID numbers and credit codes are generated afresh (valid check characters, same region, sex " +
      "and rough age as the sample). Samples told at the counter are filed by a clerk. Then it polls every " +
      "case until all are final (or the timeout), answering supplement requests as the applicant would.",
    "Prints sustained submissions/s, cases finished/s, p50/p95 of submission → last dispatch and submission → " +
      "final (both from each case's timeline, i.e. the platform's clock), and the outcomes. Exit 1 when a " +
      "submission was refused or a case was not final in time.",
  ],
  options: {
    cases: { type: "string", value: "<n>", description: "how many applications (default 20)" },
    rate: { type: "string", value: "<n>", description: "submissions per second (default 5)" },
    mix: {
      type: "string",
      value: "<mix>",
      description: "bundle weights, e.g. after-death:0.3,social-assistance:0.7",
    },
    timeout: {
      type: "string",
      value: "<seconds>",
      description: "after the last submission, wait this long for final states (default 300)",
    },
    seed: {
      type: "string",
      value: "<n>",
      description: "seed of the generated mix and identities (default: random, printed)",
    },
    concurrency: { type: "string", value: "<n>", description: "requests in flight at most (default 32)" },
    "poll-ms": { type: "string", value: "<ms>", description: "how often open cases are read (default 1000)" },
    wait: {
      type: "boolean",
      negatable: true,
      description: "submit only: do not wait for the cases to finish",
    },
    "auto-supplement": {
      type: "boolean",
      negatable: true,
      description: "leave supplement requests unanswered",
    },
  },
  positionals: { min: 0, max: 0 },
  examples: [
    "onething load --cases 200 --rate 20",
    "onething load --cases 50 --rate 5 --mix after-death:1 --json",
  ],
  async run(ctx, args) {
    const n = args.number("cases", { min: 1, max: 100_000, integer: true }) ?? 20;
    const rate = args.number("rate", { min: 0.01, max: 10_000 }) ?? 5;
    const timeoutS = args.number("timeout", { min: 0, max: 86_400 }) ?? 300;
    const concurrency = args.number("concurrency", { min: 1, max: 1_000, integer: true }) ?? 32;
    const pollMs = args.number("poll-ms", { min: 50, max: 60_000, integer: true }) ?? 1_000;
    const seed =
      args.number("seed", { min: 0, max: 2 ** 32 - 1, integer: true }) ?? randomBytes(4).readUInt32BE();
    const wait = args.flag("wait", true);
    const autoSupplement = args.flag("auto-supplement", true);
    const known = catalogue().bundles.map((b) => b.id);
    let weights: Record<string, number>;
    try {
      const mix = args.string("mix");
      weights = mix === undefined ? defaultMix(known) : parseMix(mix, known);
    } catch (error) {
      if (error instanceof MixError) throw args.usage(error.message);
      throw error;
    }
    const plan = planLoad(n, weights, seed);
    const mint = await tokenMinter(ctx);
    const api = await createApiClient(ctx);
    await api.request("GET", "/v1/bundles"); // fails fast, in one line, if the platform is not there
    const operator = await mint({ role: "operator" });
    if (!ctx.json) note(ctx, `load: ${n} cases at ${rate}/s against ${api.baseUrl} (seed ${seed})`);
    const settings = { cases: n, rate, timeoutS, concurrency, pollMs, wait, autoSupplement };
    const { observations, timedOut } = await driveLoad(ctx, plan.applications, settings, {
      api,
      mint,
      operator,
    });
    const report = buildReport(observations, { timedOut, endMs: performance.now() });
    await recordLoadCases(ctx, plan.applications, observations);

    const timeScale = (await readRuntime(ctx).catch(() => undefined))?.timeScale ?? 1;
    emit(ctx, { seed, rate, platformTimeScale: timeScale, ...report }, () => renderReport(report, timeScale));
    const problems = [
      report.submitFailed > 0 ? `${report.submitFailed} of ${n} submissions refused` : "",
      wait && timedOut
        ? `${report.open} of ${report.submitted} cases not final ${timeoutS} s after the last submission`
        : "",
    ].filter(Boolean);
    if (problems.length > 0) {
      ctx.io.err(`onething: ${problems.join("; ")}`);
      return 1;
    }
    return 0;
  },
};

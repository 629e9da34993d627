import { randomBytes } from "node:crypto";
import { samplesFor } from "@onething/seeds/samples";
import { type ApiClient, createApiClient, getCase, submitApplication } from "../../api.ts";
import { type CaseRecord, recordCases } from "../../case-book.ts";
import { catalogue } from "../../catalogue.ts";
import type { Command } from "../../command.ts";
import { emit, note } from "../../context.ts";
import { readRuntime } from "../../data-dir.ts";
import { ApiError, CliError } from "../../errors.ts";
import { type Identity, tokenMinter } from "../../identity.ts";
import { seededRng } from "../../ids.ts";
import { type GeneratedApplication, supplementAnswers, varySample } from "../../load/applications.ts";
import { defaultMix, MixError, parseMix, SCALE_PER_YEAR, submissionOrder } from "../../load/mix.ts";
import {
  buildReport,
  type CaseObservation,
  isFinalStatus,
  renderReport,
  timelineDurations,
} from "../../load/report.ts";

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const errorText = (error: unknown) =>
  error instanceof ApiError
    ? `${error.status} ${error.error}`
    : error instanceof CliError
      ? error.code
      : ((error as Error).message ?? String(error));

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
    const samples = samplesFor(bundleId);
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

    const runId = randomBytes(4).toString("hex");
    const observations: CaseObservation[] = plan.applications.map((a, index) => ({
      index,
      bundleId: a.bundleId,
      sampleId: a.sampleId,
      submitStartMs: Number.NaN,
      supplementsProvided: 0,
    }));
    const open = new Set<CaseObservation>();
    const answered = new Set<string>();
    const t0 = performance.now();
    let submissionsDone = false;

    const submitOne = async (i: number) => {
      const o = observations[i] as CaseObservation;
      const a = plan.applications[i] as GeneratedApplication;
      o.submitStartMs = performance.now();
      try {
        const response = await submitApplication(api, a.body, await mint(a.filer), `load-${runId}-${i}`);
        o.caseId = response.caseId;
        o.status = response.status;
        open.add(o);
      } catch (error) {
        o.submitError = errorText(error);
      } finally {
        o.submitEndMs = performance.now();
      }
    };

    const submitting = (async () => {
      const inflight = new Set<Promise<void>>();
      for (let i = 0; i < n; i++) {
        const delay = t0 + (i * 1000) / rate - performance.now();
        if (delay > 0) await ctx.sleep(delay);
        while (inflight.size >= concurrency) await Promise.race(inflight);
        const p: Promise<void> = submitOne(i).finally(() => inflight.delete(p));
        inflight.add(p);
      }
      await Promise.all(inflight);
      submissionsDone = true;
    })();

    const supplement = async (o: CaseObservation, view: Awaited<ReturnType<typeof getCase>>) => {
      const a = plan.applications[o.index] as GeneratedApplication;
      for (const item of view.items) {
        const key = `${view.caseId}:${item.itemId}:${item.attempt}`;
        if (item.status !== "awaiting_supplement" || answered.has(key)) continue;
        answered.add(key);
        const answers = supplementAnswers(
          catalogue().bundle(view.bundleId, view.bundleVersion),
          a.body,
          item.requested ?? [],
          ctx.now(),
        );
        try {
          await api.request("POST", `/v1/cases/${encodeURIComponent(view.caseId)}/supplements`, {
            token: await mint(a.applicant),
            body: { itemId: item.itemId, answers },
          });
          o.supplementsProvided++;
        } catch {
          // Refused (the request changed meanwhile, or the case closed): the next poll sees the new state.
        }
      }
    };

    const poll = async (api: ApiClient) => {
      await inPool([...open], concurrency, async (o) => {
        let view: Awaited<ReturnType<typeof getCase>>;
        try {
          view = await getCase(api, o.caseId as string, operator);
        } catch {
          return; // read again on the next round
        }
        o.status = view.status;
        if (isFinalStatus(view.status)) {
          o.finalSeenMs = performance.now();
          Object.assign(o, timelineDurations(view));
          open.delete(o);
        } else {
          o.waitingAt = view.items.flatMap((i) =>
            i.status === "dispatched"
              ? [i.department]
              : i.status === "awaiting_supplement"
                ? ["applicant"]
                : [],
          );
          if (autoSupplement && o.waitingAt.includes("applicant")) await supplement(o, view);
        }
      });
    };

    let timedOut = false;
    let lastProgress = performance.now();
    let deadline: number | undefined;
    const progress = () => {
      if (ctx.json || performance.now() - lastProgress < 5_000) return;
      lastProgress = performance.now();
      const sent = observations.filter((o) => o.submitEndMs !== undefined).length;
      const final = observations.filter((o) => isFinalStatus(o.status)).length;
      note(
        ctx,
        `  ${((lastProgress - t0) / 1000).toFixed(0)} s: submitted ${sent}/${n} · final ${final} · open ${open.size}`,
      );
    };
    while (wait) {
      await ctx.sleep(pollMs);
      await poll(api);
      progress();
      if (!submissionsDone) continue;
      deadline ??= performance.now() + timeoutS * 1000;
      if (open.size === 0) break;
      if (performance.now() >= deadline) {
        timedOut = true;
        break;
      }
    }
    await submitting;
    const report = buildReport(observations, { timedOut, endMs: performance.now() });

    const records: Record<string, CaseRecord> = {};
    const submittedAt = ctx.now().toISOString();
    for (const o of observations) {
      if (!o.caseId) continue;
      const a = plan.applications[o.index] as GeneratedApplication;
      const filedBy: Identity | undefined = a.filer.role === "clerk" ? a.filer : undefined;
      records[o.caseId] = {
        bundleId: a.bundleId,
        submittedAt,
        as: a.applicant,
        ...(filedBy ? { filedBy } : {}),
        sample: a.sampleId,
      };
    }
    await recordCases(ctx, records);

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

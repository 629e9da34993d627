import { randomBytes } from "node:crypto";
import { type ApiClient, getCase, submitApplication } from "../api.ts";
import { type CaseRecord, recordCases } from "../case-book.ts";
import { catalogue } from "../catalogue.ts";
import { type Context, note } from "../context.ts";
import { ApiError, CliError } from "../errors.ts";
import type { Identity } from "../identity.ts";
import { type GeneratedApplication, supplementAnswers } from "./applications.ts";
import { type CaseObservation, isFinalStatus, timelineDurations } from "./report.ts";

/** What `onething load` was asked for, its flags read. */
export interface LoadSettings {
  readonly cases: number;
  readonly rate: number;
  readonly timeoutS: number;
  readonly concurrency: number;
  readonly pollMs: number;
  readonly wait: boolean;
  readonly autoSupplement: boolean;
}

/** Everything a load run talks to: the API, a token for any identity, and an operator's token to read cases. */
export interface LoadClients {
  readonly api: ApiClient;
  readonly mint: (identity: Identity) => Promise<string>;
  readonly operator: string;
}

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

type CaseRead = Awaited<ReturnType<typeof getCase>>;

/**
 * One load run: submits the planned applications at a steady rate (at most `concurrency` in flight), follows every
 * accepted case until it is final (answering supplement requests as its applicant unless told not to), and says
 * what it saw of each case.
 */
export async function driveLoad(
  ctx: Context,
  applications: readonly GeneratedApplication[],
  settings: LoadSettings,
  clients: LoadClients,
): Promise<{ observations: CaseObservation[]; timedOut: boolean }> {
  const { api, mint } = clients;
  const runId = randomBytes(4).toString("hex");
  const observations: CaseObservation[] = applications.map((a, index) => ({
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
    const a = applications[i] as GeneratedApplication;
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
    for (let i = 0; i < applications.length; i++) {
      const delay = t0 + (i * 1000) / settings.rate - performance.now();
      if (delay > 0) await ctx.sleep(delay);
      while (inflight.size >= settings.concurrency) await Promise.race(inflight);
      const p: Promise<void> = submitOne(i).finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await Promise.all(inflight);
    submissionsDone = true;
  })();

  const supplement = async (o: CaseObservation, view: CaseRead) => {
    const a = applications[o.index] as GeneratedApplication;
    for (const item of view.items) {
      const key = `${view.caseId}:${item.itemId}:${item.attempt}`;
      if (item.status !== "awaiting_supplement" || answered.has(key)) continue;
      answered.add(key);
      const bundle = catalogue().bundle(view.bundleId, view.bundleVersion);
      const answers = supplementAnswers(bundle, a.body, item.requested ?? [], ctx.now());
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

  /** One read of every open case. */
  const poll = () =>
    inPool([...open], settings.concurrency, async (o) => {
      let view: CaseRead;
      try {
        view = await getCase(api, o.caseId as string, clients.operator);
      } catch {
        return; // read again on the next round
      }
      o.status = view.status;
      if (isFinalStatus(view.status)) {
        o.finalSeenMs = performance.now();
        Object.assign(o, timelineDurations(view));
        open.delete(o);
        return;
      }
      o.waitingAt = view.items.flatMap((i) =>
        i.status === "dispatched" ? [i.department] : i.status === "awaiting_supplement" ? ["applicant"] : [],
      );
      if (settings.autoSupplement && o.waitingAt.includes("applicant")) await supplement(o, view);
    });

  let lastProgress = performance.now();
  const progress = () => {
    if (ctx.json || performance.now() - lastProgress < 5_000) return;
    lastProgress = performance.now();
    const sent = observations.filter((o) => o.submitEndMs !== undefined).length;
    const final = observations.filter((o) => isFinalStatus(o.status)).length;
    note(
      ctx,
      `  ${((lastProgress - t0) / 1000).toFixed(0)} s: submitted ${sent}/${settings.cases} · final ${final} · open ${open.size}`,
    );
  };

  let timedOut = false;
  let deadline: number | undefined;
  while (settings.wait) {
    await ctx.sleep(settings.pollMs);
    await poll();
    progress();
    if (!submissionsDone) continue;
    deadline ??= performance.now() + settings.timeoutS * 1000;
    if (open.size === 0) break;
    if (performance.now() >= deadline) {
      timedOut = true;
      break;
    }
  }
  await submitting;
  return { observations, timedOut };
}

/** Every accepted case goes into the case book as its applicant's (and filing clerk's), so `status` acts as them. */
export async function recordLoadCases(
  ctx: Context,
  applications: readonly GeneratedApplication[],
  observations: readonly CaseObservation[],
): Promise<void> {
  const records: Record<string, CaseRecord> = {};
  const submittedAt = ctx.now().toISOString();
  for (const o of observations) {
    if (!o.caseId) continue;
    const a = applications[o.index] as GeneratedApplication;
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
}

import type { CaseView } from "@onething/contracts";
import { FINAL_CASE_STATUSES } from "@onething/domain";
import { formatDuration, renderTable } from "../format.ts";
import { type Distribution, distribution, ratePerSecond } from "../stats.ts";

/** What the load driver saw of one case. Wall-clock times are `performance.now()` milliseconds. */
export interface CaseObservation {
  readonly index: number;
  readonly bundleId: string;
  readonly sampleId: string;
  submitStartMs: number;
  submitEndMs?: number;
  caseId?: string;
  submitError?: string;
  status?: string;
  /** When the driver first saw it final. */
  finalSeenMs?: number;
  /** From the case timeline (platform time). */
  toLastDispatchMs?: number;
  toFinalMs?: number;
  supplementsProvided: number;
  /** For cases not final: where their open items wait (a department, or `applicant` for a supplement). */
  waitingAt?: readonly string[];
}

export const isFinalStatus = (status: string | undefined): boolean =>
  status !== undefined && (FINAL_CASE_STATUSES as readonly string[]).includes(status);

/**
 * Timings from a case's own timeline (the platform's clock): submission → the last `item_dispatched`, and
 * submission → closing (`closedAt`, or the `case_closed` entry).
 */
export function timelineDurations(view: CaseView): { toLastDispatchMs?: number; toFinalMs?: number } {
  const submitted = view.timeline.find((e) => e.kind === "case_submitted")?.at ?? view.submittedAt;
  const start = Date.parse(submitted);
  const dispatches = view.timeline.filter((e) => e.kind === "item_dispatched").map((e) => Date.parse(e.at));
  const closed = view.closedAt ?? view.timeline.findLast((e) => e.kind === "case_closed")?.at;
  const out: { toLastDispatchMs?: number; toFinalMs?: number } = {};
  if (dispatches.length > 0 && Number.isFinite(start)) {
    out.toLastDispatchMs = Math.max(...dispatches) - start;
  }
  if (closed && isFinalStatus(view.status) && Number.isFinite(start))
    out.toFinalMs = Date.parse(closed) - start;
  return out;
}

export interface LoadReport {
  cases: number;
  submitted: number;
  submitFailed: number;
  final: number;
  open: number;
  timedOut: boolean;
  mix: Record<string, number>;
  /** Submissions accepted per second, from the first submission sent to the last one answered. */
  submissionsPerSecond: number | undefined;
  /** Cases seen final per second, from the first submission sent to the last case seen final. */
  finishedPerSecond: number | undefined;
  submitLatency: Distribution;
  /** Submission → last dispatch of the case, from its timeline (final cases). */
  toLastDispatch: Distribution;
  /** Submission → final status, from the case (closedAt − submittedAt). */
  toFinal: Distribution;
  outcomes: Record<string, number>;
  supplementsProvided: number;
  /** Open items of the cases still open, per department (`applicant`: a supplement is owed). */
  waitingAt: Record<string, number>;
  submitErrors: Record<string, number>;
  wallSeconds: number;
}

export function buildReport(
  observations: readonly CaseObservation[],
  options: { timedOut: boolean; endMs: number },
): LoadReport {
  const submitted = observations.filter((o) => o.caseId !== undefined);
  const failed = observations.filter((o) => o.submitError !== undefined);
  const final = submitted.filter((o) => isFinalStatus(o.status));
  const start = observations.reduce((m, o) => Math.min(m, o.submitStartMs), Number.POSITIVE_INFINITY);
  const lastSubmitEnd = submitted.reduce((m, o) => Math.max(m, o.submitEndMs ?? start), start);
  const lastFinal = final.reduce((m, o) => Math.max(m, o.finalSeenMs ?? start), start);
  const outcomes: Record<string, number> = {};
  for (const o of observations) {
    const key =
      o.submitError !== undefined
        ? "submit_failed"
        : isFinalStatus(o.status)
          ? (o.status as string)
          : `open:${o.status ?? "unknown"}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  const mix: Record<string, number> = {};
  for (const o of observations) mix[o.bundleId] = (mix[o.bundleId] ?? 0) + 1;
  const submitErrors: Record<string, number> = {};
  for (const o of failed)
    submitErrors[o.submitError as string] = (submitErrors[o.submitError as string] ?? 0) + 1;
  const waitingAt: Record<string, number> = {};
  for (const o of submitted) {
    if (isFinalStatus(o.status)) continue;
    for (const where of o.waitingAt ?? []) waitingAt[where] = (waitingAt[where] ?? 0) + 1;
  }
  const defined = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined);
  return {
    cases: observations.length,
    submitted: submitted.length,
    submitFailed: failed.length,
    final: final.length,
    open: submitted.length - final.length,
    timedOut: options.timedOut,
    mix,
    submissionsPerSecond:
      submitted.length > 0 ? ratePerSecond(submitted.length, lastSubmitEnd - start) : undefined,
    finishedPerSecond: final.length > 0 ? ratePerSecond(final.length, lastFinal - start) : undefined,
    submitLatency: distribution(defined(submitted.map((o) => (o.submitEndMs ?? 0) - o.submitStartMs))),
    toLastDispatch: distribution(defined(final.map((o) => o.toLastDispatchMs))),
    toFinal: distribution(defined(final.map((o) => o.toFinalMs))),
    outcomes,
    supplementsProvided: observations.reduce((n, o) => n + o.supplementsProvided, 0),
    waitingAt,
    submitErrors,
    wallSeconds: observations.length > 0 ? (options.endMs - start) / 1000 : 0,
  };
}

const rate = (r: number | undefined) => (r === undefined ? "—" : `${r.toFixed(r < 10 ? 2 : 1)}/s`);

/** `timeScale`: the platform clock's speed (runtime.json); the timeline durations are in platform time. */
export function renderReport(r: LoadReport, timeScale = 1): string {
  const dist = (name: string, d: Distribution) => [
    name,
    formatDuration(d.p50Ms),
    formatDuration(d.p95Ms),
    formatDuration(d.maxMs),
    String(d.count),
  ];
  const lines = [
    `Load: ${r.cases} cases (${Object.entries(r.mix)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}) in ${r.wallSeconds.toFixed(1)} s`,
    `  submitted      ${r.submitted}${r.submitFailed > 0 ? ` (${r.submitFailed} refused)` : ""} · sustained ${rate(r.submissionsPerSecond)}`,
    `  finished       ${r.final} of ${r.submitted} · ${rate(r.finishedPerSecond)}${r.timedOut ? ` · ${r.open} still open at the timeout` : ""}`,
    ...(r.open > 0 && Object.keys(r.waitingAt).length > 0
      ? [
          `  still open     ${r.open}, their open items wait at: ${Object.entries(r.waitingAt)
            .sort((a, b) => b[1] - a[1])
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")}`,
        ]
      : []),
    ...(r.supplementsProvided > 0
      ? [`  supplements    ${r.supplementsProvided} answered by the simulated applicants`]
      : []),
    "",
    renderTable(
      [{ header: "time" }, { header: "p50" }, { header: "p95" }, { header: "max" }, { header: "cases" }],
      [
        dist("submit request (round trip)", r.submitLatency),
        dist("submission → last dispatch", r.toLastDispatch),
        dist("submission → final", r.toFinal),
      ],
    ),
    "",
    "Outcomes:",
    renderTable(
      [{ header: "status" }, { header: "cases" }],
      Object.entries(r.outcomes)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, String(v)]),
    ),
  ];
  if (timeScale !== 1) {
    lines.push(
      "",
      `Times from submission are on the platform clock, which runs ×${timeScale}: divide by ${timeScale} for real time.`,
    );
  }
  if (r.submitFailed > 0) {
    lines.push(
      "",
      "Refused submissions:",
      ...Object.entries(r.submitErrors).map(([k, v]) => `  ${v} × ${k}`),
    );
  }
  return lines.join("\n");
}

import { FINAL_CASE_STATUSES, OPEN_CASE_STATUSES } from "@onething/domain";
import type { OpsCounts } from "@onething/ops";
import { beijingTime } from "./beijing-time.ts";

/** What the progress line shows: the operator summary, folded. */
export interface CaseTotals {
  readonly submitted: number;
  readonly inProgress: number;
  readonly awaitingApplicant: number;
  readonly finished: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly itemsOpen: number;
  readonly itemsOverdue: number;
  readonly deadLetters: number;
}

/** Folds the operator counts (counters and DLQ depths, never a scan) into the numbers the progress line shows. */
export function caseTotals(summary: OpsCounts): CaseTotals {
  const byStatus: Record<string, number> = {};
  for (const row of Object.values(summary.casesByBundleAndStatus)) {
    for (const [status, count] of Object.entries(row)) byStatus[status] = (byStatus[status] ?? 0) + count;
  }
  const sum = (statuses: readonly string[]) => statuses.reduce((n, s) => n + (byStatus[s] ?? 0), 0);
  return {
    submitted: sum([...OPEN_CASE_STATUSES, ...FINAL_CASE_STATUSES]),
    inProgress: byStatus.in_progress ?? 0,
    awaitingApplicant: byStatus.awaiting_applicant ?? 0,
    finished: sum(FINAL_CASE_STATUSES),
    byStatus,
    itemsOpen: summary.departments.reduce((n, d) => n + d.open, 0),
    itemsOverdue: summary.departments.reduce((n, d) => n + d.overdue, 0),
    deadLetters: summary.deadLetters.reduce((n, d) => n + d.depth, 0),
  };
}

/** Platform time in Beijing, to the minute: `2026-03-02 10:04`. */
export function beijingMinute(at: Date): string {
  return beijingTime(at).slice(0, 16);
}

/**
 * The status line, `2026-03-02 10:04 (×60) | cases 12 submitted · 3 in progress · 1 awaiting applicant · 8 finished |
 * items 5 open, 1 overdue | DLQ 0`, and its part after the clock (a change there is worth a plain line).
 */
export function progressSnapshot(
  totals: CaseTotals,
  platformNow: Date,
  timeScale: number,
): { line: string; changeKey: string } {
  const clock =
    timeScale === 1 ? beijingMinute(platformNow) : `${beijingMinute(platformNow)} (×${timeScale})`;
  const changeKey =
    `cases ${totals.submitted} submitted · ${totals.inProgress} in progress · ` +
    `${totals.awaitingApplicant} awaiting applicant · ${totals.finished} finished | ` +
    `items ${totals.itemsOpen} open, ${totals.itemsOverdue} overdue | DLQ ${totals.deadLetters}`;
  return { line: `${clock} | ${changeKey}`, changeKey };
}

export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressReporter {
  start(): void;
  /** Stops refreshing; on a terminal, ends the status line so what follows starts on a fresh line. */
  stop(): void;
}

/**
 * The progress display: on a terminal, one status line redrawn every second; elsewhere (a pipe, a log file) a
 * plain line whenever the numbers changed, at most every `plainEveryMs` (default 10 s). A failing summary read
 * (e.g. while stopping) skips that refresh.
 */
export function createProgressReporter(options: {
  readonly output: ProgressOutput;
  /** The line to show, and the part of it that counts as a change (not the clock). */
  readonly snapshot: () => Promise<{ readonly line: string; readonly changeKey: string }>;
  readonly everyMs?: number;
  readonly plainEveryMs?: number;
}): ProgressReporter {
  const tty = options.output.isTTY === true;
  const every = tty ? (options.everyMs ?? 1_000) : (options.plainEveryMs ?? 10_000);
  let timer: NodeJS.Timeout | undefined;
  let lastKey = "";
  let drawn = false;
  let busy = false;

  const refresh = async () => {
    if (busy) return;
    busy = true;
    try {
      const { line, changeKey } = await options.snapshot();
      if (timer === undefined) return;
      if (tty) {
        options.output.write(`\r\u001b[2K${line}`);
        drawn = true;
      } else if (changeKey !== lastKey) {
        options.output.write(`${line}\n`);
      }
      lastKey = changeKey;
    } catch {
      // The next tick tries again.
    } finally {
      busy = false;
    }
  };

  return {
    start() {
      if (timer !== undefined) return;
      timer = setInterval(() => void refresh(), every);
      timer.unref();
      void refresh();
    },
    stop() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      if (tty && drawn) options.output.write("\n");
    },
  };
}

import { ForbiddenError, type Principal } from "@onething/auth";
import {
  type CalendarYear,
  CalendarYearSchema,
  calendarYearProblems,
  type FieldIssue,
  statutoryDaysMissing,
  toFieldIssues,
} from "@onething/domain";
import type { CalendarRepository, CalendarSource } from "./calendar.ts";
import { RequestRefusedError, validationFailed } from "./errors.ts";

export interface CalendarImportDeps {
  calendarNotices: Pick<CalendarRepository, "putCalendarNotice">;
  calendars: Pick<CalendarSource, "current" | "cacheMs">;
  /** Every department: the revision walks each one's open items. */
  departments: readonly string[];
  /** Real time (not the platform clock): when every function's cached calendar has expired. */
  realClock?: () => Date;
}

export interface CalendarImportResult {
  year: number;
  version: number;
  status: "official";
  source: string;
  loadedBy: string;
  loadedAt: string;
  /** Statutory days the notice does not give off (most likely a typo; the notice is stored all the same). */
  warnings: string[];
  /** Open deadlines affected are revised by the sweeper from this time on (every cache has then expired). */
  revisionFrom: string;
}

/**
 * Margin past the cache lifetime before the revision walk starts: a request that read the calendar just before it
 * expired may still be committing (at most the cache's lifetime again, and never more than 5 s).
 */
const revisionMarginMs = (cacheMs: number) => Math.min(5_000, cacheMs);

/** The notice's problems, each naming its field: the schema's, then consistency, then the year in the path. */
function noticeProblems(year: number, body: unknown): { notice?: CalendarYear; issues: FieldIssue[] } {
  const parsed = CalendarYearSchema.safeParse(body);
  if (!parsed.success) return { issues: toFieldIssues(parsed.error) };
  const issues: FieldIssue[] = calendarYearProblems(parsed.data).map((p) => ({
    path: p.field,
    message: p.message,
    code: "calendar_inconsistent",
  }));
  if (parsed.data.year !== year)
    issues.push({
      path: "year",
      message: `is ${parsed.data.year}, but the path names ${year}`,
      code: "year_mismatch",
    });
  return { notice: parsed.data, issues };
}

/**
 * PUT /v1/ops/calendar/{year}: an operator with the `calendar` permission loads a year's State Council notice
 * (the schema of `seeds/calendar/*.json`). It replaces any notice loaded for that year before (the old one is kept
 * as history) and takes precedence over the seeds. Every open deadline it may move is revised afterwards by the
 * sweeper's walk (`queueCalendarRevisions`).
 */
export async function importCalendarNotice(
  deps: CalendarImportDeps,
  year: number,
  body: unknown,
  principal: Principal,
  now: Date,
): Promise<CalendarImportResult> {
  if (principal.role !== "operator") throw new ForbiddenError("this route is for operator");
  if (!principal.canLoadCalendar)
    throw new ForbiddenError("loading a holiday notice needs the operator permission 'calendar'");
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new RequestRefusedError("invalid", "validation_failed", "invalid path", [
      { path: "path.year", message: "must be a year from 2000 to 2100", code: "out_of_range" },
    ]);
  const { notice, issues } = noticeProblems(year, body);
  if (!notice || issues.length > 0) throw validationFailed(issues);
  const realNow = (deps.realClock ?? (() => new Date()))();
  const revisionFrom = new Date(
    realNow.getTime() + deps.calendars.cacheMs + revisionMarginMs(deps.calendars.cacheMs),
  ).toISOString();
  const stored = await deps.calendarNotices.putCalendarNotice({
    notice,
    loadedBy: principal.subject,
    now,
    job: {
      // A notice names days of its year (and, rarely, the last days of the year before).
      dueFrom: new Date(`${year - 1}-12-01T00:00:00+08:00`).toISOString(),
      notBefore: revisionFrom,
      departments: Object.fromEntries(deps.departments.map((d) => [d, { done: false }])),
    },
  });
  // This process counts with the new notice at once; the others within the cache's lifetime.
  await deps.calendars.current({ fresh: true });
  return {
    year,
    version: stored.version,
    status: "official",
    source: notice.source,
    loadedBy: stored.loadedBy,
    loadedAt: stored.loadedAt,
    warnings: statutoryDaysMissing(notice).map(
      (d) => `statutory holiday ${d} is not a day off in this notice`,
    ),
    revisionFrom,
  };
}

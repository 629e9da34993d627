import {
  type CalendarYear,
  type CalendarYearView,
  type Catalogue,
  chinaDate,
  createDecide,
  type Decide,
  type WorkingCalendar,
} from "@onething/domain";

/** A year's notice loaded at run time by an operator: the current version of that year. */
export interface StoredCalendarNotice {
  year: number;
  notice: CalendarYear;
  /** 1 for the first import of the year, +1 for each replacement. */
  version: number;
  /** The operator's subject. */
  loadedBy: string;
  loadedAt: string;
}

/**
 * The walk that revises open deadlines after a notice was loaded: per department, the cursor into its open items
 * (oldest deadline first, from `dueFrom`), until every department is done.
 */
export interface CalendarRevisionJob {
  year: number;
  version: number;
  /** Open items due at or after this instant may be affected. */
  dueFrom: string;
  /**
   * Not walked before this real time: until then some function may still hold the previous calendar in its
   * cache and dispatch with it; a walk afterwards sees those items too.
   */
  notBefore: string;
  createdAt: string;
  departments: Record<string, { cursor?: string; done: boolean }>;
  casesQueued: number;
  done: boolean;
}

/** What the calendar use cases need from storage; `@onething/store` implements it over the table. */
export interface CalendarRepository {
  /** The current notice of every year loaded at run time. */
  listCalendarNotices(): Promise<StoredCalendarNotice[]>;
  /**
   * Stores `notice` as its year's current notice (version + 1 of what is stored), keeps a history row of it, and
   * creates its revision job, in one transaction.
   */
  putCalendarNotice(input: {
    notice: CalendarYear;
    loadedBy: string;
    now: Date;
    job: Pick<CalendarRevisionJob, "dueFrom" | "notBefore" | "departments">;
  }): Promise<StoredCalendarNotice>;
  listOpenRevisionJobs(): Promise<CalendarRevisionJob[]>;
  saveRevisionJob(job: CalendarRevisionJob): Promise<void>;
}

/** The working-day calendar every function counts with: the seeds' notices, replaced by those loaded at run time. */
export interface CalendarSource {
  /** The calendar as of the last read, at most the cache's age old; `fresh` reads the table first. */
  current(options?: { fresh?: boolean }): Promise<WorkingCalendar>;
  /** The notices loaded at run time, read like `current`. */
  loaded(options?: { fresh?: boolean }): Promise<StoredCalendarNotice[]>;
  /** The seeds' calendar: the default for every year nobody loaded. */
  readonly seeds: WorkingCalendar;
  /** How long a read is reused: a notice loaded now is used everywhere after this long. */
  readonly cacheMs: number;
}

/** A loaded notice is used by every function within a minute. */
export const DEFAULT_CALENDAR_CACHE_MS = 60_000;

/**
 * A calendar source over the seeds and the notices in the table, read at most once per `cacheMs` (by the monotonic
 * clock `elapsedMs`, not the platform's, which may run faster locally).
 * @example const calendars = createCalendarSource({ seeds: loadSeedCalendar(), repository: store });
 */
export function createCalendarSource(config: {
  seeds: WorkingCalendar;
  repository?: Pick<CalendarRepository, "listCalendarNotices">;
  cacheMs?: number;
  elapsedMs?: () => number;
}): CalendarSource {
  const cacheMs = config.cacheMs ?? DEFAULT_CALENDAR_CACHE_MS;
  const elapsed = config.elapsedMs ?? (() => performance.now());
  let cached: { at: number; calendar: WorkingCalendar; loaded: StoredCalendarNotice[] } | undefined;
  let reading: Promise<NonNullable<typeof cached>> | undefined;
  const read = async () => {
    const loaded = config.repository ? await config.repository.listCalendarNotices() : [];
    const calendar = loaded.length > 0 ? config.seeds.withYears(loaded.map((n) => n.notice)) : config.seeds;
    cached = { at: elapsed(), calendar, loaded };
    return cached;
  };
  const get = async (fresh: boolean) => {
    if (!fresh && cached && elapsed() - cached.at < cacheMs) return cached;
    // Concurrent callers share one read.
    reading ??= read().finally(() => {
      reading = undefined;
    });
    return reading;
  };
  return {
    seeds: config.seeds,
    cacheMs,
    current: async (options) => (await get(options?.fresh === true)).calendar,
    loaded: async (options) => (await get(options?.fresh === true)).loaded,
  };
}

/** `decide` that may wait for the calendar: what `applyCaseEvent` runs. Plain `Decide`s fit too. */
export type CaseDecider = (...args: Parameters<Decide>) => ReturnType<Decide> | Promise<ReturnType<Decide>>;

/**
 * The engine over the current calendar. A `CalendarRevised` event reads the calendar fresh, so the revision of a
 * notice just loaded never meets a cached copy of the one before.
 */
export function createCalendarDecider(catalogue: Catalogue, calendars: CalendarSource): CaseDecider {
  const engines = new WeakMap<WorkingCalendar, Decide>();
  return async (state, event, now) => {
    const calendar = await calendars.current({ fresh: event.type === "CalendarRevised" });
    let decide = engines.get(calendar);
    if (!decide) {
      decide = createDecide({ catalogue, calendar });
      engines.set(calendar, decide);
    }
    return decide(state, event, now);
  };
}

/** One year as the operators' calendar page lists it: how the platform counts it and where that comes from. */
export interface CalendarYearListing extends CalendarYearView {
  origin: "seed" | "loaded" | "statutory_rule";
  version?: number;
  loadedBy?: string;
  loadedAt?: string;
}

/** How many years past the current one the listing shows (provisional ones included). */
const LISTED_YEARS_AHEAD = 2;

/** Every official year, and the current and next years whatever their status: what `GET /v1/ops/calendar` lists. */
export async function listCalendarYears(
  calendars: CalendarSource,
  now: Date,
): Promise<CalendarYearListing[]> {
  const [calendar, loaded] = await Promise.all([calendars.current(), calendars.loaded()]);
  const thisYear = Number(chinaDate(now).slice(0, 4));
  const years = new Set(calendar.officialYears);
  for (let y = thisYear; y <= thisYear + LISTED_YEARS_AHEAD; y++) years.add(y);
  const byYear = new Map(loaded.map((n) => [n.year, n]));
  return [...years]
    .sort((a, b) => a - b)
    .flatMap((year): CalendarYearListing[] => {
      const view = calendar.year(year);
      if (!view) return [];
      const notice = byYear.get(year);
      if (notice)
        return [
          {
            ...view,
            origin: "loaded",
            version: notice.version,
            loadedBy: notice.loadedBy,
            loadedAt: notice.loadedAt,
          },
        ];
      return [{ ...view, origin: view.status === "official" ? "seed" : "statutory_rule" }];
    });
}

/** Provisional years the next `days` days of deadlines would count in: what the banner and cold-start log name. */
export function provisionalYearsAhead(calendar: WorkingCalendar, now: Date, days: number): number[] {
  const first = Number(chinaDate(now).slice(0, 4));
  const last = Number(chinaDate(new Date(now.getTime() + days * 86_400_000)).slice(0, 4));
  const years: number[] = [];
  for (let y = first; y <= last; y++) if (calendar.statusOf(y) === "provisional") years.push(y);
  return years;
}

import { toCaseEventMessage } from "@onething/contracts";
import type { CalendarRepository, CalendarRevisionJob } from "./calendar.ts";
import { type CaseLogger, ORCHESTRATOR_QUEUE, type OutboxMessage, type SendOutbox } from "./ports.ts";

/** An open item as the department's open-item index lists it. */
export interface OpenItemEntry {
  caseId: string;
  itemId: string;
  dispatchedAt?: string;
}

export interface RevisionDeps {
  calendarNotices: Pick<CalendarRepository, "listOpenRevisionJobs" | "saveRevisionJob">;
  /** A department's open items due at or after `dueFrom` (and those without a deadline), oldest deadline first. */
  listOpenItems(query: {
    department: string;
    dueFrom: Date;
    limit: number;
    cursor?: string;
  }): Promise<{ items: OpenItemEntry[]; cursor?: string }>;
  send: SendOutbox;
  log: CaseLogger;
}

export interface RevisionReport {
  /** `CalendarRevised` events sent to the orchestrator this tick. */
  casesQueued: number;
  /** Walks finished this tick. */
  jobsDone: number;
}

/** Index pages read per tick over all walks: a tick runs every minute, what is left waits for the next one. */
export const REVISION_PAGES_PER_TICK = 20;
const PAGE_SIZE = 100;

/**
 * Sends `CalendarRevised` for every open case whose deadline a loaded notice may move: a walk per import over each
 * department's open items due from `dueFrom` on (an index Query, oldest deadline first, never a scan), from its
 * saved cursor, for at most `pages` pages per tick. The engine counts each case's deadlines again and changes only
 * what moved; the event id (`calendar:<year>:v<version>:<case>`) makes a resend apply once.
 * A walk starts at its `notBefore` (real time): until then another function may still count with its cached
 * calendar, and the items it dispatches would be missed.
 */
export async function queueCalendarRevisions(
  deps: RevisionDeps,
  now: Date,
  realNow: Date,
  pages = REVISION_PAGES_PER_TICK,
): Promise<RevisionReport> {
  const report: RevisionReport = { casesQueued: 0, jobsDone: 0 };
  let budget = pages;
  const jobs = await deps.calendarNotices.listOpenRevisionJobs();
  for (const job of jobs.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    if (budget <= 0) break;
    if (Date.parse(job.notBefore) > realNow.getTime()) continue;
    for (const [department, progress] of Object.entries(job.departments)) {
      while (!progress.done && budget > 0) {
        budget--;
        const page = await deps.listOpenItems({
          department,
          dueFrom: new Date(job.dueFrom),
          limit: PAGE_SIZE,
          ...(progress.cursor ? { cursor: progress.cursor } : {}),
        });
        const queued = await sendRevisions(deps, job, page.items, now);
        job.casesQueued += queued;
        report.casesQueued += queued;
        if (page.cursor) progress.cursor = page.cursor;
        else {
          delete progress.cursor;
          progress.done = true;
        }
        // Progress is saved page by page: a crash resends at most one page's events, which apply once.
        job.done = Object.values(job.departments).every((d) => d.done);
        await deps.calendarNotices.saveRevisionJob(job);
      }
    }
    if (job.done) {
      report.jobsDone++;
      deps.log.info("calendar revision done", {
        year: job.year,
        version: job.version,
        cases: job.casesQueued,
      });
    }
  }
  return report;
}

async function sendRevisions(
  deps: RevisionDeps,
  job: CalendarRevisionJob,
  items: readonly OpenItemEntry[],
  now: Date,
): Promise<number> {
  // An item dispatched after the notice's year ended counts no day of it.
  const yearEnd = Date.parse(`${job.year + 1}-01-01T00:00:00+08:00`);
  const cases = new Set(
    items
      .filter((i) => i.dispatchedAt === undefined || Date.parse(i.dispatchedAt) < yearEnd)
      .map((i) => i.caseId),
  );
  const messages: OutboxMessage[] = [...cases].map((caseId) => {
    const eventId = `calendar:${job.year}:v${job.version}:${caseId}`;
    const body = toCaseEventMessage({ type: "CalendarRevised", eventId, caseId, year: job.year }, now);
    return { queue: ORCHESTRATOR_QUEUE, body, groupId: caseId, dedupId: eventId };
  });
  if (messages.length > 0) await deps.send(messages);
  return messages.length;
}

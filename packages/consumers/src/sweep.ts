import {
  type CalendarRepository,
  type CaseLogger,
  type CaseRepository,
  ORCHESTRATOR_QUEUE,
  type OutboxMessage,
  queueCalendarRevisions,
  REVISION_PAGES_PER_TICK,
  type SendOutbox,
  sendAndMark,
} from "@onething/cases";
import { toCaseEventMessage } from "@onething/contracts";
import type { CaseStore, ItemSummary } from "@onething/store";
import { expireOpenOffers, type LifeEventSweepDeps, timeOutWaits } from "./sweep-waits.ts";

/** What one tick may do at most: a tick runs every minute, so what is left over waits a minute, not forever. */
export interface SweepLimits {
  /** Overdue items read per department (the store's page size limit is 100). */
  overduePerDepartment: number;
  /** Pending outbox entries resent (1..100). */
  outboxEntries: number;
  /** Stuck cases reported (1..100), oldest first. */
  stuckCases: number;
  /** Open-item index pages the calendar revision walks read. */
  revisionPages: number;
  /** Waits for a life event timed out, and offers expired (1..100 each). */
  waits: number;
  offers: number;
}

export const DEFAULT_SWEEP_LIMITS: SweepLimits = {
  overduePerDepartment: 25,
  outboxEntries: 100,
  stuckCases: 100,
  revisionPages: REVISION_PAGES_PER_TICK,
  waits: 100,
  offers: 100,
};

/**
 * An outbox entry younger than this is probably being sent right now by the code that committed it;
 * resending it too would only double the messages.
 */
export const DEFAULT_OUTBOX_GRACE_MS = 60_000;

/**
 * An open case with no change for this long is reported as stuck. Ten working days are about fourteen
 * calendar days; the sweeper does not need the working-day calendar for an alarm threshold.
 */
export const DEFAULT_STUCK_AFTER_MS = 14 * 24 * 60 * 60 * 1000;

/** SQS's SendMessageBatch size: overdue events are sent in chunks of this, so one failure costs one chunk. */
const SEND_CHUNK = 10;

export interface SweepDeps {
  /** The store: the case repository (to mark outbox entries sent) and the three work-list queries. */
  store: CaseRepository &
    Pick<CaseStore, "listOverdueItems" | "listPendingOutbox" | "listStaleCases" | "listOpenItems"> &
    Pick<CalendarRepository, "listOpenRevisionJobs" | "saveRevisionJob"> &
    LifeEventSweepDeps["store"];
  /** The platform's outbox sender (logical queues, FIFO ids kept). */
  send: SendOutbox;
  /** Every department id of the registry: overdue items are read per department. */
  departments: readonly string[];
  log: CaseLogger;
  /** Counts the ItemOverdue events raised, per department (the dashboard's "items overdue"). */
  metrics?: { itemsOverdue(department: string, count: number): void };
  limits?: Partial<SweepLimits>;
  /** Real time, for the calendar revision walks' start (the platform clock may run faster locally). */
  realClock?: () => Date;
  outboxGraceMs?: number;
  stuckAfterMs?: number;
}

export interface SweepReport {
  /** ItemOverdue events sent to the orchestrator queue this tick. */
  overdueRaised: number;
  /** Pending outbox entries sent and marked sent this tick. */
  outboxResent: number;
  /** Ids of open cases without progress for too long (oldest first, at most `limits.stuckCases`). */
  stuckCases: string[];
  /** `CalendarRevised` events sent for cases whose deadlines a loaded holiday notice may move. */
  calendarRevisionsQueued: number;
  /** `ItemOverdue` events sent for waits past their timeout, and offers expired. */
  waitsTimedOut: number;
  offersExpired: number;
}

/**
 * One sweeper tick, at `now`:
 * 1. resends outbox entries still pending after the grace period (a crash between commit and send);
 * 2. raises `ItemOverdue` for each dispatched item past its deadline and not yet escalated, on the
 *    orchestrator FIFO queue (group = case id, dedup id = event id = `overdue:<case>:<item>:<attempt>`);
 * 3. reports `in_progress` cases unchanged for `stuckAfterMs`;
 * 4. walks on with the revision of open deadlines after a holiday notice was loaded (`queueCalendarRevisions`);
 * 5. times out waits for a life event (`ItemOverdue`, event id `wait-timeout:<case>:<item>`) and expires offers.
 *
 * Idempotent: a second tick before the orchestrator caught up sends the same event ids again, which the
 * queue deduplicates and the orchestrator's processed-event markers apply once; once escalated, an item
 * leaves the store's due list. Failures are logged per entry or chunk and left to the next tick.
 *
 * @example
 * const report = await sweep({ store, send: platform.send, departments, log }, new Date());
 */
export async function sweep(deps: SweepDeps, now: Date): Promise<SweepReport> {
  const limits = { ...DEFAULT_SWEEP_LIMITS, ...deps.limits };
  const outboxResent = await resendPendingOutbox(deps, now, limits.outboxEntries);
  const overdueRaised = await raiseOverdue(deps, now, limits.overduePerDepartment);
  const stuckCases = await findStuckCases(deps, now, limits.stuckCases);
  const calendarRevisionsQueued = await reviseCalendar(deps, now, limits.revisionPages);
  const waitsTimedOut = await timeOutWaits(deps, now, limits.waits);
  const offersExpired = await expireOpenOffers(deps, now, limits.offers);
  const report = {
    overdueRaised,
    outboxResent,
    stuckCases,
    calendarRevisionsQueued,
    waitsTimedOut,
    offersExpired,
  };
  deps.log.info("sweep done", {
    at: now.toISOString(),
    overdueRaised,
    outboxResent,
    stuckCases: stuckCases.length,
    calendarRevisionsQueued,
    waitsTimedOut,
    offersExpired,
  });
  return report;
}

async function resendPendingOutbox(deps: SweepDeps, now: Date, limit: number): Promise<number> {
  const olderThan = new Date(now.getTime() - (deps.outboxGraceMs ?? DEFAULT_OUTBOX_GRACE_MS));
  const entries = await deps.store.listPendingOutbox({ olderThan, limit });
  let resent = 0;
  // One entry at a time, oldest first: entries of one case then reach the department queues in commit order.
  for (const entry of entries) {
    const sent = await sendAndMark(
      { send: deps.send, cases: deps.store, log: deps.log },
      entry.caseId,
      entry.eventId,
      entry.messages,
      now,
    );
    if (sent) {
      resent++;
      deps.log.info("outbox resent", {
        caseId: entry.caseId,
        eventId: entry.eventId,
        messages: entry.messages.length,
      });
    }
  }
  return resent;
}

async function reviseCalendar(deps: SweepDeps, now: Date, pages: number): Promise<number> {
  try {
    const { casesQueued } = await queueCalendarRevisions(
      {
        calendarNotices: deps.store,
        listOpenItems: (query) => deps.store.listOpenItems(query),
        send: deps.send,
        log: deps.log,
      },
      now,
      (deps.realClock ?? (() => new Date()))(),
      pages,
    );
    return casesQueued;
  } catch (error) {
    // The walk's progress is saved page by page: the next tick goes on from the last saved page.
    deps.log.error("calendar revision failed; the next sweep goes on", { error: (error as Error).message });
    return 0;
  }
}

function overdueMessage(item: ItemSummary, now: Date): OutboxMessage {
  // The deadline is part of the id: a deadline revised by a loaded holiday notice can fall due again. An item
  // already overdue is listed again at its `escalateAgainAt`: its second escalation, an event of its own.
  const again = item.overdue ? ":again" : "";
  const eventId = `overdue:${item.caseId}:${item.itemId}:${item.attempt}:${item.dueAt ?? "none"}${again}`;
  const body = toCaseEventMessage(
    { type: "ItemOverdue", eventId, caseId: item.caseId, itemId: item.itemId, attempt: item.attempt },
    now,
  );
  return { queue: ORCHESTRATOR_QUEUE, body, groupId: item.caseId, dedupId: eventId };
}

async function raiseOverdue(deps: SweepDeps, now: Date, limitPerDepartment: number): Promise<number> {
  if (deps.departments.length === 0) return 0;
  const items = await deps.store.listOverdueItems(now, deps.departments, limitPerDepartment);
  const messages: OutboxMessage[] = [];
  const departmentOf = new Map<string | undefined, string>();
  for (const item of items) {
    try {
      const message = overdueMessage(item, now);
      messages.push(message);
      departmentOf.set(message.dedupId, item.department);
    } catch (error) {
      // A row the contract refuses (an id of the wrong shape) is a data bug: report it, raise the rest.
      deps.log.error("overdue item skipped", {
        caseId: item.caseId,
        itemId: item.itemId,
        error: (error as Error).message,
      });
    }
  }
  let raised = 0;
  for (let start = 0; start < messages.length; start += SEND_CHUNK) {
    const chunk = messages.slice(start, start + SEND_CHUNK);
    try {
      await deps.send(chunk);
      raised += chunk.length;
      for (const m of chunk) deps.log.info("item overdue raised", { caseId: m.groupId, eventId: m.dedupId });
      const perDepartment = new Map<string, number>();
      // A second escalation is the same overdue item again: not counted twice.
      for (const m of chunk.filter((x) => !x.dedupId?.endsWith(":again"))) {
        const department = departmentOf.get(m.dedupId) ?? "unknown";
        perDepartment.set(department, (perDepartment.get(department) ?? 0) + 1);
      }
      for (const [department, count] of perDepartment) deps.metrics?.itemsOverdue(department, count);
    } catch (error) {
      deps.log.error("overdue send failed; the next sweep retries", {
        eventIds: chunk.map((m) => m.dedupId),
        error: (error as Error).message,
      });
    }
  }
  return raised;
}

async function findStuckCases(deps: SweepDeps, now: Date, limit: number): Promise<string[]> {
  const updatedBefore = new Date(now.getTime() - (deps.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS));
  // Only `in_progress`: a case awaiting the applicant's supplement waits on the citizen, whose clock is stopped.
  const page = await deps.store.listStaleCases({ status: "in_progress", updatedBefore, limit });
  const caseIds = page.items.map((c) => c.caseId);
  if (caseIds.length > 0) {
    deps.log.warn("stuck cases", {
      count: caseIds.length,
      more: page.cursor !== undefined,
      updatedBefore: updatedBefore.toISOString(),
      caseIds,
    });
  }
  return caseIds;
}

import type { TaskTokens } from "@onething/auth";
import {
  type CaseEvent,
  type CaseState,
  type Catalogue,
  type Decision,
  entitlementChangesOf,
  RefusalError,
  type TimelineEntry,
} from "@onething/domain";
import { applicantIdentity } from "./access.ts";
import type { CaseDecider } from "./calendar.ts";
import { noticesOfCommands } from "./notices.ts";
import { offerOfCommand } from "./offer-make.ts";
import { commandsToOutbox, registryOutbox } from "./outbox.ts";
import type { CaseLogger, CaseRepository, SendOutbox } from "./ports.ts";
import { EventAlreadyProcessedError, VersionConflictError } from "./repository-errors.ts";
import { caseSubjectsOf } from "./subjects.ts";

export interface ApplyDeps {
  /** The engine; over a calendar that may be read from the table first (`createCalendarDecider`). */
  decide: CaseDecider;
  catalogue: Catalogue;
  cases: CaseRepository;
  send: SendOutbox;
  tokens: TaskTokens;
  log: CaseLogger;
}

export type ApplyOutcome =
  | { kind: "applied"; state: CaseState; version: number; decision: Decision }
  | { kind: "ignored"; state: CaseState | undefined; reason: string; detail: string }
  | { kind: "duplicate"; state: CaseState | undefined };

/** How often a version conflict (another writer got there first) is retried before giving up. */
const MAX_CONFLICT_RETRIES = 5;

/** Thrown when a case stays contended past the retries: a retry later will do (the queue redelivers it). */
export class CaseContendedError extends RefusalError {
  readonly caseId: string;
  constructor(caseId: string) {
    super("retry_later", "case_busy", `case ${caseId} kept changing under us; retry later`);
    this.caseId = caseId;
  }
}

/**
 * Load → decide → commit (version check, with timeline, outbox, counters and the processed-event marker in one
 * transaction) → send the outbox → mark it sent. Sending is best-effort: what is not sent stays pending in the
 * outbox and the sweeper resends it, so a crash between commit and send delays a case but never loses it. The
 * entitlements a case's items grant or stop travel the same way (`registryOutbox`): applied after the commit, each a
 * guarded write, so a resend changes nothing.
 */
export async function applyCaseEvent(deps: ApplyDeps, event: CaseEvent, now: Date): Promise<ApplyOutcome> {
  for (let attempt = 1; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
    const stored = await deps.cases.getCase(event.caseId);
    const decision: Decision = await deps.decide(stored?.state, event, now);
    if (decision.ignored) {
      deps.log.info("event ignored", {
        caseId: event.caseId,
        eventId: event.eventId,
        type: event.type,
        ...decision.ignored,
      });
      return { kind: "ignored", state: stored?.state, ...decision.ignored };
    }
    const next = decision.state as CaseState;
    const bundle = deps.catalogue.bundle(next.bundleId, next.bundleVersion);
    const outbox = [
      ...commandsToOutbox(decision.commands, bundle, deps.tokens, now, next),
      ...registryOutbox(
        next.caseId,
        entitlementChangesOf(bundle, stored?.state, next).map((change) =>
          next.place ? { ...change, placePath: next.place.path } : change,
        ),
        deps.tokens,
        now,
      ),
    ];
    const timeline: TimelineEntry[] = decision.commands.flatMap((c) =>
      c.type === "RecordTimeline" ? [c.entry] : [],
    );
    const offers = decision.commands.flatMap((c) =>
      c.type === "MakeOffer" ? [offerOfCommand(deps.catalogue, c, now)] : [],
    );
    const notices = noticesOfCommands(
      decision.commands,
      bundle,
      next,
      applicantIdentity(bundle, next.application),
      event.eventId,
      now,
    );
    try {
      const { version } = await deps.cases.commitDecision({
        ...(stored ? { previous: stored } : {}),
        next,
        eventId: event.eventId,
        timeline,
        outbox,
        now,
        subjects: caseSubjectsOf(bundle, next),
        ...(offers.length > 0 ? { offers } : {}),
        ...(notices.length > 0 ? { notices } : {}),
      });
      deps.log.info("event applied", {
        caseId: next.caseId,
        eventId: event.eventId,
        type: event.type,
        status: next.status,
        version,
        messages: outbox.length,
      });
      await sendAndMark(deps, next.caseId, event.eventId, outbox, now);
      return { kind: "applied", state: next, version, decision };
    } catch (error) {
      if (error instanceof EventAlreadyProcessedError) {
        deps.log.info("duplicate event", { caseId: event.caseId, eventId: event.eventId });
        return { kind: "duplicate", state: (await deps.cases.getCase(event.caseId))?.state };
      }
      if (!(error instanceof VersionConflictError)) throw error;
      deps.log.warn("version conflict, retrying", { caseId: event.caseId, eventId: event.eventId, attempt });
    }
  }
  throw new CaseContendedError(event.caseId);
}

/** Sends one committed outbox entry and marks it sent; failures are logged and left to the sweeper. */
export async function sendAndMark(
  deps: Pick<ApplyDeps, "send" | "cases" | "log">,
  caseId: string,
  eventId: string,
  outbox: StoredOutbox["messages"],
  now: Date,
): Promise<boolean> {
  if (outbox.length === 0) return true;
  try {
    await deps.send(outbox);
    await deps.cases.markOutboxSent(caseId, eventId, now);
    return true;
  } catch (error) {
    deps.log.error("outbox send failed; the sweeper will resend", {
      caseId,
      eventId,
      error: (error as Error).message,
    });
    return false;
  }
}

export interface StoredOutbox {
  caseId: string;
  eventId: string;
  messages: Parameters<SendOutbox>[0];
}

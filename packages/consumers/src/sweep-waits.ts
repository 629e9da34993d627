/**
 * The sweeper's two life-event jobs: a wait for an event that timed out becomes an `ItemOverdue` for its item (the
 * engine skips it, tells the applicant and goes on), and open offers past their expiry expire.
 */
import {
  type CaseLogger,
  type CaseRepository,
  expireOffers,
  type OfferRepository,
  ORCHESTRATOR_QUEUE,
  type OutboxMessage,
  type SendOutbox,
} from "@onething/cases";
import { toCaseEventMessage } from "@onething/contracts";
import type { CaseStore, ItemSummary } from "@onething/store";

export interface LifeEventSweepDeps {
  store: Pick<CaseRepository, "getCase"> &
    Pick<CaseStore, "listExpiredWaits"> &
    Pick<OfferRepository, "listExpiredOffers" | "decide" | "getOffer" | "getClaim" | "releaseClaim">;
  send: SendOutbox;
  log: CaseLogger;
}

/** One id per wait: the engine applies it once (its processed-event marker), the FIFO queue dedupes resends. */
export function waitTimeoutMessage(item: ItemSummary, now: Date): OutboxMessage {
  const eventId = `wait-timeout:${item.caseId}:${item.itemId}`;
  const body = toCaseEventMessage(
    { type: "ItemOverdue", eventId, caseId: item.caseId, itemId: item.itemId, attempt: item.attempt },
    now,
  );
  return { queue: ORCHESTRATOR_QUEUE, body, groupId: item.caseId, dedupId: eventId };
}

/** Sends an `ItemOverdue` for every wait past its timeout (at most `limit`); returns how many were sent. */
export async function timeOutWaits(deps: LifeEventSweepDeps, now: Date, limit: number): Promise<number> {
  const items = await deps.store.listExpiredWaits(now, limit);
  if (items.length === 0) return 0;
  const messages = items.map((item) => waitTimeoutMessage(item, now));
  try {
    await deps.send(messages);
    for (const m of messages) deps.log.info("wait timed out", { caseId: m.groupId, eventId: m.dedupId });
    return messages.length;
  } catch (error) {
    deps.log.error("wait timeout send failed; the next sweep retries", { error: (error as Error).message });
    return 0;
  }
}

/** Expires the open offers past their `expiresAt` (at most `limit`); a failure waits for the next tick. */
export async function expireOpenOffers(deps: LifeEventSweepDeps, now: Date, limit: number): Promise<number> {
  try {
    return await expireOffers({ offers: deps.store, cases: deps.store, log: deps.log }, now, limit);
  } catch (error) {
    deps.log.error("offer expiry failed; the next sweep goes on", { error: (error as Error).message });
    return 0;
  }
}

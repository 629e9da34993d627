import {
  type ApplyDeps,
  type CaseLogger,
  commandsToOutbox,
  type OutboxMessage,
  type StoredCase,
} from "@onething/cases";
import {
  type Catalogue,
  type DispatchItem,
  declaredInputs,
  dispatchPlace,
  isClosed,
  itemDefinition,
} from "@onething/domain";
import type { CaseStore } from "@onething/store";

export interface RedispatchDeps {
  /** Open items per department (gsi3, never a Scan) and the cases they belong to. */
  store: Pick<CaseStore, "listOpenItems" | "getCase">;
  catalogue: Catalogue;
  /** The platform's task-token signer: the same claim signs to the same token. */
  tokens: ApplyDeps["tokens"];
  /** The platform's outbox sender (logical queues, batched). */
  send: ApplyDeps["send"];
  /** Every department id of the registry. */
  departments: readonly string[];
  log: CaseLogger;
}

export interface RedispatchReport {
  /** `TaskDispatched` messages sent again. */
  resent: number;
  /** Open-item rows whose case no longer holds that item open at that attempt (a lagging index row). */
  skipped: number;
  /** Messages whose send failed (logged; the next run sends them again). */
  failed: number;
  byDepartment: Record<string, number>;
}

/** The store's page size limit. */
const PAGE_SIZE = 100;

/**
 * The `DispatchItem` command the engine issued for an item's current attempt, rebuilt from the stored state:
 * the same inputs (only what the item declares), the same due time, the same supplement.
 */
function dispatchOf(stored: StoredCase, itemId: string, catalogue: Catalogue): DispatchItem | undefined {
  const state = stored.state;
  if (isClosed(state)) return undefined;
  const itemState = state.items[itemId];
  if (itemState?.status !== "dispatched") return undefined;
  const bundle = catalogue.bundle(state.bundleId, state.bundleVersion);
  const item = itemDefinition(bundle, itemId);
  if (!item) return undefined;
  return {
    type: "DispatchItem",
    caseId: state.caseId,
    itemId,
    department: itemState.department,
    attempt: itemState.attempt,
    ...(itemState.dueAt ? { dueAt: itemState.dueAt } : {}),
    dueProvisional: itemState.dueProvisional === true,
    inputs: declaredInputs(item, state, itemState),
    ...(itemState.supplement ? { supplement: itemState.supplement } : {}),
    ...dispatchPlace(catalogue, state, item, itemState),
  };
}

/**
 * Sends `TaskDispatched` again for every item a department holds (`dispatched`, the current attempt), whether or
 * not its first message was marked sent. For a queue that lost its messages: the local SQS emulator keeps them in
 * memory, so a restart of the local platform loses whatever departments had not taken yet, including messages the
 * outbox had long marked sent (which the sweeper, resending only unsent entries, never sees again). Also an
 * operator's tool on AWS after a department queue was purged.
 *
 * Idempotent in effect: each message has the deterministic event id `dispatch:<case>:<item>:<attempt>`, so a
 * department that already has the task sees a duplicate it can drop. Its task token is freshly signed, so it may
 * differ from the one the department kept: an overdue item's expires 30 days from now (`taskTokenExpiry`), and after
 * a rotation it is the new key's. The kept copy names the same claim and still verifies until its own expiry, and
 * answering both copies applies once (the answer's event id is fixed per attempt). Nothing else is re-enqueued: overdue events are raised again by the sweeper (an item leaves its due list only once flagged),
 * and answers a department gave that were lost on the way are given again to the re-sent task.
 *
 * @example
 * const report = await redispatchOpenTasks({ store, catalogue, tokens, send, departments, log }, clock());
 */
export async function redispatchOpenTasks(deps: RedispatchDeps, now: Date): Promise<RedispatchReport> {
  const report: RedispatchReport = { resent: 0, skipped: 0, failed: 0, byDepartment: {} };
  const cases = new Map<string, Promise<StoredCase | undefined>>();
  const caseOf = (caseId: string) => {
    let stored = cases.get(caseId);
    if (!stored) {
      stored = deps.store.getCase(caseId);
      cases.set(caseId, stored);
    }
    return stored;
  };

  for (const department of new Set(deps.departments)) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.listOpenItems({
        department,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      cursor = page.cursor;
      const messages: OutboxMessage[] = [];
      for (const row of page.items) {
        const stored = await caseOf(row.caseId);
        const command = stored ? dispatchOf(stored, row.itemId, deps.catalogue) : undefined;
        if (!stored || !command || command.attempt !== row.attempt || command.department !== department) {
          report.skipped++;
          continue;
        }
        const bundle = deps.catalogue.bundle(stored.state.bundleId, stored.state.bundleVersion);
        messages.push(...commandsToOutbox([command], bundle, deps.tokens, now));
      }
      if (messages.length === 0) continue;
      try {
        await deps.send(messages);
        report.resent += messages.length;
        report.byDepartment[department] = (report.byDepartment[department] ?? 0) + messages.length;
      } catch (error) {
        report.failed += messages.length;
        deps.log.error("redispatch send failed", {
          department,
          messages: messages.length,
          error: (error as Error).message,
        });
      }
    } while (cursor);
  }
  deps.log.info("open tasks redispatched", { ...report });
  return report;
}

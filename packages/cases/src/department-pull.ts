import type { LeaseClaim, LeaseIds, Lessee } from "@onething/auth";
import { type DepartmentMessage, DepartmentMessageSchema } from "@onething/contracts";
import { type Catalogue, isClosed, RefusalError } from "@onething/domain";
import { TASK_RESULT_SCOPE } from "./answers.ts";
import type { DepartmentQueuePort, ReceivedDepartmentMessage } from "./department-pull-port.ts";
import { LeaseReceiptError } from "./department-pull-port.ts";
import type { CaseLogger, CaseRepository, IdempotencyRepository } from "./ports.ts";
import { IdempotencyKeyConflictError } from "./repository-errors.ts";
import { isPlatformScope, placeWithin, type Scope } from "./scope.ts";

export interface DepartmentPullDeps {
  readonly departmentQueue: DepartmentQueuePort;
  readonly leaseIds: LeaseIds;
  readonly cases: Pick<CaseRepository, "getCase">;
  readonly idempotency: Pick<IdempotencyRepository, "find" | "claim">;
  readonly catalogue: Catalogue;
  readonly log: CaseLogger;
  /** The platform clock: what the store's records are dated by (leases run on real time, the `now` given). */
  readonly clock: () => Date;
  /** Deliveries after which a message goes to the dead-letter queue (the queue's `maxReceiveCount`, 8). */
  readonly maxDeliveries: number;
}

/** A department office pulling: its department, and its scope in the tree (the root: the department everywhere). */
export interface PullingOffice {
  readonly department: string;
  readonly scope: Scope;
}

export interface Lease {
  readonly leaseId: string;
  readonly leaseUntil: string;
  readonly deliveries: number;
  readonly message: DepartmentMessage;
}

/** The lease ended: SQS offers the message again (maybe to another puller), so the lease id answers nothing. */
export class LeaseExpiredError extends RefusalError {
  constructor(message: string) {
    super("superseded", "lease_expired", message);
  }
}

/** SQS no longer holds the message for this lease (acknowledged already, or dead-lettered). */
export class LeaseLostError extends RefusalError {
  constructor(message: string) {
    super("superseded", "lease_lost", message);
  }
}

/**
 * Housekeeping of a lease request that may fail without failing it: the leases already sealed are still handed out,
 * and what was not put back, acknowledged or dead-lettered comes back when its visibility ends.
 */
async function bestEffort(
  deps: DepartmentPullDeps,
  what: string,
  department: string,
  run: () => Promise<void>,
) {
  try {
    await run();
  } catch (error) {
    deps.log.warn(`department queue: ${what} failed; the message comes back when its visibility ends`, {
      department,
      errorName: (error as Error).name,
    });
  }
}

/** Idempotency scope of the leases' guards: one per department message (its `eventId`), for the lease's time. */
export const LEASE_GUARD_SCOPE = "department-lease";

/**
 * Guards the message's delivery chain for the lease: a conditional write keyed by its event id, naming the chain
 * (`origin`). False when another chain holds it — a second copy of the same message (SQS's at-least-once
 * delivery, a re-dispatch after a purge or a local restart) that another lease has, which is then dropped.
 */
async function guard(
  deps: DepartmentPullDeps,
  office: PullingOffice,
  message: DepartmentMessage,
  received: ReceivedDepartmentMessage,
  leaseSeconds: number,
  now: Date,
): Promise<boolean> {
  const key = `${office.department}:${message.eventId}`;
  try {
    await deps.idempotency.claim(
      LEASE_GUARD_SCOPE,
      key,
      { requestHash: received.origin, caseId: message.caseId },
      // Real time, as the lease's: only these guards live in this scope.
      now,
      { retainSeconds: leaseSeconds },
    );
    return true;
  } catch (error) {
    if (!(error instanceof IdempotencyKeyConflictError)) throw error;
    // The same chain again (released, expired, put back by another office): SQS holds it for one receiver only.
    return error.record.requestHash === received.origin;
  }
}

/** How long an office's receive hides a batch while its messages are sorted (at most the lease). */
export const SORTING_SECONDS = 30;

/** An office's own message, held for the whole lease; false if SQS no longer holds it for this receive. */
async function holdFor(
  deps: DepartmentPullDeps,
  department: string,
  message: ReceivedDepartmentMessage,
  leaseSeconds: number,
): Promise<boolean> {
  if (leaseSeconds <= SORTING_SECONDS) return true;
  try {
    await deps.departmentQueue.setVisibility(department, message.receipt, leaseSeconds);
    return true;
  } catch (error) {
    if (error instanceof LeaseReceiptError) return false;
    throw error;
  }
}

/** Receives per lease request at most: each is one `ReceiveMessage` of up to 10 messages. */
export const MAX_RECEIVES_PER_LEASE = 3;

const lesseeOf = (office: PullingOffice): Lessee => ({
  department: office.department,
  office: office.scope.jurisdiction,
});

/** Whether a message is for the office: within its scope (an office message-less of place: the department's only). */
const forOffice = (message: DepartmentMessage, scope: Scope) => placeWithin(message.office?.path, scope);

/** What `taskStillOpen` reads: the case, the attempt's stored answer, the clock. */
export type TaskStillOpenDeps = Pick<DepartmentPullDeps, "cases" | "idempotency" | "clock">;

/**
 * Whether the task a message is about is still the department's to work on: its case open, the item at this attempt,
 * dispatched to this office and not answered. A cancellation is always delivered (it tells of a task that ended).
 * Pull asks it before leasing a message, push before each attempt to POST one.
 */
export async function taskStillOpen(deps: TaskStillOpenDeps, message: DepartmentMessage): Promise<boolean> {
  if (message.type === "TaskCancelled") return true;
  const key = `${message.caseId}:${message.itemId}:${message.attempt}`;
  if (await deps.idempotency.find(TASK_RESULT_SCOPE, key, deps.clock())) return false;
  const state = (await deps.cases.getCase(message.caseId))?.state;
  if (!state || isClosed(state)) return false;
  const item = state.items[message.itemId];
  if (!item || item.attempt !== message.attempt || item.status !== "dispatched") return false;
  // An escalation may be addressed to a supervising office rather than the item's own: only a task (or its new
  // deadline) is no longer this office's once the item is held elsewhere (a transfer).
  if (message.type === "TaskEscalated") return true;
  return !(item.office && message.office && item.office.path !== message.office.path);
}

type Sorted =
  | { kind: "lease"; message: DepartmentMessage }
  | { kind: "foreign" }
  | { kind: "poison"; reason: string }
  | { kind: "done" };

/** What to do with one received message for this office. */
async function sort(
  deps: DepartmentPullDeps,
  office: PullingOffice,
  received: ReceivedDepartmentMessage,
): Promise<Sorted> {
  let json: unknown;
  try {
    json = JSON.parse(received.body);
  } catch {
    return { kind: "poison", reason: "not JSON" };
  }
  const parsed = DepartmentMessageSchema.safeParse(json);
  if (!parsed.success) return { kind: "poison", reason: "not a department message" };
  const message = parsed.data;
  if (message.department !== office.department) return { kind: "poison", reason: "another department's" };
  if (!forOffice(message, office.scope)) return { kind: "foreign" };
  if (received.carriedDeliveries + received.receiveCount > deps.maxDeliveries)
    return { kind: "poison", reason: `leased ${deps.maxDeliveries} times and never acknowledged` };
  if (!(await taskStillOpen(deps, message))) return { kind: "done" };
  return { kind: "lease", message };
}

/**
 * Leases up to `count` of the office's messages for `leaseSeconds`: receives from the department's queue with the
 * lease as visibility timeout (so no other puller sees them until it ends), at most `MAX_RECEIVES_PER_LEASE` times.
 *
 * A message of another office of the department is put back as a fresh copy carrying its deliveries so far, and
 * the received one deleted: making it visible again instead would count a receive against it, and enough offices
 * pulling would dead-letter a message nobody had leased. A message of this office beyond `count` is put back the
 * same way. A message whose task is no longer open (answered, superseded, its case closed) is acknowledged on the
 * office's behalf; one that is not a department message, or was leased `maxDeliveries` times, is dead-lettered.
 */
export async function leaseTasks(
  deps: DepartmentPullDeps,
  office: PullingOffice,
  request: { count: number; leaseSeconds: number; waitSeconds: number },
  now: Date,
): Promise<Lease[]> {
  const leases: Lease[] = [];
  const everywhere = isPlatformScope(office.scope);
  const until = new Date(now.getTime() + request.leaseSeconds * 1000);
  for (let round = 0; round < MAX_RECEIVES_PER_LEASE && leases.length < request.count; round++) {
    const received = await deps.departmentQueue.receive(office.department, {
      // The department everywhere takes exactly what it asks for; an office looks at a full batch for its own,
      // held only briefly (a crash before the others are put back must not hide them for a whole lease).
      max: everywhere ? request.count - leases.length : 10,
      visibilitySeconds: everywhere ? request.leaseSeconds : Math.min(request.leaseSeconds, SORTING_SECONDS),
      waitSeconds: round === 0 ? request.waitSeconds : 0,
    });
    if (received.length === 0) break;
    const putBack: { message: ReceivedDepartmentMessage; carriedDeliveries: number }[] = [];
    for (const message of received) {
      const sorted = await sort(deps, office, message);
      if (
        sorted.kind === "lease" &&
        leases.length < request.count &&
        !(await guard(deps, office, sorted.message, message, request.leaseSeconds, now))
      ) {
        await bestEffort(deps, "drop a duplicate", office.department, () =>
          deps.departmentQueue.remove(office.department, message.receipt),
        );
        deps.log.info("department message dropped: a copy of it is leased", {
          department: office.department,
          messageId: message.messageId,
        });
      } else if (sorted.kind === "lease" && leases.length < request.count) {
        if (!everywhere && !(await holdFor(deps, office.department, message, request.leaseSeconds))) continue;
        const claim: LeaseClaim = {
          ...lesseeOf(office),
          messageId: message.messageId,
          receipt: message.receipt,
          until: until.getTime(),
        };
        const deliveries = message.carriedDeliveries + message.receiveCount;
        leases.push({
          leaseId: deps.leaseIds.seal(claim),
          leaseUntil: until.toISOString(),
          deliveries,
          message: sorted.message,
        });
      } else if (sorted.kind === "lease" || sorted.kind === "foreign") {
        // Not delivered by this receive: the copy carries only the deliveries before it.
        putBack.push({ message, carriedDeliveries: message.carriedDeliveries + message.receiveCount - 1 });
      } else if (sorted.kind === "done") {
        await bestEffort(deps, "acknowledge", office.department, () =>
          deps.departmentQueue.remove(office.department, message.receipt),
        );
        deps.log.info("department message acknowledged for its office: its task is no longer open", {
          department: office.department,
          messageId: message.messageId,
        });
      } else {
        await bestEffort(deps, "dead-letter", office.department, () =>
          deps.departmentQueue.deadLetter(office.department, message, sorted.reason),
        );
        deps.log.warn("department message dead-lettered", {
          department: office.department,
          messageId: message.messageId,
          reason: sorted.reason,
        });
      }
    }
    if (putBack.length > 0)
      await bestEffort(deps, "put back", office.department, () =>
        deps.departmentQueue.requeue(office.department, putBack),
      );
  }
  return leases;
}

/** The claim of a lease id of this office that has not ended. */
function openLease(deps: DepartmentPullDeps, office: PullingOffice, leaseId: string, now: Date): LeaseClaim {
  const claim = deps.leaseIds.open(leaseId, lesseeOf(office));
  if (claim.until <= now.getTime())
    throw new LeaseExpiredError("the lease has ended; the message is offered again");
  return claim;
}

async function atSqs<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LeaseReceiptError) throw new LeaseLostError(error.message);
    throw error;
  }
}

/** Extends a lease to `leaseSeconds` from now: a new lease id with the new end. */
export async function extendLease(
  deps: DepartmentPullDeps,
  office: PullingOffice,
  leaseId: string,
  leaseSeconds: number,
  now: Date,
): Promise<{ leaseId: string; leaseUntil: string }> {
  const claim = openLease(deps, office, leaseId, now);
  await atSqs(() => deps.departmentQueue.setVisibility(office.department, claim.receipt, leaseSeconds));
  const until = new Date(now.getTime() + leaseSeconds * 1000);
  return {
    leaseId: deps.leaseIds.seal({ ...claim, until: until.getTime() }),
    leaseUntil: until.toISOString(),
  };
}

/** Releases a lease: the message is visible again at once (to this office's next lease). */
export async function releaseLease(
  deps: DepartmentPullDeps,
  office: PullingOffice,
  leaseId: string,
  now: Date,
): Promise<void> {
  const claim = openLease(deps, office, leaseId, now);
  await atSqs(() => deps.departmentQueue.setVisibility(office.department, claim.receipt, 0));
}

/** Acknowledges a leased message: deleted from the queue, never offered again. */
export async function ackLease(
  deps: DepartmentPullDeps,
  office: PullingOffice,
  leaseId: string,
  now: Date,
): Promise<void> {
  const claim = openLease(deps, office, leaseId, now);
  await atSqs(() => deps.departmentQueue.remove(office.department, claim.receipt));
}

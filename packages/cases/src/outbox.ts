import { createHash } from "node:crypto";
import {
  ExpiredTaskTokenError,
  ForgedTaskTokenError,
  type TaskClaim,
  type TaskTokens,
  taskTokenExpiry,
} from "@onething/auth";
import type { DepartmentMessage, TaskDispatchedMessage } from "@onething/contracts";
import {
  type Bundle,
  type CaseState,
  type Command,
  itemDefinition,
  itemName,
  PLATFORM_SOURCE,
} from "@onething/domain";
import { canonicalJson } from "./canonical-json.ts";
import { departmentQueue, EVENTS_QUEUE, type OutboxMessage, REGISTRY_QUEUE } from "./ports.ts";
import type { CaseEntitlementChange } from "./registry-ports.ts";

/**
 * Turns the engine's commands into messages for department queues (and a completed item's data event for the events
 * queue). Timeline entries are stored with the
 * state, not sent; applicant notifications are notices written with the commit (`noticesOfCommands`), delivered
 * by the notices' own path (`@onething/notices`).
 * Message event ids are deterministic, so a resend after a crash is deduplicated by consumers.
 */
export function commandsToOutbox(
  commands: readonly Command[],
  bundle: Bundle,
  tokens: TaskTokens,
  now: Date,
  /** The decided state: the office of a task's later messages (cancel, escalate, deadline) is its item's. */
  state?: CaseState,
): OutboxMessage[] {
  const occurredAt = now.toISOString();
  const out: OutboxMessage[] = [];
  const officeOf = (itemId: string) => {
    const office = state?.items[itemId]?.office;
    return office ? { office: { jurisdiction: office.jurisdiction, path: office.path } } : {};
  };
  for (const c of commands) {
    let body: DepartmentMessage | undefined;
    switch (c.type) {
      case "DispatchItem": {
        body = {
          type: "TaskDispatched",
          schemaVersion: 1,
          eventId: `dispatch:${c.caseId}:${c.itemId}:${c.attempt}`,
          occurredAt,
          caseId: c.caseId,
          itemId: c.itemId,
          department: c.department,
          attempt: c.attempt,
          bundleId: bundle.id,
          bundleVersion: bundle.version,
          itemName: itemName(bundle, c.itemId) ?? { zh: c.itemId, en: c.itemId },
          outputs: declaredOutputs(bundle, c.itemId),
          ...(c.dueAt ? { dueAt: c.dueAt } : { dueUnavailable: true as const }),
          dueProvisional: c.dueProvisional,
          inputs: c.inputs,
          ...(c.supplement ? { supplement: c.supplement } : {}),
          office: { jurisdiction: c.office.jurisdiction, path: c.office.path },
          ...(c.handoff ? { handoff: c.handoff } : {}),
          ...(c.parameters && Object.keys(c.parameters).length > 0 ? { parameters: c.parameters } : {}),
          ...(c.transferredFrom ? { transferredFrom: c.transferredFrom } : {}),
          taskToken: tokens.sign(
            {
              caseId: c.caseId,
              itemId: c.itemId,
              department: c.department,
              attempt: c.attempt,
              office: c.office.path,
            },
            { expiresAt: taskTokenExpiry(c.dueAt, now) },
          ),
        };
        break;
      }
      case "ReviseItemDeadline": {
        // The token follows the deadline: a fresh one expiring at the new deadline plus the grace period.
        const office = state?.items[c.itemId]?.office?.path;
        body = {
          type: "TaskDeadlineChanged",
          schemaVersion: 1,
          // One per new deadline: a later revision of the same attempt is a message of its own.
          eventId: `deadline:${c.caseId}:${c.itemId}:${c.attempt}:${c.dueAt ?? "none"}:${c.dueProvisional ? "p" : "o"}`,
          occurredAt,
          caseId: c.caseId,
          itemId: c.itemId,
          department: c.department,
          attempt: c.attempt,
          ...officeOf(c.itemId),
          ...(c.dueAt ? { dueAt: c.dueAt } : {}),
          ...(c.previousDueAt ? { previousDueAt: c.previousDueAt } : {}),
          dueProvisional: c.dueProvisional,
          taskToken: tokens.sign(
            {
              caseId: c.caseId,
              itemId: c.itemId,
              department: c.department,
              attempt: c.attempt,
              ...(office ? { office } : {}),
            },
            { expiresAt: taskTokenExpiry(c.dueAt, now) },
          ),
        };
        break;
      }
      case "CancelItem":
        body = {
          type: "TaskCancelled",
          schemaVersion: 1,
          eventId: `cancel:${c.caseId}:${c.itemId}:${c.attempt}`,
          occurredAt,
          caseId: c.caseId,
          itemId: c.itemId,
          department: c.department,
          attempt: c.attempt,
          ...(c.office ? { office: c.office } : officeOf(c.itemId)),
          reason: c.reason,
          ...(c.transferredTo ? { transferredTo: c.transferredTo } : {}),
        };
        break;
      case "EscalateOverdueItem":
        body = escalationMessage(c, occurredAt, officeOf(c.itemId));
        break;
      case "EmitDataEvent":
        // The platform is a source too: a death certificate issued in a case records the death once.
        out.push({
          queue: EVENTS_QUEUE,
          body: { source: PLATFORM_SOURCE, event: c.event, receivedAt: occurredAt },
          dedupId: c.event.sourceEventId,
        });
        break;
      case "NotifyApplicant":
      case "RecordTimeline":
      // Offers are rows of the case's commit, not messages.
      case "MakeOffer":
        break;
      default: {
        const never: never = c;
        throw new Error(`unhandled command ${(never as Command).type}`);
      }
    }
    if (body) out.push({ queue: departmentQueue(body.department), body, dedupId: body.eventId });
  }
  return out;
}

/** An item's output declarations as a task message carries them (an instance's are its for-each item's). */
function declaredOutputs(bundle: Bundle, itemId: string): NonNullable<TaskDispatchedMessage["outputs"]> {
  const item = itemDefinition(bundle, itemId);
  return (item?.outputs ?? []).map((o) => ({
    name: o.name,
    type: o.type,
    label: { zh: o.label.zh, en: o.label.en },
    required: o.required,
    ...(o.options ? { options: [...o.options] } : {}),
  }));
}

/**
 * A `TaskEscalated` for the supervising office: on its department's queue, `office` the supervisor's, `heldBy` the
 * office holding the task. The first level keeps its event id of before (`escalate:<case>:<item>:<attempt>`).
 */
function escalationMessage(
  c: Extract<Command, { type: "EscalateOverdueItem" }>,
  occurredAt: string,
  held: { office?: { jurisdiction: string; path: string } },
): DepartmentMessage {
  const heldBy = c.heldBy ?? held.office;
  return {
    type: "TaskEscalated",
    schemaVersion: 1,
    eventId: `escalate:${c.caseId}:${c.itemId}:${c.attempt}${c.level === 2 ? ":2" : ""}`,
    occurredAt,
    caseId: c.caseId,
    itemId: c.itemId,
    department: c.to.department,
    attempt: c.attempt,
    office: { jurisdiction: c.to.jurisdiction, path: c.to.path },
    dueAt: c.dueAt,
    level: c.level,
    ...(heldBy
      ? { heldBy: { department: c.department, jurisdiction: heldBy.jurisdiction, path: heldBy.path } }
      : {}),
  };
}

/**
 * The entitlement changes of one commit, as one outbox message the sender applies to the registry. It is sealed
 * with the task-token key (a token naming the case, the digest of the changes and the pseudo-department
 * `registry`, which no task has), so that, forwarded to the events queue by the sweeper, it is applied only if the
 * platform wrote it: a source system may send to that queue, and must not be able to change anyone's benefits.
 */
export interface RegistryChangesMessage {
  type: "EntitlementChanges";
  caseId: string;
  changes: CaseEntitlementChange[];
  seal: string;
}

const REGISTRY_SEAL_DEPARTMENT = "registry";
const changesDigest = (changes: readonly CaseEntitlementChange[]) =>
  `registry:${createHash("sha256").update(canonicalJson(changes)).digest("base64url")}`;

/**
 * How long a registry seal holds: the message goes to the registry when its commit's outbox is sent, or is
 * forwarded by the sweeper soon after; 14 days (SQS's longest retention) covers a redrive from a dead-letter queue.
 */
export const REGISTRY_SEAL_DAYS = 14;

export function registryOutbox(
  caseId: string,
  changes: readonly CaseEntitlementChange[],
  tokens: TaskTokens,
  now: Date = new Date(),
): OutboxMessage[] {
  if (changes.length === 0) return [];
  const seal = tokens.sign(
    { caseId, itemId: changesDigest(changes), department: REGISTRY_SEAL_DEPARTMENT, attempt: 1 },
    { expiresAt: new Date(now.getTime() + REGISTRY_SEAL_DAYS * 24 * 60 * 60 * 1000) },
  );
  const body: RegistryChangesMessage = { type: "EntitlementChanges", caseId, changes: [...changes], seal };
  return [{ queue: REGISTRY_QUEUE, body }];
}

/**
 * Whether the platform sealed exactly these changes of this case (`registryOutbox`). A seal of a key this function
 * does not hold yet (made at a rotation after its start) re-reads the keyring first (`verifyFresh`). A seal that is
 * forged or expired is `false`. One of a key the keyring still does not have is thrown, like any other error (the
 * keyring could not be re-read), so the queue redelivers the message: the keyring is re-read at most every 30 s,
 * and a rotation just after a re-read must not dead-letter genuine changes as forged.
 */
export async function registrySealHolds(
  tokens: TaskTokens,
  message: Omit<RegistryChangesMessage, "type">,
): Promise<boolean> {
  let claim: TaskClaim;
  try {
    claim = await tokens.verifyFresh(message.seal);
  } catch (error) {
    if (error instanceof ForgedTaskTokenError || error instanceof ExpiredTaskTokenError) return false;
    throw error;
  }
  return (
    claim.caseId === message.caseId &&
    claim.department === REGISTRY_SEAL_DEPARTMENT &&
    claim.itemId === changesDigest(message.changes)
  );
}

import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { type CaseState, chinaDate, type ItemState, type TimelineEntry } from "@onething/domain";
import {
  activityDeltas,
  type CounterDelta,
  counterDay,
  counterDeltas,
  counterKey,
  isCaseOverdue,
  isHeldByDepartment,
  MINUTE_COUNTER_TTL_SECONDS,
} from "./counters.ts";
import { InvalidStoreRequestError, TransactionTooLargeError } from "./errors.ts";
import {
  applicantCasesIndexKey,
  caseBundleIndexKey,
  caseDepartmentKey,
  caseFilerKey,
  caseKey,
  caseStatusIndexKey,
  departmentCasesIndexKey,
  dueItemIndexKey,
  filedCasesIndexKey,
  itemKey,
  NO_DEADLINE_SORT_KEY,
  openAtDepartmentIndexKey,
  openItemIndexKey,
  outboxKey,
  overdueCaseIndexKey,
  pendingOutboxIndexKey,
  processedEventKey,
  timelineKey,
} from "./keys.ts";
import type { OutboxMessage, StoredCase } from "./records.ts";

/** Everything one applied event changes, written together or not at all. */
export interface CommitInput {
  /** The case as read (state and version); absent for the event that creates the case. */
  previous?: StoredCase;
  next: CaseState;
  eventId: string;
  timeline: TimelineEntry[];
  outbox: OutboxMessage[];
  now: Date;
}

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export interface CommitPlan {
  items: TransactItem[];
  /** The version the case will have after the commit. */
  version: number;
  /** Positions in `items`, to read the matching `CancellationReasons` entry. */
  caseIndex: number;
  markerIndex: number;
}

/** DynamoDB's limit on actions in one TransactWriteItems call. */
export const MAX_TRANSACTION_ACTIONS = 100;
/** Processed-event markers outlive any redelivery or sweeper resend by a wide margin, then expire. */
export const PROCESSED_EVENT_TTL_SECONDS = 30 * 24 * 60 * 60;

export const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/** The applicant's ID number (a person) or USCC (an organisation), as the form validation guarantees one. */
export function applicantIdOf(state: CaseState): string | undefined {
  const { idNumber, uscc } = state.application.applicant;
  if (typeof idNumber === "string" && idNumber !== "") return idNumber;
  if (typeof uscc === "string" && uscc !== "") return uscc;
  return undefined;
}

/**
 * Structural equality of JSON-like values. Keys holding `undefined` count as absent, because a state read
 * back from DynamoDB has no such keys while a freshly decided one may.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, i) => sameValue(value, b[i]));
  }
  const defined = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined);
  const left = defined(a);
  const right = new Map(defined(b));
  if (left.length !== right.size) return false;
  return left.every(([k, v]) => right.has(k) && sameValue(v, right.get(k)));
}

/** Item ids whose state differs between the two case states (all of them for a new case). */
export function changedItemIds(previous: CaseState | undefined, next: CaseState): string[] {
  return Object.keys(next.items).filter((id) => !sameValue(previous?.items[id], next.items[id]));
}

export interface PlanOptions {
  /**
   * The keyed hash (HMAC) of an applicant identity that partitions the applicant's case list (gsi4). Without it
   * the case row gets no applicant index entry (unit tests of other parts of the plan).
   */
  applicantHash?: (identity: string) => string;
}

/**
 * Builds the single transaction of a commit, without sending it: pure, so its size is testable and the
 * 100-action limit is checked before DynamoDB would refuse it.
 */
export function planCommit(tableName: string, input: CommitInput, options: PlanOptions = {}): CommitPlan {
  const { previous, next, eventId, timeline, outbox, now } = input;
  const { caseId } = next;
  if (previous && previous.state.caseId !== caseId)
    throw new InvalidStoreRequestError(`previous state is case ${previous.state.caseId}, next is ${caseId}`);
  const at = now.toISOString();
  const version = previous ? previous.version + 1 : 1;
  const applicantId = applicantIdOf(next);
  const overdue = isCaseOverdue(next);

  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: {
          ...caseKey(caseId),
          entity: "case",
          caseId,
          state: next,
          version,
          status: next.status,
          bundleId: next.bundleId,
          ...(applicantId === undefined ? {} : { applicantId }),
          submittedAt: next.submittedAt,
          submittedDay: chinaDate(new Date(next.submittedAt)),
          updatedAt: next.updatedAt,
          ...("closedAt" in next && next.closedAt ? { closedAt: next.closedAt } : {}),
          overdue,
          ...caseStatusIndexKey(next.status, next.updatedAt, caseId),
          ...caseBundleIndexKey(next.bundleId, next.submittedAt, caseId),
          ...(overdue ? overdueCaseIndexKey(next.submittedAt, caseId) : {}),
          ...(applicantId !== undefined && options.applicantHash
            ? applicantCasesIndexKey(options.applicantHash(applicantId), next.submittedAt, caseId)
            : {}),
        },
        ...(previous
          ? {
              ConditionExpression: "#version = :expected",
              ExpressionAttributeNames: { "#version": "version" },
              ExpressionAttributeValues: { ":expected": previous.version },
            }
          : { ConditionExpression: "attribute_not_exists(pk)" }),
      },
    },
  ];
  const caseIndex = 0;

  const touchedDepartments = new Set<string>();
  for (const itemId of changedItemIds(previous?.state, next)) {
    const item = next.items[itemId];
    if (!item) continue;
    const before = previous?.state.items[itemId];
    if (before) touchedDepartments.add(before.department);
    touchedDepartments.add(item.department);
    items.push({ Put: { TableName: tableName, Item: itemRow(caseId, item, next.updatedAt) } });
  }
  if (!previous && next.filedBy.role === "clerk") {
    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...caseFilerKey(caseId),
          entity: "caseFiler",
          caseId,
          filedBy: next.filedBy.id,
          submittedAt: next.submittedAt,
          ...filedCasesIndexKey(next.filedBy.id, next.submittedAt, caseId),
        },
      },
    });
  }

  for (const department of [...touchedDepartments].sort()) {
    const holds = Object.values(next.items).some((i) => i.department === department && isHeldByDepartment(i));
    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...caseDepartmentKey(caseId, department),
          entity: "caseDepartment",
          caseId,
          department,
          bundleId: next.bundleId,
          submittedAt: next.submittedAt,
          updatedAt: next.updatedAt,
          open: holds,
          ...departmentCasesIndexKey(department, next.updatedAt, caseId),
          // Sparse: the case is in the department's "open here" list while the department holds one of its items.
          ...(holds ? openAtDepartmentIndexKey(department, next.submittedAt, caseId) : {}),
        },
      },
    });
  }

  if (timeline.length > 0) {
    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...timelineKey(caseId, at, eventId),
          entity: "timeline",
          caseId,
          eventId,
          at,
          entries: timeline,
        },
      },
    });
  }

  if (outbox.length > 0) {
    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...outboxKey(caseId, eventId),
          entity: "outbox",
          caseId,
          eventId,
          createdAt: at,
          messages: outbox,
          ...pendingOutboxIndexKey(at, caseId, eventId),
        },
      },
    });
  }

  const markerIndex = items.length;
  items.push({
    Put: {
      TableName: tableName,
      Item: {
        ...processedEventKey(caseId, eventId),
        entity: "processedEvent",
        caseId,
        eventId,
        processedAt: at,
        expiresAt: epochSeconds(now) + PROCESSED_EVENT_TTL_SECONDS,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  });

  const deltas = [
    ...counterDeltas(previous?.state, next, counterDay(now)),
    ...activityDeltas(previous?.state, next, now),
  ];
  for (const delta of deltas) {
    items.push({ Update: counterUpdate(tableName, delta) });
  }

  if (items.length > MAX_TRANSACTION_ACTIONS)
    throw new TransactionTooLargeError(caseId, items.length, MAX_TRANSACTION_ACTIONS);
  return { items, version, caseIndex, markerIndex };
}

function itemRow(caseId: string, item: ItemState, updatedAt: string): Record<string, unknown> {
  const overdue = item.overdue === true;
  // A held item without a deadline still belongs in its department's open list: last, after every deadline.
  const heldUntil = isHeldByDepartment(item) ? (item.dueAt ?? NO_DEADLINE_SORT_KEY) : undefined;
  return {
    ...itemKey(caseId, item.itemId),
    entity: "item",
    caseId,
    itemId: item.itemId,
    department: item.department,
    status: item.status,
    attempt: item.attempt,
    ...(item.dispatchedAt === undefined ? {} : { dispatchedAt: item.dispatchedAt }),
    ...(item.dueAt === undefined ? {} : { dueAt: item.dueAt }),
    ...(item.dueProvisional ? { dueProvisional: true } : {}),
    ...(item.dueUnavailable ? { dueUnavailable: true } : {}),
    overdue,
    updatedAt,
    // Sparse index entries: a Put replaces the whole row, so an item leaving `dispatched` (or being flagged
    // overdue) drops out of these indexes in the same transaction.
    ...(heldUntil ? openItemIndexKey(item.department, heldUntil, caseId, item.itemId) : {}),
    ...(heldUntil && item.dueAt && !overdue
      ? dueItemIndexKey(item.department, item.dueAt, caseId, item.itemId)
      : {}),
  };
}

type CounterUpdate = NonNullable<TransactItem["Update"]>;

function counterUpdate(tableName: string, delta: CounterDelta): CounterUpdate {
  // The labels are written with every ADD so that reading a counter never has to parse its key back.
  const labels: Record<string, string | number> = counterLabels(delta);
  const names: Record<string, string> = { "#count": "count", "#entity": "entity" };
  const values: Record<string, unknown> = { ":delta": delta.delta, ":entity": "counter" };
  const sets = ["#entity = :entity"];
  for (const [name, value] of Object.entries(labels)) {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  }
  return {
    TableName: tableName,
    Key: counterKey(delta),
    // ADD creates the row at 0 on first use, so no counter has to be provisioned for a new bundle or department.
    UpdateExpression: `ADD #count :delta SET ${sets.join(", ")}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

function counterLabels(delta: CounterDelta): Record<string, string | number> {
  switch (delta.kind) {
    case "cases":
      return { bundleId: delta.bundleId, status: delta.status };
    case "day":
      return { day: delta.day, bundleId: delta.bundleId, status: delta.status };
    case "department":
      return { department: delta.department, metric: delta.metric };
    case "answers":
      return { department: delta.department, bundleId: delta.bundleId, metric: delta.metric };
    case "minute":
      return {
        minute: delta.minute,
        bundleId: delta.bundleId,
        transition: delta.transition,
        // The table's TTL attribute: throughput rows are read for the last hour only.
        expiresAt: epochSeconds(new Date(`${delta.minute}:00Z`)) + MINUTE_COUNTER_TTL_SECONDS,
      };
    default: {
      const never: never = delta;
      throw new Error(`unhandled counter delta ${JSON.stringify(never)}`);
    }
  }
}

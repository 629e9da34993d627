/** The rows one commit writes, one builder per record it touches (`planCommit` puts them in one transaction). */
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import type { StoredCase } from "@onething/cases";
import { type CaseState, chinaDate, type ItemState, type TimelineEntry } from "@onething/domain";
import {
  type CounterDelta,
  counterKey,
  isCaseOverdue,
  isHeldByDepartment,
  MINUTE_COUNTER_TTL_SECONDS,
  overdueItemsOf,
} from "./counters.ts";
import {
  applicantCasesIndexKey,
  caseBundleIndexKey,
  caseDepartmentKey,
  caseFilerKey,
  caseKey,
  casePlaceIndexKey,
  casePlaceKey,
  caseReceivedIndexKey,
  caseReceivedKey,
  caseStatusIndexKey,
  departmentCasesIndexKey,
  dueItemIndexKey,
  filedCasesIndexKey,
  itemKey,
  NO_DEADLINE_SORT_KEY,
  officeItemIndexKey,
  openAtDepartmentIndexKey,
  openItemIndexKey,
  outboxKey,
  overdueCaseIndexKey,
  pendingOutboxIndexKey,
  processedEventKey,
  timelineKey,
  waitingItemIndexKey,
} from "./keys.ts";
import { placeDeltaLabels } from "./place-counters.ts";
import { epochSeconds } from "./table.ts";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
type Put = NonNullable<TransactItem["Put"]>;
type CounterUpdate = NonNullable<TransactItem["Update"]>;

/** Processed-event markers outlive any redelivery or sweeper resend by a wide margin, then expire. */
export const PROCESSED_EVENT_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The applicant's ID number (a person) or USCC (an organisation), as the form validation guarantees one. */
export function applicantIdOf(state: CaseState): string | undefined {
  const { idNumber, uscc } = state.application.applicant;
  if (typeof idNumber === "string" && idNumber !== "") return idNumber;
  if (typeof uscc === "string" && uscc !== "") return uscc;
  return undefined;
}

/** What the case lists show beyond status: the subject's name (its applicant's list) and the overdue items. */
function listDetails(next: CaseState): {
  subjectName?: string;
  overdueItems?: ReturnType<typeof overdueItemsOf>;
} {
  const name = next.application.subject?.name;
  const overdueItems = overdueItemsOf(next);
  return {
    ...(typeof name === "string" && name !== "" ? { subjectName: name } : {}),
    ...(overdueItems.length > 0 ? { overdueItems } : {}),
  };
}

/**
 * The case row, conditional on the version it was read at (or on not existing, for a new case). Without
 * `applicantHash` it gets no applicant index entry.
 */
export function caseRow(
  tableName: string,
  next: CaseState,
  version: number,
  previous: StoredCase | undefined,
  applicantHash: ((identity: string) => string) | undefined,
): Put {
  const { caseId } = next;
  const applicantId = applicantIdOf(next);
  const overdue = isCaseOverdue(next);
  return {
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
      ...(next.place ? { placePath: next.place.path } : {}),
      ...(next.receivingOffice ? { receivedPath: next.receivingOffice.path } : {}),
      overdue,
      ...listDetails(next),
      ...caseStatusIndexKey(next.status, next.updatedAt, caseId),
      ...caseBundleIndexKey(next.bundleId, next.submittedAt, caseId),
      ...(overdue ? overdueCaseIndexKey(next.submittedAt, caseId) : {}),
      ...(applicantId !== undefined && applicantHash
        ? applicantCasesIndexKey(applicantHash(applicantId), next.submittedAt, caseId)
        : {}),
    },
    ...(previous
      ? {
          ConditionExpression: "#version = :expected",
          ExpressionAttributeNames: { "#version": "version" },
          ExpressionAttributeValues: { ":expected": previous.version },
        }
      : { ConditionExpression: "attribute_not_exists(pk)" }),
  };
}

export function itemRow(caseId: string, item: ItemState, updatedAt: string): Record<string, unknown> {
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
    ...(item.office ? { officePath: item.office.path } : {}),
    overdue,
    updatedAt,
    // Sparse index entries: a Put replaces the whole row, so an item leaving `dispatched` (or being flagged
    // overdue) drops out of these indexes in the same transaction.
    ...(heldUntil ? openItemIndexKey(item.department, heldUntil, caseId, item.itemId) : {}),
    ...(heldUntil && item.dueAt && !overdue
      ? dueItemIndexKey(item.department, item.dueAt, caseId, item.itemId)
      : {}),
    // Overdue and escalated once: due again (for the second escalation, further up) at `escalateAgainAt`.
    ...(heldUntil && overdue && item.escalateAgainAt
      ? dueItemIndexKey(item.department, item.escalateAgainAt, caseId, item.itemId)
      : {}),
    ...(heldUntil && item.office
      ? officeItemIndexKey(item.department, item.office.path, heldUntil, caseId, item.itemId)
      : {}),
    // A wait for a life event: the sweeper's list of waits to time out (never a department's open item).
    ...(item.status === "waiting" && item.dueAt ? waitingItemIndexKey(item.dueAt, caseId, item.itemId) : {}),
  };
}

/** The codes of a path below the tree's root (the root's scope needs no index row: it is everything). */
const belowRoot = (path: string): string[] => path.split("/").slice(1);

/**
 * The place index rows of a new case: one per ancestor of its place, one per ancestor of its receiving office
 * (see `casePlaceKey`). Written once: neither place changes after submission.
 */
export function placeRows(next: CaseState): Record<string, unknown>[] {
  const { caseId, submittedAt } = next;
  const common = {
    entity: "casePlace",
    caseId,
    submittedAt,
    ...(next.place ? { placePath: next.place.path } : {}),
    ...(next.receivingOffice ? { receivedPath: next.receivingOffice.path } : {}),
  };
  const placed = next.place
    ? belowRoot(next.place.path).map((code) => ({
        ...casePlaceKey(caseId, code),
        ...common,
        ...casePlaceIndexKey(code, submittedAt, caseId),
      }))
    : [];
  const received = next.receivingOffice
    ? belowRoot(next.receivingOffice.path).map((code) => ({
        ...caseReceivedKey(caseId, code),
        ...common,
        ...caseReceivedIndexKey(code, submittedAt, caseId),
      }))
    : [];
  return [...placed, ...received];
}

/** The row listing a clerk-filed case in the clerk's list; written once, with the submission. */
export function filerRow(next: CaseState, clerk: string): Record<string, unknown> {
  return {
    ...caseFilerKey(next.caseId),
    entity: "caseFiler",
    caseId: next.caseId,
    filedBy: clerk,
    submittedAt: next.submittedAt,
    ...filedCasesIndexKey(clerk, next.submittedAt, next.caseId),
  };
}

/** The case × department row of a department whose items changed. */
export function caseDepartmentRow(next: CaseState, department: string): Record<string, unknown> {
  const { caseId } = next;
  const holds = Object.values(next.items).some((i) => i.department === department && isHeldByDepartment(i));
  return {
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
  };
}

export const timelineRow = (caseId: string, eventId: string, at: string, entries: TimelineEntry[]) => ({
  ...timelineKey(caseId, at, eventId),
  entity: "timeline",
  caseId,
  eventId,
  at,
  entries,
});

export const outboxRow = (caseId: string, eventId: string, at: string, messages: readonly unknown[]) => ({
  ...outboxKey(caseId, eventId),
  entity: "outbox",
  caseId,
  eventId,
  createdAt: at,
  messages,
  ...pendingOutboxIndexKey(at, caseId, eventId),
});

/** The processed-event marker: its condition is what makes a replayed event fail the commit. */
export const markerPut = (tableName: string, caseId: string, eventId: string, now: Date): Put => ({
  TableName: tableName,
  Item: {
    ...processedEventKey(caseId, eventId),
    entity: "processedEvent",
    caseId,
    eventId,
    processedAt: now.toISOString(),
    expiresAt: epochSeconds(now) + PROCESSED_EVENT_TTL_SECONDS,
  },
  ConditionExpression: "attribute_not_exists(pk)",
});

export function counterUpdate(tableName: string, delta: CounterDelta): CounterUpdate {
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
    case "duration":
      return { bundleId: delta.bundleId, bucket: delta.bucket };
    case "overdueByBundle":
      return { bundleId: delta.bundleId, department: delta.department };
    case "place":
      return placeDeltaLabels(delta);
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

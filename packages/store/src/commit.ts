import type { CommitInput } from "@onething/cases";
import type { CaseState } from "@onething/domain";
import {
  caseDepartmentRow,
  caseRow,
  counterUpdate,
  filerRow,
  itemRow,
  markerPut,
  outboxRow,
  placeRows,
  type TransactItem,
  timelineRow,
} from "./commit-rows.ts";
import { activityDeltas, counterDay, counterDeltas, durationDeltas } from "./counters.ts";
import { InvalidStoreRequestError, TransactionTooLargeError } from "./errors.ts";
import { commitNoticeRows } from "./notice-rows.ts";
import { commitOfferRows } from "./offer-rows.ts";
import { placeDeltas } from "./place-counters.ts";
import { subjectRows } from "./subject-rows.ts";

export { applicantIdOf, PROCESSED_EVENT_TTL_SECONDS, type TransactItem } from "./commit-rows.ts";

export interface CommitPlan {
  items: TransactItem[];
  /** The version the case will have after the commit. */
  version: number;
  /** Positions in `items`, to read the matching `CancellationReasons` entry. */
  caseIndex: number;
  markerIndex: number;
  /** The position of a new case's claim on its exclusive subject (the subject registry), if it makes one. */
  subjectClaimIndex?: number;
}

/** DynamoDB's limit on actions in one TransactWriteItems call. */
export const MAX_TRANSACTION_ACTIONS = 100;

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
 * 100-action limit is checked before DynamoDB would refuse it. In order: the case row (conditional on its
 * version), the changed item rows, the filer row of a clerk-filed submission, the case × department rows of the
 * departments whose items changed, the timeline and outbox rows, the processed-event marker, the subject registry's
 * rows (a new case's links and claim, or the release of the claim by the commit that closes it), the counter deltas
 * (the place counters' at the case's leaf among them).
 */
export function planCommit(tableName: string, input: CommitInput, options: PlanOptions = {}): CommitPlan {
  const { previous, next, eventId, timeline, outbox, now } = input;
  const { caseId } = next;
  if (previous && previous.state.caseId !== caseId)
    throw new InvalidStoreRequestError(`previous state is case ${previous.state.caseId}, next is ${caseId}`);
  const at = now.toISOString();
  const version = previous ? previous.version + 1 : 1;
  const put = (Item: Record<string, unknown>): TransactItem => ({ Put: { TableName: tableName, Item } });

  const items: TransactItem[] = [{ Put: caseRow(tableName, next, version, previous, options.applicantHash) }];
  const caseIndex = 0;
  const touchedDepartments = new Set<string>();
  for (const itemId of changedItemIds(previous?.state, next)) {
    const item = next.items[itemId];
    if (!item) continue;
    const before = previous?.state.items[itemId];
    if (before) touchedDepartments.add(before.department);
    touchedDepartments.add(item.department);
    items.push(put(itemRow(caseId, item, next.updatedAt)));
  }
  if (!previous && next.filedBy.role === "clerk") items.push(put(filerRow(next, next.filedBy.id)));
  // A new case's place index rows (`placeRows`): written once, with the submission.
  if (!previous) for (const row of placeRows(next)) items.push(put(row));
  for (const department of [...touchedDepartments].sort())
    items.push(put(caseDepartmentRow(next, department)));
  if (timeline.length > 0) items.push(put(timelineRow(caseId, eventId, at, timeline)));
  if (outbox.length > 0) items.push(put(outboxRow(caseId, eventId, at, outbox)));
  const markerIndex = items.length;
  items.push({ Put: markerPut(tableName, caseId, eventId, now) });
  const subjects = options.applicantHash
    ? subjectRows(tableName, input, options.applicantHash)
    : { items: [], claimIndex: undefined };
  const subjectClaimIndex =
    subjects.claimIndex === undefined ? undefined : items.length + subjects.claimIndex;
  items.push(...subjects.items);
  const deltas = [
    ...counterDeltas(previous?.state, next, counterDay(now)),
    ...activityDeltas(previous?.state, next, now),
    ...durationDeltas(previous?.state, next),
    ...placeDeltas(previous?.state, next),
  ];
  for (const delta of deltas) items.push({ Update: counterUpdate(tableName, delta) });
  items.push(...commitOfferRows(tableName, input, options.applicantHash));
  items.push(...commitNoticeRows(tableName, input, options.applicantHash));

  if (items.length > MAX_TRANSACTION_ACTIONS)
    throw new TransactionTooLargeError(caseId, items.length, MAX_TRANSACTION_ACTIONS);
  return {
    items,
    version,
    caseIndex,
    markerIndex,
    ...(subjectClaimIndex === undefined ? {} : { subjectClaimIndex }),
  };
}

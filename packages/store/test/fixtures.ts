/** Hand-built case states: small, valid values of the domain types, independent of the seeds. */

import type { OutboxMessage } from "@onething/cases";
import type { CaseState, CaseStatus, ItemState, TimelineEntry } from "@onething/domain";

export function item(itemId: string, department: string, fields: Partial<ItemState> = {}): ItemState {
  return { itemId, department, status: "pending", attempt: 0, escalations: 0, ...fields };
}

export function dispatched(
  itemId: string,
  department: string,
  dueAt: string,
  fields: Partial<ItemState> = {},
) {
  return item(itemId, department, {
    status: "dispatched",
    attempt: 1,
    dispatchedAt: "2025-03-03T02:00:00.000Z",
    dueAt,
    overdue: false,
    ...fields,
  });
}

export interface CaseOptions {
  caseId: string;
  bundleId?: string;
  status?: CaseStatus;
  items?: ItemState[];
  submittedAt?: string;
  updatedAt?: string;
}

export function caseState(options: CaseOptions): CaseState {
  const submittedAt = options.submittedAt ?? "2025-03-03T02:00:00.000Z";
  const base = {
    caseId: options.caseId,
    bundleId: options.bundleId ?? "newborn",
    bundleVersion: 1,
    channel: "online" as const,
    filedBy: { role: "citizen" as const, id: "citizen-1" },
    application: {
      applicant: { name: "张三", idNumber: "11010519491231002X", phone: "13800138000" },
      subject: { name: "张小三", birthDate: "2025-02-28" },
      answers: { hospital: "北京协和医院" },
    },
    items: Object.fromEntries((options.items ?? []).map((i) => [i.itemId, i])),
    submittedAt,
    updatedAt: options.updatedAt ?? submittedAt,
  };
  const status = options.status ?? "in_progress";
  switch (status) {
    case "in_progress":
    case "awaiting_applicant":
      return { ...base, status };
    case "completed":
    case "completed_with_exceptions":
    case "rejected":
    case "withdrawn":
      return { ...base, status, closedAt: base.updatedAt };
    default: {
      const never: never = status;
      throw new Error(`unhandled status ${String(never)}`);
    }
  }
}

/** A copy of `state` with one item replaced and the case stamped `updatedAt`. */
export function withItem(state: CaseState, next: ItemState, updatedAt: string): CaseState {
  return { ...state, items: { ...state.items, [next.itemId]: next }, updatedAt };
}

export function entries(eventId: string, at: string, count: number): TimelineEntry[] {
  return Array.from({ length: count }, (_, n) => ({
    entryId: `${eventId}#${n}`,
    at,
    kind: "item_dispatched" as const,
    eventId,
    detail: `entry ${n}`,
  }));
}

export const message = (caseId: string, n: number): OutboxMessage => ({
  queue: "orchestrator",
  body: { type: "ItemDispatched", n },
  groupId: caseId,
  dedupId: `${caseId}-${n}`,
});

/** A submission of a 20-item bundle over 6 departments: 14 items dispatched at once, 6 waiting on others. */
export function twentyItemSubmission(caseId: string, now: Date) {
  const departments = ["public-security", "health", "civil-affairs", "human-resources", "housing", "tax"];
  const due = new Date(now.getTime() + 7 * 86_400_000).toISOString();
  const items: ItemState[] = Array.from({ length: 20 }, (_, i) => {
    const department = departments[i % departments.length] ?? "tax";
    return i < 14 ? dispatched(`item-${i}`, department, due) : item(`item-${i}`, department);
  });
  return {
    state: caseState({ caseId, items, submittedAt: now.toISOString() }),
    timeline: entries("e-submit", now.toISOString(), 15),
    outbox: Array.from({ length: 15 }, (_, n) => message(caseId, n)),
  };
}

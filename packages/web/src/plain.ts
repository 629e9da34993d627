/**
 * The pure part of the pages a person understands (no React, no i18next instance): a case's progress, how late an
 * overdue item is, what needs an operator's attention, and a timeline entry's skip and wait as data.
 */
import type { Translate } from "./errors.ts";
import type { ItemView, OpsSummary, TimelineEntry } from "./types.ts";
import { type WaitEntry, waitEntry } from "./waits.ts";

/** Items that need nothing more: done, not needed, refused or cancelled (a refusal is an answer too). */
const FINISHED: readonly ItemView["status"][] = ["completed", "skipped", "rejected", "cancelled"];

/** How far the case is, counted over its items: finished of all, and where the open ones are. */
export function progressOf(items: readonly ItemView[]) {
  const count = (statuses: readonly ItemView["status"][]) =>
    items.filter((i) => statuses.includes(i.status)).length;
  return {
    done: count(FINISHED),
    total: items.length,
    held: count(["dispatched", "running"]),
    waiting: count(["pending", "waiting"]),
    supplement: count(["awaiting_supplement"]),
  };
}

const DAY_MS = 86_400_000;

/** Whole days from a deadline to `asOf` (at least 1: an overdue item is a day late on its first day). */
export const daysLate = (dueAt: string, asOf: string): number =>
  Math.max(1, Math.ceil((new Date(asOf).getTime() - new Date(dueAt).getTime()) / DAY_MS));

export type AttentionLine = { key: string; text: string; link?: boolean };

/** What of the summary needs someone now: overdue items by department, dead letters, items held without a deadline. */
export function attentionLines(
  s: OpsSummary,
  t: Translate,
  department: (id: string) => string,
): AttentionLine[] {
  const lines: AttentionLine[] = [];
  const overdue = s.departments.filter((d) => d.overdue > 0).sort((a, b) => b.overdue - a.overdue);
  for (const d of overdue) {
    const name = department(d.department);
    // `oldest` is the held item with the earliest deadline: when any is overdue, it is the latest one.
    const text = d.oldest
      ? t("pages.attention.overdue", {
          department: name,
          count: d.overdue,
          days: daysLate(d.oldest.dueAt, s.generatedAt),
        })
      : t("pages.attention.overdueAt", { department: name, count: d.overdue });
    lines.push({ key: `overdue-${d.department}`, text, link: true });
  }
  // A scoped operator has no department figures (they are the whole platform's): the place's own overdue count.
  if (s.withheld.includes("departments") && s.total.overdue > 0)
    lines.push({
      key: "overdue",
      text: t("pages.attention.overdueCount", { count: s.total.overdue }),
      link: true,
    });
  const letters = s.deadLetters.filter((q) => q.depth > 0);
  if (letters.length > 0)
    lines.push({
      key: "dead-letters",
      text: t("pages.attention.deadLetters", {
        count: letters.reduce((n, q) => n + q.depth, 0),
        queues: letters.map((q) => q.queue).join(", "),
      }),
    });
  for (const d of s.departments.filter((x) => x.noDeadline > 0))
    lines.push({
      key: `stuck-${d.department}`,
      text: t("pages.attention.stuck", { department: department(d.department), count: d.noDeadline }),
    });
  return lines;
}

const SKIP_DETAIL =
  /^(condition_false|dependency_not_completed|disabled_by_profile|no_elements|registry_handles)(?::\s*(.*))?$/;
/** The entry's skip as data: its structured field, else read from the recorded detail. */
export function skipOf(
  e: TimelineEntry,
): { reason: string; itemId?: string; itemStatus?: string } | undefined {
  if (e.kind !== "item_skipped") return undefined;
  if (e.skip) return e.skip;
  const m = e.detail ? SKIP_DETAIL.exec(e.detail) : null;
  if (!m?.[1]) return undefined;
  const [itemId, itemStatus] = m[1] === "dependency_not_completed" ? (m[2] ?? "").split(" ") : [];
  return { reason: m[1], ...(itemId ? { itemId } : {}), ...(itemStatus ? { itemStatus } : {}) };
}

/** The entry's wait as data: its structured field (the until from its deadline), else read from the detail. */
export function waitOf(e: TimelineEntry): WaitEntry | undefined {
  const w = e.wait;
  if (!w) return waitEntry(e.kind, e.detail);
  const until = e.deadline?.dueAt ?? "";
  if (e.kind === "item_waiting" && !w.source) return { waiting: { event: w.event, until } };
  if (e.kind === "item_wait_timed_out") return { timedOut: { event: w.event, until } };
  if (e.kind === "item_completed" && w.source)
    return { completedBy: { event: w.event, source: w.source, eventId: w.sourceEventId ?? "" } };
  return undefined;
}

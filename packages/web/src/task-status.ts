/**
 * A task's status as the pages word it (docs/task-status.md): the department's report before its result, the
 * office it was transferred from and to, and (operators) the supervising office an overdue task was escalated to.
 */
import type { Translate } from "./errors.ts";
import { formatDate } from "./format.ts";
import type { ItemView, TimelineEntry } from "./types.ts";

export interface StatusNames {
  place: (code: string) => string;
  department: (id: string) => string;
}

/** The lines of an item's status, in order; empty when there is nothing to say. */
export function taskStatusLines(
  t: Translate,
  lang: string,
  item: ItemView,
  names: StatusNames,
  withEscalation: boolean,
): string[] {
  const lines: string[] = [];
  const progress = item.status === "dispatched" ? item.progress : undefined;
  if (progress) {
    const said = t(progress.status === "accepted" ? "status.accepted" : "status.inProgress");
    lines.push(
      progress.expectedBy
        ? `${said}${t("status.join")}${t("status.expectedBy", { date: formatDate(progress.expectedBy, lang) })}`
        : said,
    );
  }
  const last = item.transfers?.at(-1);
  if (last)
    lines.push(
      t("status.transferred", {
        from: names.place(last.from.jurisdiction),
        to: names.place(last.to.jurisdiction),
      }),
    );
  const to = item.escalatedTo;
  if (withEscalation && to && item.overdue)
    lines.push(
      t(to.level === 2 ? "status.escalatedAgain" : "status.escalatedTo", {
        department: names.department(to.department),
        office: names.place(to.jurisdiction),
      }),
    );
  return lines;
}

/** The words of a status, transfer or escalation entry of the timeline; undefined for any other entry. */
export function taskStatusDetail(
  t: Translate,
  lang: string,
  e: TimelineEntry,
  names: StatusNames,
): string | undefined {
  if (e.progress)
    return e.progress.expectedBy
      ? t("status.expectedBy", { date: formatDate(e.progress.expectedBy, lang) })
      : undefined;
  if (e.transfer)
    return t("status.transfer", { from: names.place(e.transfer.from), to: names.place(e.transfer.to) });
  if (e.escalation)
    return t("status.escalation", {
      department: names.department(e.escalation.department),
      office: names.place(e.escalation.office),
    });
  return undefined;
}

/**
 * Deadlines and the working-day calendar as the operator pages read them: which years are provisional (counted by
 * the statutory holiday rule until the State Council's notice is loaded), and whether a deadline falls in one.
 */
import type { Translate } from "./errors.ts";
import { dateTime } from "./format.ts";
import type { CalendarList, TimelineEntry } from "./types.ts";

/** The year of an instant in Beijing time, the time deadlines are counted in. */
export function beijingYear(iso: string): number {
  return Number(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date(iso)),
  );
}

/** The provisional years of the listing among `now`'s year and the next (those today's deadlines can reach). */
export function provisionalYearsAhead(calendar: CalendarList | undefined, now: string): number[] {
  const current = beijingYear(now);
  return (calendar?.years ?? [])
    .filter((y) => y.status === "provisional" && (y.year === current || y.year === current + 1))
    .map((y) => y.year)
    .sort((a, b) => a - b);
}

/**
 * A deadline entry (`item_overdue`, `deadline_revised`, `item_deadline_unavailable`) in the page's language, from
 * the entry's structured `deadline` (instants in Beijing time, 暂定 where a deadline was provisional); undefined for
 * any other entry.
 */
export function deadlineDetail(t: Translate, lang: string, entry: TimelineEntry): string | undefined {
  const d = entry.deadline;
  if (!d) return undefined;
  const due = (iso: string | undefined, provisional: boolean | undefined): string => {
    if (!iso) return t("due.none");
    const time = dateTime(iso, lang);
    return provisional ? `${time}${t("due.aside", { hint: t("due.provisional") })}` : time;
  };
  switch (entry.kind) {
    case "item_overdue":
      return t("timeline.detail.due", { due: due(d.dueAt, d.provisional) });
    case "deadline_revised":
      return t("timeline.detail.revised", {
        year: String(d.year ?? ""),
        from: due(d.previousDueAt, d.previousProvisional),
        to: due(d.dueAt, d.provisional),
      });
    case "item_deadline_unavailable":
      return t("timeline.detail.unavailable", {
        days: String(d.workingDays ?? ""),
        from: dateTime(entry.at, lang),
      });
    default:
      return undefined;
  }
}

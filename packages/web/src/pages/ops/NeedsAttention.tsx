import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNames } from "../../catalogue.ts";
import { daysLate } from "../../components/OverdueItems.tsx";
import type { Translate } from "../../errors.ts";
import type { OpsSummary } from "../../types.ts";

type Line = { key: string; text: string; link?: boolean };

/** What of the summary needs someone now: overdue items by department, dead letters, items held without a deadline. */
export function attentionLines(s: OpsSummary, t: Translate, department: (id: string) => string): Line[] {
  const lines: Line[] = [];
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

/** The strip at the top of the overview: what needs attention now, or that nothing does. */
export function NeedsAttention({ summary }: { summary: OpsSummary }) {
  const { t } = useTranslation();
  const names = useNames();
  const lines = attentionLines(summary, t, names.department);
  return (
    <section
      className={`attention ${lines.length ? "attention-some" : "attention-clear"}`}
      aria-labelledby="attention-title"
    >
      <h2 id="attention-title">{t("pages.attention.title")}</h2>
      {lines.length === 0 ? (
        <p data-testid="attention-clear">{t("pages.attention.allClear")}</p>
      ) : (
        <ul>
          {lines.map((l) => (
            <li key={l.key} data-attention={l.key}>
              {l.text}
              {l.link && (
                <>
                  {" "}
                  <Link to="/ops/cases?overdue=true">{t("pages.attention.seeOverdue")}</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNames } from "../../catalogue.ts";
import { attentionLines } from "../../plain.ts";
import type { OpsSummary } from "../../types.ts";

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

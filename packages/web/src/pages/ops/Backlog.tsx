import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNames } from "../../catalogue.ts";
import { DueDate, ProvisionalMark } from "../../components/DueDate.tsx";
import type { OpsSummary } from "../../types.ts";

/** What each department holds now: open and overdue items and the one due first. */
export function Backlog({ departments }: { departments: OpsSummary["departments"] }) {
  const { t } = useTranslation();
  const names = useNames();
  const rows = [...departments].sort((a, b) => b.overdue - a.overdue || b.open - a.open);
  return (
    <section className="panel" aria-labelledby="backlog-title">
      <h2 id="backlog-title">{t("ops.backlog")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("common.department")}</th>
            <th scope="col">{t("ops.open")}</th>
            <th scope="col">{t("common.overdue")}</th>
            <th scope="col">{t("ops.oldest")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.department} className={d.overdue > 0 ? "alert" : undefined}>
              <th scope="row">
                <Link to={`/ops/cases?department=${d.department}`}>{names.department(d.department)}</Link>
              </th>
              <td className="num">{d.open}</td>
              <td className="num">{d.overdue}</td>
              <td>
                {d.oldest ? (
                  <>
                    <Link to={`/ops/cases/${d.oldest.caseId}`}>
                      <DueDate dueAt={d.oldest.dueAt} />
                    </Link>{" "}
                    {d.oldest.dueProvisional && <ProvisionalMark />}
                  </>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

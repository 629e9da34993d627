import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNames } from "../../catalogue.ts";
import { DueDate } from "../../components/DueDate.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { duration, percent } from "../../format.ts";
import { useSummary } from "./useSummary.ts";

/** Each department: its queue, what it holds, how fast and how punctually it answers. */
export function OpsDepartments() {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const summary = useSummary();
  return (
    <section>
      <h1>{t("ops.departmentsTitle")}</h1>
      <QueryState loading={summary.isPending} error={summary.error} />
      {summary.data && (
        <table aria-label={t("ops.departmentsTitle")}>
          <thead>
            <tr>
              <th scope="col">{t("common.department")}</th>
              <th scope="col">{t("ops.queue")}</th>
              <th scope="col">{t("ops.open")}</th>
              <th scope="col">{t("common.overdue")}</th>
              <th scope="col">{t("ops.oldest")}</th>
              <th scope="col">{t("ops.avgHandling")}</th>
              <th scope="col">{t("ops.answered")}</th>
              <th scope="col">{t("ops.rate")}</th>
            </tr>
          </thead>
          <tbody>
            {summary.data.departments.map((d) => (
              <tr key={d.department} className={d.overdue > 0 ? "alert" : undefined}>
                <th scope="row">
                  <Link to={`/ops/cases?department=${d.department}`}>{names.department(d.department)}</Link>
                </th>
                <td>{t("ops.queueDepth", d.queue)}</td>
                <td className="num">{d.open}</td>
                <td className="num">{d.overdue}</td>
                <td>
                  {d.oldest ? <DueDate dueAt={d.oldest.dueAt} provisional={d.oldest.dueProvisional} /> : "—"}
                </td>
                <td>{duration(d.averageHandlingSeconds, i18n.language)}</td>
                <td className="num">{d.answered}</td>
                <td className="num">{percent(d.onTime, d.answered)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

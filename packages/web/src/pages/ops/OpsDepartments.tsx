import { useTranslation } from "react-i18next";
import { DataTable } from "../../components/DataTable.tsx";
import { DueDate } from "../../components/DueDate.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { duration, percent } from "../../format.ts";
import { type DepartmentRow, useDepartmentColumns } from "./departmentColumns.tsx";
import { useSummary } from "./useSummary.ts";

/** Each department: its queue, what it holds, how fast and how punctually it answers. */
export function OpsDepartments() {
  const { t, i18n } = useTranslation();
  const shared = useDepartmentColumns();
  const summary = useSummary();
  const oldest = (d: DepartmentRow) =>
    d.oldest ? <DueDate dueAt={d.oldest.dueAt} provisional={d.oldest.dueProvisional} /> : "—";
  return (
    <section>
      <h1>{t("ops.departmentsTitle")}</h1>
      <QueryState loading={summary.isPending} error={summary.error} />
      {summary.data && (
        <DataTable
          label={t("ops.departmentsTitle")}
          columns={[
            shared.department,
            { key: "queue", header: t("ops.queue"), cell: (d) => t("ops.queueDepth", d.queue) },
            shared.open,
            shared.overdue,
            { key: "oldest", header: t("ops.oldest"), cell: oldest },
            {
              key: "handling",
              header: t("ops.avgHandling"),
              cell: (d) => duration(d.averageHandlingSeconds, i18n.language),
            },
            { key: "answered", header: t("ops.answered"), className: "num", cell: (d) => d.answered },
            {
              key: "rate",
              header: t("ops.rate"),
              className: "num",
              cell: (d) => percent(d.onTime, d.answered),
            },
          ]}
          rows={summary.data.departments}
          rowKey={(d) => d.department}
          rowProps={shared.rowProps}
        />
      )}
    </section>
  );
}

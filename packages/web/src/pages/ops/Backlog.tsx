import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DataTable } from "../../components/DataTable.tsx";
import { DueDate, ProvisionalMark } from "../../components/DueDate.tsx";
import { Section } from "../../components/Section.tsx";
import type { OpsSummary } from "../../types.ts";
import { type DepartmentRow, useDepartmentColumns } from "./departmentColumns.tsx";

/** What each department holds now: open and overdue items and the one due first. */
export function Backlog({ departments }: { departments: OpsSummary["departments"] }) {
  const { t } = useTranslation();
  const shared = useDepartmentColumns();
  const rows = [...departments].sort((a, b) => b.overdue - a.overdue || b.open - a.open);
  const oldest = (d: DepartmentRow) =>
    d.oldest ? (
      <>
        <Link to={`/ops/cases/${d.oldest.caseId}`}>
          <DueDate dueAt={d.oldest.dueAt} />
        </Link>{" "}
        {d.oldest.dueProvisional && <ProvisionalMark />}
      </>
    ) : (
      "—"
    );
  return (
    <Section id="backlog" title={t("ops.backlog")} className="panel">
      <DataTable
        columns={[
          shared.department,
          shared.open,
          shared.overdue,
          { key: "oldest", header: t("ops.oldest"), cell: oldest },
        ]}
        rows={rows}
        rowKey={(d) => d.department}
        rowProps={shared.rowProps}
      />
    </Section>
  );
}

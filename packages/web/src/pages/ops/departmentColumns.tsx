import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNames } from "../../catalogue.ts";
import type { Column } from "../../components/DataTable.tsx";
import type { OpsSummary } from "../../types.ts";

export type DepartmentRow = OpsSummary["departments"][number];

/**
 * The columns the overview's backlog and the departments page share: the department (linking to its cases), its
 * open and its overdue items; a department with overdue items is a row in alert.
 */
export function useDepartmentColumns() {
  const { t } = useTranslation();
  const names = useNames();
  const department: Column<DepartmentRow> = {
    key: "department",
    header: t("common.department"),
    rowHeader: true,
    cell: (d) => <Link to={`/ops/cases?department=${d.department}`}>{names.department(d.department)}</Link>,
  };
  const open: Column<DepartmentRow> = {
    key: "open",
    header: t("ops.open"),
    className: "num",
    cell: (d) => d.open,
  };
  const overdue: Column<DepartmentRow> = {
    key: "overdue",
    header: t("common.overdue"),
    className: "num",
    cell: (d) => d.overdue,
  };
  const rowProps = (d: DepartmentRow) => ({ className: d.overdue > 0 ? "alert" : undefined });
  return { department, open, overdue, rowProps };
}

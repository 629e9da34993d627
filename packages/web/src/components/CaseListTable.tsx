import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNames } from "../catalogue.ts";
import { dateTime } from "../format.ts";
import type { CaseListEntry } from "../types.ts";
import { type Column, DataTable } from "./DataTable.tsx";
import { CaseStatusBadge, StatusWithOverdue } from "./StatusBadge.tsx";

/** A page of case list entries (the citizen's own or the operator's search), linking each case to `caseLink`. */
export function CaseListTable(props: {
  rows: readonly CaseListEntry[];
  caseLink: (caseId: string) => string;
  /** Operators also see when each case last changed. */
  showUpdated?: boolean;
  label?: string;
}) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  if (props.rows.length === 0) return null;
  const columns: Column<CaseListEntry>[] = [
    {
      key: "case",
      header: t("common.caseId"),
      cell: (c) => <Link to={props.caseLink(c.caseId)}>{c.caseId}</Link>,
    },
    { key: "bundle", header: t("common.bundle"), cell: (c) => names.bundle(c.bundleId) },
    {
      key: "status",
      header: t("common.status"),
      cell: (c) => <StatusWithOverdue badge={<CaseStatusBadge status={c.status} />} overdue={c.overdue} />,
    },
    {
      key: "submitted",
      header: t("common.submittedAt"),
      cell: (c) => dateTime(c.submittedAt, i18n.language),
    },
  ];
  if (props.showUpdated) {
    columns.push({
      key: "updated",
      header: t("common.updatedAt"),
      cell: (c) => dateTime(c.updatedAt, i18n.language),
    });
  }
  return (
    <DataTable
      label={props.label}
      columns={columns}
      rows={props.rows}
      rowKey={(c) => c.caseId}
      rowProps={(c) => ({ "data-case": c.caseId })}
    />
  );
}

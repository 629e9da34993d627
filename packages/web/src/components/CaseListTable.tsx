import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNames } from "../catalogue.ts";
import { dateTime } from "../format.ts";
import type { CaseListEntry } from "../types.ts";
import { type Column, DataTable } from "./DataTable.tsx";
import { OverdueItems } from "./OverdueItems.tsx";
import { CaseStatusBadge, StatusWithOverdue } from "./StatusBadge.tsx";

/** A page of case list entries (the citizen's own or the operator's search), linking each case to `caseLink`. */
export function CaseListTable(props: {
  rows: readonly CaseListEntry[];
  caseLink: (caseId: string) => string;
  /** Operators also see when each case last changed. */
  showUpdated?: boolean;
  /** The applicant's own list: whom each case is for (the subject's name), so two cases of a bundle differ. */
  showSubject?: boolean;
  /** Operators' lists: a column of the overdue items, by department and days late, counted at `asOf`. */
  overdueAsOf?: string | undefined;
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
    ...(props.showSubject
      ? [{ key: "subject", header: t("pages.my.subject"), cell: (c: CaseListEntry) => c.subjectName ?? "—" }]
      : []),
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
  const asOf = props.overdueAsOf;
  if (asOf && props.rows.some((c) => c.overdueItems?.length))
    columns.push({
      key: "overdue",
      header: t("pages.overdue.column"),
      cell: (c) => <OverdueItems row={c} asOf={asOf} />,
    });
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

import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNames } from "../catalogue.ts";
import { dateTime } from "../format.ts";
import type { CaseListEntry } from "../types.ts";
import { CaseStatusBadge, OverdueBadge } from "./StatusBadge.tsx";

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
  return (
    <table aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">{t("common.caseId")}</th>
          <th scope="col">{t("common.bundle")}</th>
          <th scope="col">{t("common.status")}</th>
          <th scope="col">{t("common.submittedAt")}</th>
          {props.showUpdated && <th scope="col">{t("common.updatedAt")}</th>}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((c) => (
          <tr key={c.caseId} data-case={c.caseId}>
            <td>
              <Link to={props.caseLink(c.caseId)}>{c.caseId}</Link>
            </td>
            <td>{names.bundle(c.bundleId)}</td>
            <td>
              <CaseStatusBadge status={c.status} /> {c.overdue && <OverdueBadge />}
            </td>
            <td>{dateTime(c.submittedAt, i18n.language)}</td>
            {props.showUpdated && <td>{dateTime(c.updatedAt, i18n.language)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

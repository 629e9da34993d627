import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNames } from "../../catalogue.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { Section } from "../../components/Section.tsx";
import { CASE_STATUSES, type OpsSummary } from "../../types.ts";

/** Cases by bundle (rows) and state (columns); each count links to that slice of the case list. */
export function CaseCounts({ counts }: { counts: OpsSummary["casesByBundleAndStatus"] }) {
  const { t } = useTranslation();
  const names = useNames();
  const bundles = Object.keys(counts).sort();
  const total = (status: string) =>
    bundles.reduce((n, b) => n + (counts[b]?.[status as keyof (typeof counts)[string]] ?? 0), 0);
  const columns: Column<string>[] = [
    { key: "bundle", header: t("common.bundle"), rowHeader: true, cell: (b) => names.bundle(b) },
    ...CASE_STATUSES.map((s) => ({
      key: s,
      header: t(`caseStatus.${s}`),
      className: "num",
      cell: (b: string) => <Link to={`/ops/cases?bundle=${b}&status=${s}`}>{counts[b]?.[s] ?? 0}</Link>,
    })),
  ];
  return (
    <Section id="counts" title={t("ops.byBundle")} className="panel wide">
      <DataTable
        columns={columns}
        rows={bundles}
        rowKey={(b) => b}
        rowProps={(b) => ({ "data-bundle": b })}
        footer={
          <tfoot>
            <tr>
              <th scope="row">{t("ops.total")}</th>
              {CASE_STATUSES.map((s) => (
                <td key={s} className="num" data-total={s}>
                  {total(s)}
                </td>
              ))}
            </tr>
          </tfoot>
        }
      />
    </Section>
  );
}

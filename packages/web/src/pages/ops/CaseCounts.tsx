import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNames } from "../../catalogue.ts";
import { CASE_STATUSES, type OpsSummary } from "../../types.ts";

/** Cases by bundle (rows) and state (columns); each count links to that slice of the case list. */
export function CaseCounts({ counts }: { counts: OpsSummary["casesByBundleAndStatus"] }) {
  const { t } = useTranslation();
  const names = useNames();
  const bundles = Object.keys(counts).sort();
  const total = (status: string) =>
    bundles.reduce((n, b) => n + (counts[b]?.[status as keyof (typeof counts)[string]] ?? 0), 0);
  return (
    <section className="panel wide" aria-labelledby="counts-title">
      <h2 id="counts-title">{t("ops.byBundle")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("common.bundle")}</th>
            {CASE_STATUSES.map((s) => (
              <th key={s} scope="col">
                {t(`caseStatus.${s}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {bundles.map((b) => (
            <tr key={b} data-bundle={b}>
              <th scope="row">{names.bundle(b)}</th>
              {CASE_STATUSES.map((s) => (
                <td key={s} className="num">
                  <Link to={`/ops/cases?bundle=${b}&status=${s}`}>{counts[b]?.[s] ?? 0}</Link>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
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
      </table>
    </section>
  );
}

import { useTranslation } from "react-i18next";
import { useNames } from "../../catalogue.ts";
import { percent } from "../../format.ts";
import type { OpsSummary } from "../../types.ts";

interface Row {
  id: string;
  name: string;
  answered: number;
  onTime: number;
}

/** Share of departments' answers given within the deadline, per bundle and per department. */
export function Compliance({ compliance }: { compliance: OpsSummary["compliance"] }) {
  const { t } = useTranslation();
  const names = useNames();
  return (
    <section className="panel" aria-labelledby="compliance-title">
      <h2 id="compliance-title">{t("ops.compliance")}</h2>
      <ComplianceTable
        caption={t("ops.complianceByBundle")}
        rows={compliance.byBundle.map((r) => ({ ...r, id: r.bundleId, name: names.bundle(r.bundleId) }))}
      />
      <ComplianceTable
        caption={t("ops.complianceByDepartment")}
        rows={compliance.byDepartment.map((r) => ({
          ...r,
          id: r.department,
          name: names.department(r.department),
        }))}
      />
    </section>
  );
}

function ComplianceTable({ caption, rows }: { caption: string; rows: Row[] }) {
  const { t } = useTranslation();
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption}</th>
          <th scope="col">{t("ops.answered")}</th>
          <th scope="col">{t("ops.onTime")}</th>
          <th scope="col">{t("ops.rate")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={4}>{t("common.none")}</td>
          </tr>
        )}
        {rows.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.name}</th>
            <td className="num">{r.answered}</td>
            <td className="num">{r.onTime}</td>
            <td className="num">
              <meter
                min={0}
                max={1}
                low={0.8}
                high={0.95}
                optimum={1}
                value={r.answered ? r.onTime / r.answered : 0}
              />{" "}
              {percent(r.onTime, r.answered)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { useTranslation } from "react-i18next";
import { useNames } from "../../catalogue.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Section } from "../../components/Section.tsx";
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
    <Section id="compliance" title={t("ops.compliance")} className="panel">
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
    </Section>
  );
}

function ComplianceTable({ caption, rows }: { caption: string; rows: Row[] }) {
  const { t } = useTranslation();
  const rate = (r: Row) => (
    <>
      <meter
        min={0}
        max={1}
        low={0.8}
        high={0.95}
        optimum={1}
        value={r.answered ? r.onTime / r.answered : 0}
      />{" "}
      {percent(r.onTime, r.answered)}
    </>
  );
  return (
    <DataTable
      caption={caption}
      columns={[
        { key: "name", header: caption, rowHeader: true, cell: (r) => r.name },
        { key: "answered", header: t("ops.answered"), className: "num", cell: (r) => r.answered },
        { key: "onTime", header: t("ops.onTime"), className: "num", cell: (r) => r.onTime },
        { key: "rate", header: t("ops.rate"), className: "num", cell: rate },
      ]}
      rows={rows}
      rowKey={(r) => r.id}
      empty={t("common.none")}
    />
  );
}

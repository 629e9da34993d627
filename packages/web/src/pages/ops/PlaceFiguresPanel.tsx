import { useTranslation } from "react-i18next";
import { DataTable } from "../../components/DataTable.tsx";
import { Section } from "../../components/Section.tsx";
import { localized } from "../../i18n.ts";
import type { DelegationRate, OpsSummary, PlaceFigures } from "../../types.ts";

const percent = (share: number, lang: string) =>
  new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en", {
    style: "percent",
    maximumFractionDigits: 0,
  }).format(share);

/** The selected place's children: cases, open cases, held and overdue items, 落地率. */
export function PlaceFiguresPanel({
  summary,
  onPick,
}: {
  summary: OpsSummary;
  onPick: (code: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (summary.places.length === 0) return null;
  const place = localized(summary.place.name, lang);
  const landing = (p: PlaceFigures) =>
    p.itemsOn === 0
      ? "—"
      : t("places.landing", { rate: percent(p.landingRate, lang), landed: p.itemsLanded, on: p.itemsOn });
  return (
    <Section id="places" title={t("places.byChild", { place })} className="panel wide">
      <DataTable<PlaceFigures>
        label={t("places.byChild", { place })}
        columns={[
          {
            key: "place",
            header: t("places.place"),
            rowHeader: true,
            cell: (p) =>
              p.level === "community" ? (
                localized(p.name, lang)
              ) : (
                <button type="button" className="link" onClick={() => onPick(p.code)}>
                  {localized(p.name, lang)}
                </button>
              ),
          },
          { key: "cases", header: t("places.cases"), className: "num", cell: (p) => p.cases },
          { key: "openCases", header: t("places.openCases"), className: "num", cell: (p) => p.openCases },
          { key: "openItems", header: t("places.openItems"), className: "num", cell: (p) => p.openItems },
          { key: "overdue", header: t("common.overdue"), className: "num", cell: (p) => p.overdue },
          { key: "landing", header: t("places.landingRate"), className: "num", cell: landing },
        ]}
        rows={summary.places}
        rowKey={(p) => p.code}
        rowProps={(p) => ({ "data-place": p.code })}
        footer={
          <tfoot>
            <tr data-place-total={summary.total.code}>
              <th scope="row">{t("places.total", { place })}</th>
              <td className="num">{summary.total.cases}</td>
              <td className="num">{summary.total.openCases}</td>
              <td className="num">{summary.total.openItems}</td>
              <td className="num">{summary.total.overdue}</td>
              <td className="num">{landing(summary.total)}</td>
            </tr>
          </tfoot>
        }
      />
      <p className="muted">{t("places.landingNote")}</p>
    </Section>
  );
}

/** Delegated approval per district: towns holding it, of all towns, today. */
export function DelegationPanel({ rates }: { rates: OpsSummary["delegation"] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (rates.length === 0) return null;
  return (
    <Section id="delegation" title={t("places.delegation")} className="panel">
      <DataTable<DelegationRate>
        label={t("places.delegation")}
        columns={[
          {
            key: "district",
            header: t("places.district"),
            rowHeader: true,
            cell: (d) => localized(d.name, lang),
          },
          { key: "towns", header: t("places.towns"), className: "num", cell: (d) => d.towns },
          { key: "delegated", header: t("places.delegated"), className: "num", cell: (d) => d.delegated },
          {
            key: "rate",
            header: t("places.delegationRate"),
            className: "num",
            cell: (d) => percent(d.rate, lang),
          },
        ]}
        rows={rates}
        rowKey={(d) => `${d.district}#${d.bundleId}#${d.itemId}`}
        rowProps={(d) => ({ "data-district": d.district })}
      />
    </Section>
  );
}

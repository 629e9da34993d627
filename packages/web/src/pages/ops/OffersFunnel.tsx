import { useTranslation } from "react-i18next";
import { useNames } from "../../catalogue.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { Section } from "../../components/Section.tsx";
import { duration, percent } from "../../format.ts";
import { localized } from "../../i18n.ts";
import { FUNNEL_STAGES } from "../../offers.ts";
import type { OfferFigures, OfferFunnel } from "../../types.ts";

/**
 * 免申即享: the offers the platform made, stage by stage (made → delivered → opened → accepted; declined, expired,
 * superseded), per bundle and per place of the summary, and how long from the event to the case.
 */
export function OffersFunnel({ figures, place }: { figures: OfferFigures; place: string }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const lang = i18n.language;
  const stages = <Row extends OfferFunnel>(): Column<Row>[] => [
    ...FUNNEL_STAGES.map(
      (stage): Column<Row> => ({
        key: stage,
        header: t(`offers.funnel.stage.${stage}`),
        className: "num",
        headerProps: { className: "num" },
        cell: (row) => <span data-stage={stage}>{row[stage]}</span>,
      }),
    ),
    {
      key: "rate",
      header: t("offers.funnel.acceptRate"),
      className: "num",
      headerProps: { className: "num" },
      cell: (row) => percent(row.accepted, row.made),
    },
  ];
  const totalRow = (
    <tfoot>
      <tr data-total="offers">
        <th scope="row">{t("offers.funnel.total")}</th>
        {FUNNEL_STAGES.map((stage) => (
          <td key={stage} className="num">
            <span data-stage={stage}>{figures.total[stage]}</span>
          </td>
        ))}
        <td className="num">{percent(figures.total.accepted, figures.total.made)}</td>
      </tr>
    </tfoot>
  );
  const { count, p50Ms, p95Ms } = figures.eventToCase;
  const seconds = (ms: number | null | undefined) => (typeof ms === "number" ? ms / 1000 : undefined);
  return (
    <Section id="offers-funnel" title={t("offers.funnel.title")} className="panel wide">
      <p className="muted">{t("offers.funnel.intro")}</p>
      <DataTable<OfferFigures["byBundle"][number]>
        caption={t("offers.funnel.byBundle")}
        columns={[
          {
            key: "bundle",
            header: t("offers.funnel.bundle"),
            rowHeader: true,
            cell: (b) => names.bundle(b.bundleId),
          },
          ...stages<OfferFigures["byBundle"][number]>(),
        ]}
        rows={figures.byBundle}
        rowKey={(b) => b.bundleId}
        rowProps={(b) => ({ "data-bundle": b.bundleId })}
        empty={t("offers.funnel.none")}
        footer={totalRow}
      />
      {figures.byPlace.length > 0 && (
        <DataTable<OfferFigures["byPlace"][number]>
          caption={t("offers.funnel.byPlace")}
          columns={[
            {
              key: "place",
              header: t("offers.funnel.place"),
              rowHeader: true,
              cell: (p) => localized(p.name, lang),
            },
            ...stages<OfferFigures["byPlace"][number]>(),
          ]}
          rows={figures.byPlace}
          rowKey={(p) => p.place}
          rowProps={(p) => ({ "data-place": p.place })}
        />
      )}
      <dl className="figures">
        <dt>{t("offers.funnel.eventToCase")}</dt>
        <dd data-figure="event-to-case" data-place={place}>
          {count === 0
            ? t("offers.funnel.none")
            : t("offers.funnel.p50p95", {
                p50: duration(seconds(p50Ms), lang),
                p95: duration(seconds(p95Ms), lang),
                count,
              })}
        </dd>
      </dl>
    </Section>
  );
}

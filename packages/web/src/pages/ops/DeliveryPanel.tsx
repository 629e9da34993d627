import { useTranslation } from "react-i18next";
import { useNames } from "../../catalogue.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { Section } from "../../components/Section.tsx";
import { percent } from "../../format.ts";
import { localized } from "../../i18n.ts";
import type { DeliveryFigures } from "../../types.ts";

type Counts = DeliveryFigures["total"];

/** 送达率: of the notices sent by SMS and app push, how many the gateways reported delivered, per bundle and place. */
export function DeliveryPanel({ figures }: { figures: DeliveryFigures }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const counts = <Row extends Counts>(): Column<Row>[] => [
    ...(["sent", "delivered", "failed"] as const).map(
      (metric): Column<Row> => ({
        key: metric,
        header: t(`notices.delivery.${metric}`),
        className: "num",
        headerProps: { className: "num" },
        cell: (row) => <span data-metric={metric}>{row[metric]}</span>,
      }),
    ),
    {
      key: "rate",
      header: t("notices.delivery.rate"),
      className: "num",
      headerProps: { className: "num" },
      cell: (row) => <span data-metric="rate">{percent(row.delivered, row.sent)}</span>,
    },
  ];
  const total = figures.total;
  const footer = (
    <tfoot>
      <tr data-total="delivery">
        <th scope="row">{t("notices.delivery.total")}</th>
        <td className="num">{total.sent}</td>
        <td className="num">{total.delivered}</td>
        <td className="num">{total.failed}</td>
        <td className="num" data-figure="delivery-rate">
          {percent(total.delivered, total.sent)}
        </td>
      </tr>
    </tfoot>
  );
  return (
    <Section id="delivery" title={t("notices.delivery.title")} className="panel wide">
      <p className="muted">{t("notices.delivery.intro")}</p>
      <DataTable<DeliveryFigures["byBundle"][number]>
        caption={t("notices.delivery.byBundle")}
        columns={[
          {
            key: "bundle",
            header: t("notices.delivery.bundle"),
            rowHeader: true,
            cell: (b) => names.bundle(b.bundleId),
          },
          ...counts<DeliveryFigures["byBundle"][number]>(),
        ]}
        rows={figures.byBundle}
        rowKey={(b) => b.bundleId}
        rowProps={(b) => ({ "data-bundle": b.bundleId })}
        empty={t("notices.delivery.none")}
        footer={footer}
      />
      {figures.byPlace.length > 0 && (
        <DataTable<DeliveryFigures["byPlace"][number]>
          caption={t("notices.delivery.byPlace")}
          columns={[
            {
              key: "place",
              header: t("notices.delivery.place"),
              rowHeader: true,
              cell: (p) => localized(p.name, i18n.language),
            },
            ...counts<DeliveryFigures["byPlace"][number]>(),
          ]}
          rows={figures.byPlace}
          rowKey={(p) => p.place}
          rowProps={(p) => ({ "data-place": p.place })}
        />
      )}
    </Section>
  );
}

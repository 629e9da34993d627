import { useTranslation } from "react-i18next";
import { useNames } from "../catalogue.ts";
import { localized } from "../i18n.ts";
import { useBundleItems } from "../outputs.ts";
import type { ItemView } from "../types.ts";
import { DueDate, ProvisionalNote } from "./DueDate.tsx";
import { ItemResult } from "./ItemResult.tsx";
import { ItemStatusBadge, OverdueBadge } from "./StatusBadge.tsx";

/** Every item of a case with its department, status, attempt, due date and outcome (the operator's view). */
export function ItemTable({ items, bundleId }: { items: ItemView[]; bundleId: string }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const bundleItems = useBundleItems(bundleId);
  return (
    <>
      <table>
        <caption>{t("case.steps")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("common.item")}</th>
            <th scope="col">{t("common.department")}</th>
            <th scope="col">{t("common.status")}</th>
            <th scope="col">{t("common.attempt")}</th>
            <th scope="col">{t("common.due")}</th>
            <th scope="col">{t("common.result")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.itemId} data-item={item.itemId}>
              <th scope="row">{localized(item.name, i18n.language)}</th>
              <td>{names.department(item.department)}</td>
              <td>
                <ItemStatusBadge status={item.status} /> {item.overdue && <OverdueBadge />}
              </td>
              <td>{item.attempt}</td>
              <td>
                <DueDate
                  dueAt={item.dueAt}
                  provisional={item.dueProvisional}
                  unavailable={item.dueUnavailable}
                />
              </td>
              <td>
                <ItemResult item={item} outputs={bundleItems.get(item.itemId)?.outputs} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ProvisionalNote items={items} />
    </>
  );
}

import { useTranslation } from "react-i18next";
import { useBundle, useNames } from "../catalogue.ts";
import { localized } from "../i18n.ts";
import { daysLate } from "../plain.ts";
import type { CaseListEntry } from "../types.ts";

/** A case row's overdue items: the item (by its id in the bundle, named by the catalogue), department, days late. */
export function OverdueItems({ row, asOf }: { row: CaseListEntry; asOf: string }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const bundle = useBundle(row.bundleId);
  // An instance of a for-each item (`<item>--<element>`) is named by its item.
  const itemName = (itemId: string) => {
    const declared = bundle.data?.items.find((i) => i.id === itemId.split("--")[0]);
    return declared ? localized(declared.name, i18n.language) : t("common.item");
  };
  const items = row.overdueItems ?? [];
  if (items.length === 0) return <>—</>;
  return (
    <ul className="overdue-items">
      {items.map((i) => (
        <li key={i.itemId} data-overdue-item={i.itemId}>
          {t("pages.overdue.line", {
            item: itemName(i.itemId),
            department: names.department(i.department),
            days: daysLate(i.dueAt, asOf),
          })}
        </li>
      ))}
    </ul>
  );
}

import { useTranslation } from "react-i18next";
import { useNames } from "../catalogue.ts";
import { localized } from "../i18n.ts";
import { useBundleItems } from "../outputs.ts";
import { skipDetailOf } from "../registry.ts";
import type { ItemView, TimelineEntry } from "../types.ts";
import { type Column, DataTable } from "./DataTable.tsx";
import { DueDate, ProvisionalNote } from "./DueDate.tsx";
import { ItemResult } from "./ItemResult.tsx";
import { ItemStatusBadge, StatusWithOverdue } from "./StatusBadge.tsx";
import { TaskStatus } from "./TaskStatus.tsx";

/** Every item of a case with its department, status, attempt, due date and outcome (the operator's view). */
export function ItemTable({
  items,
  bundleId,
  timeline = [],
}: {
  items: ItemView[];
  bundleId: string;
  timeline?: TimelineEntry[];
}) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const bundleItems = useBundleItems(bundleId);
  const columns: Column<ItemView>[] = [
    {
      key: "item",
      header: t("common.item"),
      rowHeader: true,
      cell: (item) => localized(item.name, i18n.language),
    },
    { key: "department", header: t("common.department"), cell: (item) => names.department(item.department) },
    {
      key: "status",
      header: t("common.status"),
      cell: (item) => (
        <>
          <StatusWithOverdue badge={<ItemStatusBadge status={item.status} />} overdue={item.overdue} />
          <TaskStatus item={item} withEscalation />
        </>
      ),
    },
    { key: "attempt", header: t("common.attempt"), cell: (item) => item.attempt },
    {
      key: "due",
      header: t("common.due"),
      cell: (item) => (
        <DueDate dueAt={item.dueAt} provisional={item.dueProvisional} unavailable={item.dueUnavailable} />
      ),
    },
    {
      key: "result",
      header: t("common.result"),
      cell: (item) => (
        <ItemResult
          item={item}
          outputs={bundleItems.get(item.forEachOf ?? item.itemId)?.outputs}
          skipDetail={skipDetailOf(timeline, item.itemId)}
        />
      ),
    },
  ];
  return (
    <>
      <DataTable
        caption={t("case.steps")}
        columns={columns}
        rows={items}
        rowKey={(item) => item.itemId}
        rowProps={(item) => ({ "data-item": item.itemId })}
      />
      <ProvisionalNote items={items} />
    </>
  );
}

import { useTranslation } from "react-i18next";
import { useNames } from "../../catalogue.ts";
import { CaseFacts } from "../../components/CaseFacts.tsx";
import { CasePage } from "../../components/CasePage.tsx";
import { CaseProgress } from "../../components/CaseProgress.tsx";
import { CaseQrCode } from "../../components/CaseQrCode.tsx";
import { DocumentLinks } from "../../components/DocumentLinks.tsx";
import { DueDate, ProvisionalNote } from "../../components/DueDate.tsx";
import { ItemResult } from "../../components/ItemResult.tsx";
import { RecordsTable } from "../../components/RecordsTable.tsx";
import { Section } from "../../components/Section.tsx";
import { ItemStatusBadge, StatusWithOverdue } from "../../components/StatusBadge.tsx";
import { TaskStatus } from "../../components/TaskStatus.tsx";
import { Timeline } from "../../components/Timeline.tsx";
import { WaitsFor } from "../../components/WaitsFor.tsx";
import { localized } from "../../i18n.ts";
import { useBundleItems, useReportFormat } from "../../outputs.ts";
import { skipDetailOf } from "../../registry.ts";
import type { BundleItem, CaseView, ItemView } from "../../types.ts";
import { SupplementForm } from "./SupplementForm.tsx";
import { WithdrawForm } from "./WithdrawForm.tsx";

const FINAL = ["completed", "completed_with_exceptions", "rejected", "withdrawn"];

/** Where the citizen's one application stands at every department, and what is asked of them. */
export function CitizenCase() {
  const { t } = useTranslation();
  return (
    <CasePage
      title={(caseId) => t("case.title", { caseId })}
      // Live until the case is final.
      refetchInterval={(view) => (view && FINAL.includes(view.status) ? false : 2000)}
    >
      {(c) => (
        <>
          <div className="case-head">
            <div>
              <CaseFacts view={c} />
              <CaseProgress items={c.items} />
            </div>
            <CaseQrCode caseId={c.caseId} />
          </div>
          <ItemSteps view={c} />
          <AssetReports view={c} />
          {!FINAL.includes(c.status) && <WithdrawForm caseId={c.caseId} />}
          <Timeline entries={c.timeline} items={c.items} />
        </>
      )}
    </CasePage>
  );
}

function ItemSteps({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { items, caseId } = view;
  const bundleItems = useBundleItems(view.bundleId);
  return (
    <Section id="steps" title={t("case.steps")}>
      <ol className="steps">
        {items.map((item) => (
          <ItemStep
            key={item.itemId}
            item={item}
            caseId={caseId}
            declared={bundleItems.get(item.forEachOf ?? item.itemId)}
            items={items}
            skipDetail={skipDetailOf(view.timeline, item.itemId)}
          />
        ))}
      </ol>
      <ProvisionalNote items={items} />
    </Section>
  );
}

function ItemStep(props: {
  item: ItemView;
  caseId: string;
  declared?: BundleItem | undefined;
  items: readonly ItemView[];
  skipDetail?: string | undefined;
}) {
  const { item, caseId, declared } = props;
  const { t, i18n } = useTranslation();
  const names = useNames();
  const headingId = `step-${item.itemId}`;
  return (
    <li className={`step step-${item.status}`} aria-labelledby={headingId} data-item={item.itemId}>
      <h3 id={headingId}>{localized(item.name, i18n.language)}</h3>
      <p>
        {names.department(item.department)} ·{" "}
        <StatusWithOverdue badge={<ItemStatusBadge status={item.status} />} overdue={item.overdue} />
        {(item.dueAt || item.dueUnavailable) && (
          <span className="due">
            {" "}
            · {item.status === "waiting" ? t("case.waitUntil") : t("common.due")}{" "}
            <DueDate dueAt={item.dueAt} provisional={item.dueProvisional} unavailable={item.dueUnavailable} />
          </span>
        )}
      </p>
      <TaskStatus item={item} />
      {(item.outputs || item.reason || item.skipReason) && (
        <ItemResult item={item} outputs={declared?.outputs} skipDetail={props.skipDetail} />
      )}
      <WaitsFor item={item} declared={declared} items={props.items} />
      <DocumentLinks caseId={caseId} item={item} outputs={declared?.outputs} />
      {item.status === "awaiting_supplement" && item.requested && (
        <SupplementForm caseId={caseId} item={item} requested={item.requested} />
      )}
    </li>
  );
}

/** The joint reports (items of kind `report`, e.g. the after-death asset inquiry), as tables of their rows. */
function AssetReports({ view }: { view: CaseView }) {
  const { t, i18n } = useTranslation();
  const bundleItems = useBundleItems(view.bundleId);
  const format = useReportFormat(bundleItems);
  const reportIds = new Set([...bundleItems.values()].filter((i) => i.kind === "report").map((i) => i.id));
  const reports = view.items.filter((i) => reportIds.has(i.itemId) && i.outputs);
  if (reports.length === 0) return null;
  return (
    <Section id="report" title={t("case.report")}>
      {reports.flatMap((item) =>
        Object.entries(item.outputs ?? {})
          .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
          .map(([name, rows]) => (
            <RecordsTable
              key={`${item.itemId}.${name}`}
              rows={rows}
              caption={localized(item.name, i18n.language)}
              header={format.header}
              cell={format.cell}
            />
          )),
      )}
    </Section>
  );
}

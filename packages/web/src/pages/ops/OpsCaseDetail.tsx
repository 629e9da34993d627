import { useTranslation } from "react-i18next";
import { CaseFacts } from "../../components/CaseFacts.tsx";
import { CasePage } from "../../components/CasePage.tsx";
import { ItemTable } from "../../components/ItemTable.tsx";
import { Timeline } from "../../components/Timeline.tsx";
import { ApplicationPanel } from "./ApplicationPanel.tsx";
import { LIVE_SECONDS } from "./useSummary.ts";

/** One case as an operator sees it: every item, the whole timeline, the application (masked unless revealed). */
export function OpsCaseDetail() {
  const { t } = useTranslation();
  return (
    <CasePage
      title={(caseId) => (
        <>
          {t("ops.detailTitle")} · {caseId}
        </>
      )}
      refetchInterval={() => LIVE_SECONDS * 1000}
    >
      {(c) => (
        <div className="detail">
          <CaseFacts view={c} detailed />
          <ItemTable items={c.items} bundleId={c.bundleId} timeline={c.timeline} />
          <ApplicationPanel view={c} />
          <Timeline entries={c.timeline} items={c.items} />
        </div>
      )}
    </CasePage>
  );
}

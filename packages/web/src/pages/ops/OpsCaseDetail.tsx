import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api } from "../../api.ts";
import { CaseFacts } from "../../components/CaseFacts.tsx";
import { ItemTable } from "../../components/ItemTable.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { Timeline } from "../../components/Timeline.tsx";
import { ApplicationPanel } from "./ApplicationPanel.tsx";
import { LIVE_SECONDS } from "./useSummary.ts";

/** One case as an operator sees it: every item, the whole timeline, the application (masked unless revealed). */
export function OpsCaseDetail() {
  const { t } = useTranslation();
  const { caseId = "" } = useParams();
  const view = useQuery({
    queryKey: ["case", caseId],
    queryFn: () => api.caseView(caseId),
    refetchInterval: LIVE_SECONDS * 1000,
  });
  const c = view.data;
  return (
    <section>
      <h1>
        {t("ops.detailTitle")} · {caseId}
      </h1>
      <QueryState loading={view.isPending} error={view.error} />
      {c && (
        <div className="detail">
          <CaseFacts view={c} detailed />
          <ItemTable items={c.items} bundleId={c.bundleId} />
          <ApplicationPanel view={c} />
          <Timeline entries={c.timeline} />
        </div>
      )}
    </section>
  );
}

import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api } from "../../api.ts";
import { useNames } from "../../catalogue.ts";
import { ItemTable } from "../../components/ItemTable.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { CaseStatusBadge } from "../../components/StatusBadge.tsx";
import { Timeline } from "../../components/Timeline.tsx";
import { dateTime } from "../../format.ts";
import type { CaseView } from "../../types.ts";
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
          <CaseFacts view={c} />
          <ItemTable items={c.items} bundleId={c.bundleId} />
          <ApplicationPanel view={c} />
          <Timeline entries={c.timeline} />
        </div>
      )}
    </section>
  );
}

function CaseFacts({ view }: { view: CaseView }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  return (
    <dl className="facts">
      <div>
        <dt>{t("common.bundle")}</dt>
        <dd>
          {names.bundle(view.bundleId)} v{view.bundleVersion}
        </dd>
      </div>
      <div>
        <dt>{t("common.status")}</dt>
        <dd data-testid="case-status">
          <CaseStatusBadge status={view.status} />
        </dd>
      </div>
      <div>
        <dt>{t("ops.channel")}</dt>
        <dd>{view.channel}</dd>
      </div>
      <div>
        <dt>{t("common.submittedAt")}</dt>
        <dd>{dateTime(view.submittedAt, i18n.language)}</dd>
      </div>
      <div>
        <dt>{t("common.updatedAt")}</dt>
        <dd>{dateTime(view.updatedAt, i18n.language)}</dd>
      </div>
    </dl>
  );
}

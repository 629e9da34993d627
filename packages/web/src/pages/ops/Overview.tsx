import { useTranslation } from "react-i18next";
import { QueryState } from "../../components/QueryState.tsx";
import { dateTime } from "../../format.ts";
import { Backlog } from "./Backlog.tsx";
import { BenefitStops } from "./BenefitStops.tsx";
import { CalendarStrip } from "./CalendarStrip.tsx";
import { CaseCounts } from "./CaseCounts.tsx";
import { Compliance } from "./Compliance.tsx";
import { DeadLetters } from "./DeadLetters.tsx";
import { ThroughputChart } from "./ThroughputChart.tsx";
import { LIVE_SECONDS, useSummary } from "./useSummary.ts";

/** The whole platform at a glance: counts, throughput, deadlines, backlogs and dead letters, live. */
export function Overview() {
  const { t, i18n } = useTranslation();
  const summary = useSummary();
  const s = summary.data;
  return (
    <section className="overview">
      <header className="page-head">
        <h1>{t("ops.overviewTitle")}</h1>
        <p className="muted" aria-live="off">
          {t("common.updatedLive", { seconds: LIVE_SECONDS })}
          {s && ` · ${dateTime(s.generatedAt, i18n.language)}`}
        </p>
      </header>
      <QueryState loading={summary.isPending} error={summary.error} />
      {s && <CalendarStrip summary={s} />}
      {s && (
        <div className="grid">
          <CaseCounts counts={s.casesByBundleAndStatus} />
          <ThroughputChart buckets={s.throughput} />
          <Compliance compliance={s.compliance} />
          <Backlog departments={s.departments} />
          <BenefitStops figures={s.benefitStops} />
          <DeadLetters queues={s.deadLetters} />
        </div>
      )}
    </section>
  );
}

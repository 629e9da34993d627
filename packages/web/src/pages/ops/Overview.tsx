import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { PlacePicker } from "../../components/PlacePicker.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { dateTime } from "../../format.ts";
import { localized } from "../../i18n.ts";
import { Backlog } from "./Backlog.tsx";
import { BenefitStops } from "./BenefitStops.tsx";
import { CalendarStrip } from "./CalendarStrip.tsx";
import { CaseCounts } from "./CaseCounts.tsx";
import { Compliance } from "./Compliance.tsx";
import { DeadLetters } from "./DeadLetters.tsx";
import { DeliveryPanel } from "./DeliveryPanel.tsx";
import { NeedsAttention } from "./NeedsAttention.tsx";
import { OffersFunnel } from "./OffersFunnel.tsx";
import { DelegationPanel, PlaceFiguresPanel } from "./PlaceFiguresPanel.tsx";
import { ThroughputChart } from "./ThroughputChart.tsx";
import { LIVE_SECONDS, useSummary } from "./useSummary.ts";

/**
 * The platform at a glance for a place of the signed-in scope (`?place=`, default the scope): counts, the place's
 * children and delegation rates, throughput, deadlines, backlogs and dead letters, live.
 */
export function Overview() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const place = params.get("place") ?? undefined;
  const pick = (code: string) => setParams(code ? { place: code } : {});
  const summary = useSummary(place);
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
      <div className="filters">
        <PlacePicker value={place} onChange={pick} />
        {s && (
          <p className="muted" data-testid="summary-place">
            {t("places.showing", { name: localized(s.place.name, i18n.language) })}
            {s.withheld.length > 0
              ? ` ${t("places.withheld")}`
              : s.platformWide.length > 0 && ` ${t("places.platformWide")}`}
          </p>
        )}
      </div>
      <QueryState loading={summary.isPending} error={summary.error} />
      {s && <NeedsAttention summary={s} />}
      {s && <CalendarStrip summary={s} />}
      {s && (
        <div className="grid">
          <CaseCounts counts={s.casesByBundleAndStatus} />
          <PlaceFiguresPanel summary={s} onPick={pick} />
          <DelegationPanel rates={s.delegation} />
          <OffersFunnel figures={s.offers} place={s.place.code} />
          {s.delivery && <DeliveryPanel figures={s.delivery} />}
          {!s.withheld.includes("throughput") && <ThroughputChart buckets={s.throughput} />}
          {!s.withheld.includes("compliance") && <Compliance compliance={s.compliance} />}
          {!s.withheld.includes("departments") && <Backlog departments={s.departments} />}
          {!s.withheld.includes("benefitStops") && <BenefitStops figures={s.benefitStops} />}
          {!s.withheld.includes("deadLetters") && <DeadLetters queues={s.deadLetters} />}
        </div>
      )}
    </section>
  );
}

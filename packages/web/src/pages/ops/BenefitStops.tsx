import { useTranslation } from "react-i18next";
import { useNames } from "../../catalogue.ts";
import { Section } from "../../components/Section.tsx";
import type { OpsSummary } from "../../types.ts";

/**
 * A death stops every benefit: how long from the death's record to the last stop, what persons recorded dead
 * still hold (must reach 0), and the stops past their deadline by department.
 */
export function BenefitStops({ figures }: { figures: OpsSummary["benefitStops"] }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const en = i18n.language.startsWith("en");
  const byDepartment = (counts: [string, number][]) =>
    counts.map(([d, n]) => `${names.department(d)} ${n}`).join(en ? ", " : "、");
  const { deathToLastStopDays: days, entitlementsOfDead: ofDead, overdueStops } = figures;
  const overdue = Object.entries(overdueStops);
  const held = Object.entries(ofDead.byDepartment);
  return (
    <Section id="benefit-stops" title={t("ops.benefitStops")} className="panel">
      <dl className="figures">
        <dt>{t("ops.deathToLastStop")}</dt>
        <dd data-figure="death-to-last-stop">
          {days.count === 0
            ? t("ops.noneYet")
            : t("ops.daysP50P95", { p50: days.p50 ?? 0, p95: days.p95 ?? 0, count: days.count })}
        </dd>
        <dt>{t("ops.entitlementsOfDead")}</dt>
        <dd data-figure="entitlements-of-dead" className={ofDead.total > 0 ? "alert" : undefined}>
          {ofDead.total}
          {held.length > 0 && (en ? ` (${byDepartment(held)})` : `（${byDepartment(held)}）`)}
        </dd>
        <dt>{t("ops.overdueStops")}</dt>
        <dd data-figure="overdue-stops" className={overdue.length > 0 ? "alert" : undefined}>
          {overdue.length === 0 ? 0 : byDepartment(overdue)}
        </dd>
      </dl>
    </Section>
  );
}

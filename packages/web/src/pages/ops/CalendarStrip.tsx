import { useTranslation } from "react-i18next";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { provisionalYearsAhead } from "../../deadlines.ts";
import type { OpsSummary } from "../../types.ts";
import { useCalendar } from "./useCalendar.ts";

/**
 * One line on the overview when the working-day calendar needs attention: a provisional year among this year and
 * the next (deadlines there are counted by the statutory rule until the notice is loaded), and items held without
 * any deadline. Nothing at all when neither.
 */
export function CalendarStrip({ summary }: { summary: OpsSummary }) {
  const { t } = useTranslation();
  const calendar = useCalendar();
  const years = provisionalYearsAhead(calendar.data, summary.generatedAt);
  const noDeadline = summary.departments.reduce((n, d) => n + (d.noDeadline ?? 0), 0);
  if (!calendar.error && years.length === 0 && noDeadline === 0) return null;
  return (
    <section className="strip" aria-label={t("ops.calendar")}>
      {calendar.error && (
        <ErrorMessage
          error={calendar.error}
          frame={(message) => t("ops.calendarFailed", { message })}
          inline
        />
      )}
      {years.length > 0 && (
        <p>
          {t("ops.calendarProvisional", {
            years: years.map((year) => t("ops.calendarYear", { year })).join(t("ops.calendarYearsJoin")),
          })}
        </p>
      )}
      {noDeadline > 0 && <p className="alert">{t("ops.noDeadline", { count: noDeadline })}</p>}
    </section>
  );
}

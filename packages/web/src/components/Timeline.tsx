import { useTranslation } from "react-i18next";
import { useNames } from "../catalogue.ts";
import { deadlineDetail } from "../deadlines.ts";
import { dateTime } from "../format.ts";
import { offerEntry } from "../offers.ts";
import { registryHandlesText, sourceName, subjectEventText } from "../registry.ts";
import type { TimelineEntry } from "../types.ts";
import { waitEntry } from "../waits.ts";
import { Section } from "./Section.tsx";

const SKIP_DETAIL =
  /^(condition_false|dependency_not_completed|disabled_by_profile|no_elements|registry_handles)(?::\s*(.*))?$/;
const CANCEL_REASONS = ["case_withdrawn", "case_rejected"];
/** Every recorded step of a case, oldest first: kinds and reason codes in the page's language, unknown ones raw. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const reason = (code: string | undefined) => t(`case.skipReason.${code}`);
  /** A skip's or a cancellation's reason code in words; any other detail (free text) as recorded. */
  const detail = (e: TimelineEntry): string | undefined => {
    if (!e.detail) return undefined;
    const skip = e.kind === "item_skipped" ? SKIP_DETAIL.exec(e.detail) : null;
    if (skip) {
      // The family should see which benefits are already being stopped, and by which case, not a bare code.
      if (skip[1] === "registry_handles")
        return registryHandlesText(t, i18n.language, e.detail) ?? reason(skip[1]);
      const text = reason(skip[1]);
      // `condition does not hold` restates the reason; a failed dependency names which one.
      if (skip[1] !== "dependency_not_completed" || !skip[2]) return text;
      return i18n.language.startsWith("en") ? `${text} (${skip[2]})` : `${text}（${skip[2]}）`;
    }
    const wait = waitEntry(e.kind, e.detail);
    const event = (type: string) => t(`offers.event.${type}`, type);
    if (wait && "waiting" in wait)
      return t("offers.wait.waiting", {
        event: event(wait.waiting.event),
        until: dateTime(wait.waiting.until, i18n.language),
      });
    if (wait && "timedOut" in wait)
      return t("offers.wait.timedOut", {
        event: event(wait.timedOut.event),
        until: dateTime(wait.timedOut.until, i18n.language),
      });
    if (wait && "completedBy" in wait) {
      const { event: type, source, eventId } = wait.completedBy;
      return t("offers.wait.completedBy", {
        event: event(type),
        source: sourceName(source, i18n.language),
        id: eventId,
      });
    }
    const offer = offerEntry(e.kind, e.detail);
    if (offer && "made" in offer)
      return t("offers.timeline.made", { bundle: names.bundle(offer.made.bundleId) });
    if (offer && "accepted" in offer) {
      const { offerId, maker } = offer.accepted;
      if (maker.kind === "case") return t("offers.timeline.acceptedVisit", { offerId, caseId: maker.caseId });
      if (maker.kind === "rule") return t("offers.timeline.acceptedRule", { offerId, rule: maker.rule });
      return t("offers.timeline.accepted", { offerId });
    }
    if (e.kind === "subject_event_noted") return subjectEventText(t, i18n.language, e.detail) ?? e.detail;
    if (e.kind === "item_cancelled" && CANCEL_REASONS.includes(e.detail))
      return t(`timeline.cancelReason.${e.detail}`);
    return deadlineDetail(t, i18n.language, e) ?? e.detail;
  };
  return (
    <Section id="timeline" title={t("case.timeline")}>
      <ol className="timeline">
        {entries.map((e) => {
          const text = detail(e);
          return (
            <li key={e.entryId} data-kind={e.kind}>
              <time dateTime={e.at}>{dateTime(e.at, i18n.language)}</time>{" "}
              <strong className="kind">{t(`timeline.kind.${e.kind}`, e.kind)}</strong>
              {e.itemId && <span> · {e.itemId}</span>}
              {e.department && <span> · {names.department(e.department)}</span>}
              {e.attempt !== undefined && <span> · #{e.attempt}</span>}
              {e.queue && <span> · {e.queue}</span>}
              {text && <span className="muted"> — {text}</span>}
              {e.reason !== undefined && <span className="muted"> — {e.reason}</span>}
            </li>
          );
        })}
      </ol>
    </Section>
  );
}

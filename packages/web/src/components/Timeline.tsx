import { useTranslation } from "react-i18next";
import { useNames } from "../catalogue.ts";
import { dateTime } from "../format.ts";
import { useTimelineWords } from "../timeline-words.ts";
import type { ItemView, TimelineEntry } from "../types.ts";
import { Section } from "./Section.tsx";

/**
 * Every recorded step of a case, oldest first, in plain words: Beijing time, what happened, the item by its name and
 * its department, and the detail in the reader's words (`useTimelineWords`). No ids: an attempt after the first is
 * counted in words; a redriven dead letter names its queue (operators only see those entries).
 */
export function Timeline({ entries, items }: { entries: TimelineEntry[]; items: readonly ItemView[] }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const words = useTimelineWords(items);
  return (
    <Section id="timeline" title={t("case.timeline")}>
      <ol className="timeline">
        {entries.map((e) => {
          const text = words.detail(e);
          const item = e.itemId ? words.itemName(e.itemId) : undefined;
          return (
            <li key={e.entryId} data-kind={e.kind}>
              <time dateTime={e.at}>{dateTime(e.at, i18n.language)}</time>{" "}
              <strong className="kind">{t(`timeline.kind.${e.kind}`, t("pages.timeline.other"))}</strong>
              {item && <span> · {item}</span>}
              {e.department && <span> · {names.department(e.department)}</span>}
              {e.attempt !== undefined && e.attempt > 1 && (
                <span> · {t("pages.timeline.attempt", { attempt: e.attempt })}</span>
              )}
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

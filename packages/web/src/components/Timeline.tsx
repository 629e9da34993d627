import { useTranslation } from "react-i18next";
import { useNames } from "../catalogue.ts";
import { dateTime } from "../format.ts";
import type { TimelineEntry } from "../types.ts";

/** Every recorded step of a case, oldest first, as the API gives it. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("case.timeline")}</h2>
      <ol className="timeline">
        {entries.map((e) => (
          <li key={e.entryId} data-kind={e.kind}>
            <time dateTime={e.at}>{dateTime(e.at, i18n.language)}</time> <code>{e.kind}</code>
            {e.itemId && <span> · {e.itemId}</span>}
            {e.department && <span> · {names.department(e.department)}</span>}
            {e.attempt !== undefined && <span> · #{e.attempt}</span>}
            {e.queue && <span> · {e.queue}</span>}
            {e.detail && <span className="muted"> — {e.detail}</span>}
            {"reason" in e && e.reason !== undefined && <span className="muted"> — {String(e.reason)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

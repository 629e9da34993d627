import { useTranslation } from "react-i18next";
import { dateTime } from "../format.ts";

/**
 * A deadline wherever one is shown: its time (Beijing), marked 暂定 / provisional when it was counted by the
 * statutory holiday rule (the year's State Council notice is not loaded yet), or 无期限 / no deadline when no
 * working-day calendar could count it. Each mark explains itself: a tooltip, and the same words for screen readers.
 */
export function DueDate({
  dueAt,
  provisional = false,
  unavailable = false,
}: {
  dueAt: string | undefined;
  provisional?: boolean | undefined;
  unavailable?: boolean | undefined;
}) {
  const { t, i18n } = useTranslation();
  if (!dueAt)
    return unavailable ? <DueMark kind="no-deadline" text={t("due.none")} hint={t("due.noneHint")} /> : "—";
  return (
    <>
      <time dateTime={dueAt}>{dateTime(dueAt, i18n.language)}</time>
      {provisional && (
        <>
          {" "}
          <ProvisionalMark />
        </>
      )}
    </>
  );
}

/** 暂定 / provisional, with what it means. */
export function ProvisionalMark() {
  const { t } = useTranslation();
  return <DueMark kind="provisional" text={t("due.provisional")} hint={t("due.provisionalHint")} />;
}

function DueMark({ kind, text, hint }: { kind: "provisional" | "no-deadline"; text: string; hint: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${kind}`} title={hint} data-due={kind}>
      {text}
      <span className="visually-hidden">{t("due.aside", { hint })}</span>
    </span>
  );
}

/** Below a list of deadlines with a 暂定 among them: what 暂定 means, in full, for every reader. */
export function ProvisionalNote({
  items,
}: {
  items: readonly { dueAt?: string; dueProvisional?: boolean }[];
}) {
  const { t } = useTranslation();
  if (!items.some((i) => i.dueAt && i.dueProvisional)) return null;
  return <p className="note">{t("due.provisionalNote")}</p>;
}

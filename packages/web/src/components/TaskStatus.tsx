import { useTranslation } from "react-i18next";
import { useNames } from "../catalogue.ts";
import { usePlaces } from "../places.ts";
import { taskStatusLines } from "../task-status.ts";
import type { ItemView } from "../types.ts";

/**
 * What the department said of the task before its result (accepted, in progress, by when), where it was
 * transferred and — for operators — the supervising office an overdue task was escalated to. Nothing when none.
 */
export function TaskStatus({ item, withEscalation = false }: { item: ItemView; withEscalation?: boolean }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const places = usePlaces(undefined);
  const lines = taskStatusLines(
    t,
    i18n.language,
    item,
    { place: places.name, department: names.department },
    withEscalation,
  );
  if (lines.length === 0) return null;
  return (
    <p className="muted task-status" data-task-status={item.progress?.status ?? "none"}>
      {lines.join(t("status.join"))}
    </p>
  );
}

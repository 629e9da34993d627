import { useTranslation } from "react-i18next";
import type { ItemView } from "../types.ts";

/** Items that need nothing more: done, not needed, refused or cancelled (a refusal is an answer too). */
const FINISHED: readonly ItemView["status"][] = ["completed", "skipped", "rejected", "cancelled"];

/** How far the case is, counted over its items: finished of all, and where the open ones are. */
export function progressOf(items: readonly ItemView[]) {
  const count = (statuses: readonly ItemView["status"][]) =>
    items.filter((i) => statuses.includes(i.status)).length;
  return {
    done: count(FINISHED),
    total: items.length,
    held: count(["dispatched", "running"]),
    waiting: count(["pending", "waiting"]),
    supplement: count(["awaiting_supplement"]),
  };
}

/** "3 / 24 项已完成", as a progress bar named for screen readers, and what the open items are doing. */
export function CaseProgress({ items }: { items: readonly ItemView[] }) {
  const { t } = useTranslation();
  const p = progressOf(items);
  const text = t("pages.progress.done", { done: p.done, total: p.total });
  return (
    <div className="progress" data-testid="case-progress">
      <p>
        <strong>{t("pages.progress.label")}</strong> <span data-testid="progress-text">{text}</span>
      </p>
      <progress
        max={Math.max(p.total, 1)}
        value={p.done}
        aria-label={`${t("pages.progress.label")}：${text}`}
      />
      {p.done < p.total && <p className="muted">{t("pages.progress.parts", p)}</p>}
    </div>
  );
}

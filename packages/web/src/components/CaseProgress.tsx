import { useTranslation } from "react-i18next";
import { progressOf } from "../plain.ts";
import type { ItemView } from "../types.ts";

/** "3 / 24 项已完成", as a progress bar named for screen readers, and what the open items are doing. */
export function CaseProgress({ items }: { items: readonly ItemView[] }) {
  const { t } = useTranslation();
  const p = progressOf(items);
  const text = t("pages.progress.done", { done: p.done, total: p.total });
  // Where the open items are, naming only the places that hold some.
  const parts = (["held", "waiting", "supplement"] as const)
    .filter((k) => p[k] > 0)
    .map((k) => t(`pages.progress.parts.${k}`, { count: p[k] }));
  return (
    <div className="progress" data-testid="case-progress">
      <p>
        <strong>{t("pages.progress.label")}</strong> <span data-testid="progress-text">{text}</span>
      </p>
      <progress
        max={Math.max(p.total, 1)}
        value={p.done}
        aria-label={t("pages.progress.aria", { label: t("pages.progress.label"), text })}
      />
      {parts.length > 0 && <p className="muted">{parts.join(t("pages.progress.join"))}</p>}
    </div>
  );
}

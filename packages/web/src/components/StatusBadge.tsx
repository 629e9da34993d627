import { useTranslation } from "react-i18next";
import type { CaseStatus, ItemStatus } from "../types.ts";

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`caseStatus.${status}`)}</span>;
}

export function ItemStatusBadge({ status }: { status: ItemStatus }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`itemStatus.${status}`)}</span>;
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return <span className="badge overdue">{t("common.overdue")}</span>;
}

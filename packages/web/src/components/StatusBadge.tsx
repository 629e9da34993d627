import type { ReactNode } from "react";
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

/** A status badge with "overdue" beside it when the case or item is overdue. */
export function StatusWithOverdue({ badge, overdue }: { badge: ReactNode; overdue: boolean | undefined }) {
  return (
    <>
      {badge} {overdue && <OverdueBadge />}
    </>
  );
}

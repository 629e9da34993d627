import { useTranslation } from "react-i18next";
import { useBundle, useNames } from "./catalogue.ts";
import { isCertificate, isDocumentRef } from "./documents.ts";
import { formatDate, formatNumber } from "./format.ts";
import { localized } from "./i18n.ts";
import type { BundleItem, BundleOutput } from "./types.ts";

/** A bundle's items by id (with their declared outputs), read once per bundle. */
export function useBundleItems(bundleId: string): Map<string, BundleItem> {
  const bundle = useBundle(bundleId);
  return new Map((bundle.data?.items ?? []).map((i) => [i.id, i]));
}

/**
 * How an output reads on a page: its localized label (the raw name when the bundle does not declare it) and its
 * value formatted by its declared type (dates, yes/no, numbers; records counted, their rows have their own table).
 */
export function useOutputFormat() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const value = (v: unknown, type?: BundleOutput["type"]): string => {
    if (v === null || v === undefined || v === "") return "—";
    if (Array.isArray(v)) return t("case.records", { count: v.length });
    if (typeof v === "boolean") return v ? t("common.yes") : t("common.no");
    if (typeof v === "number") return formatNumber(v, lang);
    if (typeof v === "string" && type === "date") return formatDate(v, lang);
    if (typeof v === "string" && (type === "integer" || type === "number") && v.trim() !== "") {
      const n = Number(v);
      return Number.isFinite(n) ? formatNumber(n, lang) : v;
    }
    if (isDocumentRef(v)) return t("documents.file");
    if (isCertificate(v)) return t("documents.certificate", { number: v.number, issuer: v.issuer });
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  };
  return {
    label: (name: string, decl?: BundleOutput) => (decl ? localized(decl.label, lang) : name),
    value,
  };
}

/** Known columns of the asset-inquiry report rows (the bundle declares no row fields). */
const REPORT_COLUMNS = ["holder", "amount", "source", "department", "kind", "status", "note"] as const;
type ReportColumn = (typeof REPORT_COLUMNS)[number];
const isReportColumn = (c: string): c is ReportColumn => (REPORT_COLUMNS as readonly string[]).includes(c);

/** Column headers and cells of a report table: localized headers, department and item names, statuses. */
export function useReportFormat(bundleItems: Map<string, BundleItem>) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const format = useOutputFormat();
  return {
    header: (column: string) => (isReportColumn(column) ? t(`case.reportColumns.${column}`) : column),
    cell: (column: string, v: unknown): string => {
      if (typeof v === "string") {
        if (column === "department") return names.department(v);
        if (column === "source") {
          const item = bundleItems.get(v);
          return item ? localized(item.name, i18n.language) : v;
        }
        if (column === "status") return t(`itemStatus.${v}`, v);
        if (column === "note") return t(`case.skipReason.${v}`, v);
      }
      return format.value(v);
    },
  };
}

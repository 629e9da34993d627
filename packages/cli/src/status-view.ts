import type { CaseView } from "@onething/contracts";
import type { Catalogue } from "@onething/domain";
import { formatDue, formatRecord, formatTime, renderTable, truncate } from "./format.ts";
import { registryHandled, skipDetailOf, timelineWords } from "./registry-words.ts";

export type Lang = "zh" | "en" | "both";

const ITEM_STATUS: Record<string, { zh: string; en: string }> = {
  pending: { zh: "待办", en: "pending" },
  running: { zh: "分项办理中", en: "running (per element)" },
  dispatched: { zh: "办理中", en: "dispatched" },
  awaiting_supplement: { zh: "待补正", en: "awaiting supplement" },
  waiting: { zh: "等待部门信息", en: "waiting for an event" },
  completed: { zh: "已办结", en: "completed" },
  rejected: { zh: "不予办理", en: "rejected" },
  skipped: { zh: "不适用", en: "skipped" },
  cancelled: { zh: "已撤销", en: "cancelled" },
};

const CASE_STATUS: Record<string, { zh: string; en: string }> = {
  in_progress: { zh: "办理中", en: "in progress" },
  awaiting_applicant: { zh: "待申请人补正", en: "awaiting the applicant" },
  completed: { zh: "已办结", en: "completed" },
  completed_with_exceptions: { zh: "部分办结", en: "completed with exceptions" },
  rejected: { zh: "不予办理", en: "rejected" },
  withdrawn: { zh: "已撤回", en: "withdrawn" },
};

const SKIP_REASON: Record<string, { zh: string; en: string }> = {
  condition_false: { zh: "条件不满足", en: "does not apply" },
  dependency_not_completed: { zh: "前置事项未办结", en: "a prerequisite did not complete" },
  disabled_by_profile: { zh: "本地未开通", en: "switched off here" },
  no_elements: { zh: "清单为空", en: "the list is empty" },
  registry_handles: { zh: "由待遇停发案件办理", en: "handled by the benefit-stop case" },
};

function label(map: Record<string, { zh: string; en: string }>, key: string, lang: Lang): string {
  const entry = map[key];
  if (!entry) return key;
  if (lang === "zh") return entry.zh;
  if (lang === "en") return entry.en;
  return `${entry.en} ${entry.zh}`;
}

export function caseStatusLabel(status: string, lang: Lang): string {
  const entry = CASE_STATUS[status];
  if (!entry) return status;
  return lang === "zh" ? entry.zh : lang === "en" ? entry.en : `${status} ${entry.zh}`;
}

type ItemView = CaseView["items"][number];

function resultOf(view: CaseView, item: ItemView, lang: Lang, catalogue: Catalogue | undefined): string {
  switch (item.status) {
    case "completed":
      return formatRecord(item.outputs ?? {});
    case "rejected":
    case "cancelled":
      return item.reason ?? "";
    case "awaiting_supplement": {
      const asks = (item.requested ?? []).map((r) => `${r.field} (${r.description})`).join("; ");
      const prefix = lang === "zh" ? "需补正" : "asks";
      return [item.reason, asks ? `${prefix}: ${asks}` : ""].filter(Boolean).join(" — ");
    }
    case "skipped": {
      if (!item.skipReason) return "";
      const handled =
        item.skipReason === "registry_handles"
          ? registryHandled(skipDetailOf(view, item.itemId), lang, catalogue)
          : undefined;
      return handled ?? label(SKIP_REASON, item.skipReason, lang === "both" ? "en" : lang);
    }
    default:
      return "";
  }
}

function itemName(item: ItemView, lang: Lang): string {
  if (lang === "zh") return item.name.zh;
  if (lang === "en") return item.name.en;
  return `${item.name.zh} ${truncate(item.name.en, 26)}`;
}

function departmentName(id: string, catalogue: Catalogue | undefined, lang: Lang): string {
  const name = catalogue?.departments.get(id)?.name;
  if (!name || lang === "both") return id;
  return lang === "zh" ? name.zh : truncate(name.en, 32);
}

function statusCell(item: ItemView, lang: Lang): string {
  const text = label(ITEM_STATUS, item.status, lang);
  if (!item.overdue) return text;
  return lang === "zh" ? `${text}（已超期）` : `${text} (overdue)`;
}

const HEADERS: Record<"zh" | "en", string[]> = {
  zh: ["事项", "部门", "承办地", "状态", "次数", "办结时限", "结果/原因"],
  en: ["item", "department", "office", "status", "attempt", "due (Beijing)", "result / reason"],
};

/** A jurisdiction by its name in the tree (the code where the catalogue does not know it). */
function placeName(code: string | undefined, catalogue: Catalogue | undefined, lang: Lang): string {
  if (code === undefined) return "";
  const name = catalogue?.places.find(code)?.name;
  if (!name) return code;
  return lang === "en" ? name.en : name.zh;
}

/** Where an item went: its office's place, and for a hand-off the place the exchange desk stands for. */
function officeCell(item: ItemView, catalogue: Catalogue | undefined, lang: Lang): string {
  const office = item.office;
  if (!office) return "";
  const at = placeName(office.jurisdiction, catalogue, lang);
  return office.handoff ? `${at} → ${placeName(office.handoff.place, catalogue, lang)}` : at;
}

/** The per-item table of `onething status`: item, department, office, status, attempt, due date, result or reason. */
export function renderItemTable(view: CaseView, options: { lang: Lang; catalogue?: Catalogue }): string {
  const { lang, catalogue } = options;
  const headers = HEADERS[lang === "zh" ? "zh" : "en"];
  const columns = [
    { header: headers[0] ?? "", max: lang === "both" ? 44 : 32 },
    { header: headers[1] ?? "", max: 32 },
    { header: headers[2] ?? "", max: 24 },
    { header: headers[3] ?? "" },
    { header: headers[4] ?? "" },
    { header: headers[5] ?? "" },
    { header: headers[6] ?? "", max: 70 },
  ];
  const rows = view.items.map((item) => [
    itemName(item, lang),
    departmentName(item.department, catalogue, lang),
    officeCell(item, catalogue, lang),
    statusCell(item, lang),
    item.attempt > 0 ? String(item.attempt) : "",
    item.dueUnavailable
      ? lang === "zh"
        ? "无期限"
        : "no deadline"
      : `${formatDue(item.dueAt)}${item.dueProvisional ? (lang === "en" ? " (provisional)" : " 暂定") : ""}`,
    resultOf(view, item, lang, catalogue),
  ]);
  return renderTable(columns, rows);
}

/** Items per status, in the order of the lifecycle: `3 completed, 2 dispatched, 7 skipped`. */
export function itemCounts(view: CaseView, lang: Lang): string {
  const counts = new Map<string, number>();
  for (const item of view.items) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
  return Object.keys(ITEM_STATUS)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${label(ITEM_STATUS, s, lang === "zh" ? "zh" : "en")}`)
    .join(", ");
}

export function renderTimeline(
  view: CaseView,
  tail: number,
  options: { lang: Lang; catalogue?: Catalogue | undefined } = { lang: "both" },
): string {
  const entries = view.timeline.slice(-tail);
  return renderTable(
    [{ header: "at (Beijing)" }, { header: "event" }, { header: "item" }, { header: "detail", max: 70 }],
    entries.map((e) => {
      const words = timelineWords(e, options.lang, options.catalogue);
      return [
        formatTime(e.at),
        words.kind,
        [e.itemId, e.attempt && e.attempt > 1 ? `#${e.attempt}` : ""].filter(Boolean).join(" "),
        words.detail,
      ];
    }),
  );
}

/** Everything `onething status` prints for one case. */
export function renderCaseStatus(
  view: CaseView,
  options: { lang: Lang; catalogue?: Catalogue; timelineTail: number },
): string {
  const bundle = options.catalogue?.has(view.bundleId)
    ? options.catalogue.bundle(view.bundleId, view.bundleVersion)
    : undefined;
  const bundleName = bundle
    ? options.lang === "zh"
      ? bundle.name.zh
      : options.lang === "en"
        ? bundle.name.en
        : `${bundle.name.zh} ${bundle.name.en}`
    : view.bundleId;
  const lines = [
    `Case ${view.caseId} · ${bundleName} (${view.bundleId} v${view.bundleVersion})`,
    `Status: ${caseStatusLabel(view.status, options.lang)} · channel ${view.channel} · submitted ${formatTime(view.submittedAt)}` +
      (view.closedAt ? ` · closed ${formatTime(view.closedAt)}` : ` · updated ${formatTime(view.updatedAt)}`),
    ...(view.place
      ? [
          `Place: ${placeName(view.place.code, options.catalogue, options.lang)} (${view.place.code})` +
            (view.receivingOffice
              ? ` · received at ${placeName(view.receivingOffice.jurisdiction, options.catalogue, options.lang)} (${view.receivingOffice.jurisdiction})`
              : ""),
        ]
      : []),
    `Items: ${itemCounts(view, options.lang)}`,
    "",
    renderItemTable(view, options),
  ];
  if (options.timelineTail > 0 && view.timeline.length > 0) {
    const shown = Math.min(options.timelineTail, view.timeline.length);
    lines.push(
      "",
      `Timeline (last ${shown} of ${view.timeline.length}):`,
      renderTimeline(view, options.timelineTail, options),
    );
  }
  return lines.join("\n");
}

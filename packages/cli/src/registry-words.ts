import type { CaseView } from "@onething/contracts";
import type { Catalogue } from "@onething/domain";
import type { Lang } from "./status-view.ts";

type Words = { zh: string; en: string };
type TimelineEntry = CaseView["timeline"][number];

const STATUS: Record<string, Words> = {
  active: { zh: "在享", en: "active" },
  stopping: { zh: "停发中", en: "stopping" },
  ended: { zh: "已停发", en: "stopped" },
};

const EVENT_TYPE: Record<string, Words> = {
  PersonDied: { zh: "死亡登记", en: "death recorded" },
  ChildBorn: { zh: "出生登记", en: "birth recorded" },
  HouseholdRegistrationCancelled: { zh: "户籍注销", en: "household registration cancelled" },
  EntitlementGranted: { zh: "待遇登记", en: "benefit granted" },
  EntitlementEnded: { zh: "待遇终止", en: "benefit ended" },
};

/** `both` reads as English with ids, the way the rest of the status view does. */
const pick = (words: Words | undefined, fallback: string, lang: Lang) =>
  words ? (lang === "zh" ? words.zh : words.en) : fallback;

const named = (name: Words | undefined, id: string, lang: Lang) =>
  lang === "both" || !name ? id : name[lang];

/** The detail of the item's latest `item_skipped` entry (the engine's reason and what it names). */
export function skipDetailOf(view: CaseView, itemId: string): string | undefined {
  return view.timeline.findLast((e) => e.kind === "item_skipped" && e.itemId === itemId)?.detail;
}

/**
 * A `registry_handles: pension stopping in OT-…, dibao active` detail in words: which benefit-stop case stops
 * which benefits (by their catalogue names), or that the registry's benefit-stop case will; undefined for another.
 * Short, since the status table's result column is 70 wide: the status column already says skipped.
 */
export function registryHandled(
  detail: string | undefined,
  lang: Lang,
  catalogue: Catalogue | undefined,
): string | undefined {
  const listed = /^registry_handles:\s*(.+)$/.exec(detail ?? "")?.[1];
  if (!listed) return undefined;
  const byCase = new Map<string, string[]>();
  for (const part of listed.split(/,\s*/)) {
    const m = /^([\w-]+) (\w+)(?: in (\S+))?$/.exec(part.trim());
    if (!m?.[1] || !m[2]) continue;
    const benefit = named(catalogue?.benefits.get(m[1])?.name, m[1], lang);
    const status = pick(STATUS[m[2]], m[2], lang);
    byCase.set(m[3] ?? "", [
      ...(byCase.get(m[3] ?? "") ?? []),
      lang === "zh" ? `${benefit}（${status}）` : `${benefit} (${status})`,
    ]);
  }
  if (byCase.size === 0) return undefined;
  return [...byCase]
    .map(([caseId, benefits]) => {
      if (lang === "zh")
        return caseId
          ? `由待遇停发案件 ${caseId} 办理：${benefits.join("、")}`
          : `由主体库的待遇停发案件办理：${benefits.join("、")}`;
      return caseId
        ? `benefit-stop case ${caseId}: ${benefits.join(", ")}`
        : `the registry's benefit-stop case: ${benefits.join(", ")}`;
    })
    .join(lang === "zh" ? "；" : "; ");
}

/** A `subject_event_noted` detail (`<note> (<EventType> from <source>, <sourceEventId>)`) in words. */
export function subjectEventNoted(
  detail: string | undefined,
  lang: Lang,
  catalogue: Catalogue | undefined,
): string | undefined {
  const m = /^(.*) \((\w+) from ([\w-]+), (.+)\)$/.exec(detail ?? "");
  if (!m?.[1] || !m[2] || !m[3] || !m[4]) return undefined;
  const note = catalogue?.rules
    .flatMap((r) => r.actions.map((a) => ("note" in a ? a.note : undefined)))
    .find((n) => n?.zh === m[1]);
  const text = lang === "en" && note ? note.en : m[1];
  const source = named(catalogue?.sources.get(m[3])?.name, m[3], lang);
  const event = pick(EVENT_TYPE[m[2]], m[2], lang);
  return lang === "zh"
    ? `${text}（${source} · ${event} · ${m[4]}）`
    : `${text} (${source} · ${event} · ${m[4]})`;
}

const KIND: Record<string, Words> = {
  subject_event_noted: { zh: "收到部门系统通报", en: "noted from a source" },
};

/** A timeline entry's event and detail columns: what the registry handles and events noted in words. */
export function timelineWords(
  e: TimelineEntry,
  lang: Lang,
  catalogue: Catalogue | undefined,
): { kind: string; detail: string } {
  const kind = KIND[e.kind]
    ? `${e.kind} ${pick(KIND[e.kind], e.kind, lang === "both" ? "zh" : lang)}`
    : e.kind;
  const detail =
    (e.kind === "item_skipped" ? registryHandled(e.detail, lang, catalogue) : undefined) ??
    (e.kind === "subject_event_noted" ? subjectEventNoted(e.detail, lang, catalogue) : undefined) ??
    e.detail ??
    "";
  return { kind, detail };
}

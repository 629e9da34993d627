/// <reference types="vite/client" />
// The root type-check reaches this module through the pages' unit tests, which lack the pages' vite types.
/**
 * The subject registry's words on the pages: a stop item the registry handles (`registry_handles: pension stopping
 * in OT-…`) and a source system's event noted on a case (`subject_event_noted`), from the engine's recorded detail
 * and the seeds' names of benefits, sources and rule notes (plain JSON, bundled as data).
 */
import type { Translate } from "./errors.ts";
import type { LocalizedText, TimelineEntry } from "./types.ts";

interface Named {
  id: string;
  name: LocalizedText;
}
interface RuleFile {
  actions: { note?: LocalizedText }[];
}

/** i18n.ts's `localized`, without its side effects (it starts i18next), so this module loads in a unit test. */
const localized = (text: LocalizedText, lang: string) => (lang.startsWith("en") ? text.en : text.zh);
const firstOf = <T>(files: Record<string, T>): T | undefined => Object.values(files)[0];
const benefitsFile = firstOf(
  import.meta.glob<{ benefits: Named[] }>("../../../seeds/benefits.json", { eager: true, import: "default" }),
);
const sourcesFile = firstOf(
  import.meta.glob<{ sources: Named[] }>("../../../seeds/sources.json", { eager: true, import: "default" }),
);
const ruleFiles = import.meta.glob<RuleFile>("../../../seeds/rules/*.json", {
  eager: true,
  import: "default",
});

const BENEFITS = new Map((benefitsFile?.benefits ?? []).map((b) => [b.id, b.name]));
const SOURCES = new Map((sourcesFile?.sources ?? []).map((s) => [s.id, s.name]));
/** A rule's note by its Chinese text: the engine records the zh note; an English page shows the rule's en. */
const NOTES = new Map(
  Object.values(ruleFiles)
    .flatMap((r) => r.actions.map((a) => a.note))
    .filter((n): n is LocalizedText => !!n)
    .map((n) => [n.zh, n]),
);

export interface HandledBenefit {
  benefit: string;
  /** The registry's status of the entitlement: `active`, `stopping`, `ended`. */
  status: string;
  stopCaseId?: string;
}

const HANDLED = /^([\w-]+) (\w+)(?: in (\S+))?$/;

/** The benefits of a `registry_handles` skip detail (`pension stopping in OT-…, dibao active`); none if not one. */
export function handledBenefits(detail: string | undefined): HandledBenefit[] {
  const m = /^registry_handles:\s*(.*)$/.exec(detail ?? "");
  if (!m?.[1]) return [];
  return m[1].split(/,\s*/).flatMap((part) => {
    const p = HANDLED.exec(part.trim());
    if (!p?.[1] || !p[2]) return [];
    return [{ benefit: p[1], status: p[2], ...(p[3] ? { stopCaseId: p[3] } : {}) }];
  });
}

export const benefitName = (id: string, lang: string): string => {
  const name = BENEFITS.get(id);
  return name ? localized(name, lang) : id;
};

export const sourceName = (id: string, lang: string): string => {
  const name = SOURCES.get(id);
  return name ? localized(name, lang) : id;
};

/**
 * A registry-handled stop in a sentence: which benefit-stop case stops which benefits (the case named where the
 * registry has one), or that the registry's benefit-stop case will; undefined when the detail names no benefit.
 */
export function registryHandlesText(
  t: Translate,
  lang: string,
  detail: string | undefined,
): string | undefined {
  const handled = handledBenefits(detail);
  if (handled.length === 0) return undefined;
  const en = lang.startsWith("en");
  const byCase = new Map<string, HandledBenefit[]>();
  for (const h of handled) byCase.set(h.stopCaseId ?? "", [...(byCase.get(h.stopCaseId ?? "") ?? []), h]);
  return [...byCase]
    .map(([caseId, list]) => {
      const benefits = list
        .map((h) => {
          const status = t(`registry.status.${h.status}`, h.status);
          return en
            ? `${benefitName(h.benefit, lang)} (${status})`
            : `${benefitName(h.benefit, lang)}（${status}）`;
        })
        .join(en ? ", " : "、");
      return caseId
        ? t("registry.handledIn", { caseId, benefits })
        : t("registry.handledByRegistry", { benefits });
    })
    .join(en ? "; " : "；");
}

const NOTED = /^(.*) \((\w+) from ([\w-]+), (.+)\)$/;

/** A `subject_event_noted` detail (`<zh note> (<EventType> from <source>, <sourceEventId>)`) in the page's words. */
export function subjectEventText(t: Translate, lang: string, detail: string | undefined): string | undefined {
  const m = NOTED.exec(detail ?? "");
  if (!m?.[1] || !m[2] || !m[3] || !m[4]) return undefined;
  const note = NOTES.get(m[1]);
  return t("registry.noted", {
    note: note ? localized(note, lang) : m[1],
    event: t(`registry.eventType.${m[2]}`, m[2]),
    source: sourceName(m[3], lang),
    id: m[4],
  });
}

/** The detail of the item's latest `item_skipped` entry: the engine's words for why (e.g. what the registry handles). */
export function skipDetailOf(timeline: TimelineEntry[], itemId: string): string | undefined {
  return timeline.findLast((e) => e.kind === "item_skipped" && e.itemId === itemId)?.detail;
}

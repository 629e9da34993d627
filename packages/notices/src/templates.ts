/**
 * Notice templates are data (`seeds/notices/templates.v1.json`): per notification kind, zh and en, each saying what
 * happened (`what`), what to do next (`next`) and by when (`by` when the notice knows a date, `byOpen` when not), with
 * optional per-bundle overrides. `parseTemplates` validates them like the catalogue validates bundles; `renderNotice`
 * fills the placeholders. Pure.
 */
import { chinaDate, NOTICE_KIND_NAMES } from "@onething/domain";
import { z } from "zod";

/** Every kind a notice can be of: the engine's `NotificationKind`s and an offer (免申即享) made to a person. */
export const NOTICE_KINDS = NOTICE_KIND_NAMES;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The placeholders a template may use; a notice fills those it knows. */
export const PLACEHOLDERS = ["bundle", "item", "caseId", "detail", "dueDate", "status"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const Text = z
  .string()
  .min(4)
  .max(200)
  .superRefine((text, ctx) => {
    for (const [, name] of text.matchAll(/\{([^}]*)\}/g)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name ?? ""))
        ctx.addIssue({ code: "custom", message: `unknown placeholder {${name}}` });
    }
  });
const Parts = z.strictObject({ what: Text, next: Text, by: Text, byOpen: Text }).superRefine((p, ctx) => {
  if (p.byOpen.includes("{dueDate}"))
    ctx.addIssue({ code: "custom", path: ["byOpen"], message: "byOpen is for notices without a date" });
});
const TemplateSchema = z.strictObject({
  kind: z.enum(NOTICE_KINDS),
  /** A bundle's own wording of the kind; without it, the template is the kind's default. */
  bundle: z.string().min(1).optional(),
  zh: Parts,
  en: Parts,
});
export type NoticeTemplate = z.infer<typeof TemplateSchema>;
const TemplatesSchema = z.strictObject({
  version: z.number().int().positive(),
  templates: z.array(TemplateSchema),
});

export class InvalidTemplatesError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`notice templates are invalid: ${problems.join("; ")}`);
    this.name = new.target.name;
    this.problems = problems;
  }
}

/** The templates, by `<kind>` and `<kind>#<bundle>`. */
export interface NoticeTemplates {
  readonly version: number;
  readonly byKey: ReadonlyMap<string, NoticeTemplate>;
}

/**
 * Parses and cross-checks the templates: each kind has a default, no kind/bundle pair twice, and overrides only of
 * bundles the catalogue knows (when `bundleIds` is given).
 */
export function parseTemplates(data: unknown, bundleIds?: readonly string[]): NoticeTemplates {
  const parsed = TemplatesSchema.safeParse(data);
  if (!parsed.success)
    throw new InvalidTemplatesError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const problems: string[] = [];
  const byKey = new Map<string, NoticeTemplate>();
  for (const t of parsed.data.templates) {
    const key = t.bundle ? `${t.kind}#${t.bundle}` : t.kind;
    if (byKey.has(key)) problems.push(`template ${key} is given twice`);
    if (t.bundle && bundleIds && !bundleIds.includes(t.bundle))
      problems.push(`template ${key}: unknown bundle`);
    byKey.set(key, t);
  }
  for (const kind of NOTICE_KINDS) if (!byKey.has(kind)) problems.push(`no template for ${kind}`);
  if (problems.length > 0) throw new InvalidTemplatesError(problems);
  return { version: parsed.data.version, byKey };
}

export type Lang = "zh" | "en";
export type Localized = { zh: string; en: string };

/** What a notice knows to fill its template with (names in both languages). */
export interface NoticeParams {
  bundle?: Localized;
  item?: Localized;
  caseId?: string;
  detail?: string;
  /** ISO time; shown as the Beijing date. */
  dueAt?: string;
  status?: string;
}

export interface RenderedNotice {
  templateId: string;
  what: string;
  next: string;
  by: string;
}

const STATUS_WORDS: Record<string, Localized> = {
  completed: { zh: "全部办结", en: "all done" },
  completed_with_exceptions: { zh: "部分事项未办理", en: "done, with exceptions" },
  rejected: { zh: "未予办理", en: "refused" },
  withdrawn: { zh: "已撤回", en: "withdrawn" },
};

/** A date in Beijing time, as a person reads it: 2026年12月7日 / 7 Dec 2026. */
export function beijingDate(iso: string, lang: Lang): string {
  const [y, m, day] = chinaDate(new Date(iso)).split("-").map(Number) as [number, number, number];
  if (lang === "zh") return `${y}年${m}月${day}日`;
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1];
  return `${day} ${month} ${y}`;
}

/** Renders one notice: the bundle's own template of the kind if there is one, else the kind's. */
export function renderNotice(
  templates: NoticeTemplates,
  kind: NoticeKind,
  bundleId: string | undefined,
  params: NoticeParams,
  lang: Lang,
): RenderedNotice {
  const own = bundleId ? templates.byKey.get(`${kind}#${bundleId}`) : undefined;
  const template = own ?? templates.byKey.get(kind);
  if (!template) throw new InvalidTemplatesError([`no template for ${kind}`]);
  const values: Record<Placeholder, string> = {
    bundle: params.bundle?.[lang] ?? "",
    item: params.item?.[lang] ?? "",
    caseId: params.caseId ?? "",
    detail: detailIn(params.detail, lang),
    dueDate: params.dueAt ? beijingDate(params.dueAt, lang) : "",
    status: params.status ? (STATUS_WORDS[params.status]?.[lang] ?? params.status) : "",
  };
  const fill = (text: string) =>
    text.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => values[name as Placeholder] ?? "").trim();
  const parts = template[lang];
  return {
    templateId: own ? `${kind}#${bundleId}` : kind,
    what: fill(parts.what),
    next: fill(parts.next),
    by: fill(params.dueAt ? parts.by : parts.byOpen),
  };
}

/** A department's reason or an event's note is one language's free text: Chinese text never goes into English. */
function detailIn(detail: string | undefined, lang: Lang): string {
  if (!detail) return "";
  return lang === "en" && /[\u3400-\u9fff\uf900-\ufaff]/.test(detail)
    ? "(the details are given in Chinese)"
    : detail;
}

/** The text of a notice in one message (the SMS body, the push alert). */
export const noticeText = (r: RenderedNotice, lang: Lang): string =>
  lang === "zh" ? `【一件事联办】${r.what}${r.next}${r.by}` : `[OneThing] ${r.what} ${r.next} ${r.by}`;

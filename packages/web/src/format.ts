/** Instants are shown in Beijing time, the time the working-day calendar and the deadlines are in. */
const ZONE = "Asia/Shanghai";

export function dateTime(iso: string | undefined, lang: string): string {
  if (!iso) return "—";
  const date = new Date(iso);
  // Not an instant (free text where one was expected): shown as it is rather than failing the page.
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang.startsWith("en") ? "en-GB" : "zh-CN", {
    timeZone: ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

export function clock(iso: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, hour: "2-digit", minute: "2-digit" }).format(
    new Date(iso),
  );
}

export function duration(seconds: number | undefined, lang: string): string {
  if (seconds === undefined) return "—";
  const zh = !lang.startsWith("en");
  if (seconds < 60) return zh ? `${Math.round(seconds)} 秒` : `${Math.round(seconds)} s`;
  if (seconds < 3600) return zh ? `${Math.round(seconds / 60)} 分钟` : `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400)
    return zh ? `${(seconds / 3600).toFixed(1)} 小时` : `${(seconds / 3600).toFixed(1)} h`;
  return zh ? `${(seconds / 86_400).toFixed(1)} 天` : `${(seconds / 86_400).toFixed(1)} d`;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? "—" : `${Math.round((100 * part) / whole)}%`;
}

/** Any output value as text: records (report rows) are shown by their own table, not here. */
export function outputValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const locale = (lang: string) => (lang.startsWith("en") ? "en-GB" : "zh-CN");

/** A calendar date (`YYYY-MM-DD`, or an instant) in the page's locale style; anything else as it is. */
export function formatDate(value: string, lang: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: day ? "UTC" : "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}

export function formatNumber(value: number, lang: string): string {
  return new Intl.NumberFormat(locale(lang)).format(value);
}

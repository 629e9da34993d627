import { CHINA_OFFSET_MS, chinaDate } from "@onething/domain";

/**
 * Beijing wall-clock time of an instant, `yyyy-mm-dd hh:mm:ss`: the day is the domain's `chinaDate` (the
 * working-day calendar's day boundary), the time of day the same UTC+8 offset. The one Beijing clock of the
 * tooling: the local runtime's banner and status line and every time the CLI prints.
 *
 * @example beijingTime(new Date("2026-03-02T02:04:05Z")) // "2026-03-02 10:04:05"
 */
export function beijingTime(at: Date): string {
  const clock = new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(11, 19);
  return `${chinaDate(at)} ${clock}`;
}

/**
 * An instant as ISO 8601 at Beijing's offset, `yyyy-mm-ddThh:mm:ss.sss+08:00`: its date part is the Beijing day,
 * which is what a data event's dates (`diedOn`, a birth date) are checked against.
 *
 * @example beijingIso(new Date("2026-03-01T17:30:00Z")) // "2026-03-02T01:30:00.000+08:00"
 */
export function beijingIso(at: Date): string {
  const clock = new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(11, 23);
  return `${chinaDate(at)}T${clock}+08:00`;
}

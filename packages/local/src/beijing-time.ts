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

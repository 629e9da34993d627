import { LunarDay, type SolarDay, SolarTerm } from "tyme4ts";
import type { LocalizedText } from "../bundle/schema.ts";
import { isWeekend, nextDate } from "./dates.ts";

/**
 * The statutory public holidays of 《全国年节及纪念日放假办法》 as amended in 2024 (in force from 1 January 2025),
 * the holidays of all citizens only: 元旦 1 day, 春节 4 days (除夕 and 正月初一–初三), 清明节 1 day, 劳动节 2 days,
 * 端午节 1 day, 中秋节 1 day, 国庆节 3 days. Lunar dates and the 清明 solar term come from tyme4ts (寿星万年历
 * algorithms), never from a table typed by hand.
 */
export const STATUTORY_RULE_SOURCE = "《全国年节及纪念日放假办法》(2024年修订, 2025-01-01施行)";
/** The first year the amended regulation governs; years before it are not derived. */
export const FIRST_STATUTORY_YEAR = 2025;
/** tyme4ts computes lunar years 1–9999; 春节 of 9999 is still inside, 10000 is not. */
export const LAST_STATUTORY_YEAR = 9999;

export interface StatutoryHoliday {
  name: LocalizedText;
  /** The statutory days off, YYYY-MM-DD in Beijing. */
  days: string[];
  /** Days made up (补假) on working days for statutory days that fell on a weekend or on another holiday. */
  inLieu: string[];
}

const iso = (d: SolarDay) =>
  `${String(d.getYear()).padStart(4, "0")}-${String(d.getMonth()).padStart(2, "0")}-${String(d.getDay()).padStart(2, "0")}`;

const run = (first: string, count: number): string[] => {
  const days = [first];
  while (days.length < count) days.push(nextDate(days.at(-1) as string));
  return days;
};

/** The statutory days of `year`, before 补假, in date order. */
function statutoryDays(year: number): { name: LocalizedText; days: string[] }[] {
  const newYear = LunarDay.fromYmd(year, 1, 1).getSolarDay();
  return [
    { name: { zh: "元旦", en: "New Year's Day" }, days: [`${year}-01-01`] },
    { name: { zh: "春节", en: "Spring Festival" }, days: run(iso(newYear.next(-1)), 4) },
    {
      name: { zh: "清明节", en: "Qingming Festival" },
      days: [iso(SolarTerm.fromName(year, "清明").getSolarDay())],
    },
    { name: { zh: "劳动节", en: "Labour Day" }, days: [`${year}-05-01`, `${year}-05-02`] },
    {
      name: { zh: "端午节", en: "Dragon Boat Festival" },
      days: [iso(LunarDay.fromYmd(year, 5, 5).getSolarDay())],
    },
    {
      name: { zh: "中秋节", en: "Mid-Autumn Festival" },
      days: [iso(LunarDay.fromYmd(year, 8, 15).getSolarDay())],
    },
    { name: { zh: "国庆节", en: "National Day" }, days: run(`${year}-10-01`, 3) },
  ];
}

/**
 * The statutory holidays of a year with 补假: the regulation's rule that a holiday of all citizens falling on a
 * Saturday or Sunday is made up on the following working day(s). A statutory day shared by two holidays (中秋 on
 * 1 October, as in 2020 and 2028) is owed once more as well, as the State Council's notices have always granted it.
 * No 调休 (weekend days worked in exchange) can be predicted, so none are invented. Throws RangeError outside
 * FIRST_STATUTORY_YEAR..LAST_STATUTORY_YEAR.
 * @example statutoryHolidays(2027)[1] // 春节: days 2027-02-05…02-08, inLieu 2027-02-09, 2027-02-10
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_STATUTORY_YEAR || year > LAST_STATUTORY_YEAR) {
    throw new RangeError(`no statutory holiday rule for ${year}`);
  }
  const base = statutoryDays(year).sort((a, b) => (a.days[0] as string).localeCompare(b.days[0] as string));
  const taken = new Set<string>();
  const holidays: StatutoryHoliday[] = [];
  for (const holiday of base) {
    let owed = 0;
    for (const day of holiday.days) {
      if (isWeekend(day) || taken.has(day)) owed++;
      taken.add(day);
    }
    const inLieu: string[] = [];
    let day = holiday.days.at(-1) as string;
    while (owed > 0) {
      day = nextDate(day);
      if (isWeekend(day) || taken.has(day) || base.some((h) => h.days.includes(day))) continue;
      inLieu.push(day);
      taken.add(day);
      owed--;
    }
    holidays.push({ name: holiday.name, days: holiday.days, inLieu });
  }
  return holidays;
}

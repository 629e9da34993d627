import { FIRST_STATUTORY_YEAR, statutoryHolidays } from "@onething/domain";
import { SolarDay } from "tyme4ts";
import { describe, expect, it } from "vitest";

const byName = (year: number) =>
  Object.fromEntries(statutoryHolidays(year).map((h) => [h.name.zh, { days: h.days, inLieu: h.inLieu }]));

describe("the statutory rule (《全国年节及纪念日放假办法》, 2024)", () => {
  it("derives 2027: the seven holidays, with 补假 for the days that fall on a weekend", () => {
    expect(byName(2027)).toEqual({
      元旦: { days: ["2027-01-01"], inLieu: [] },
      // 除夕 Friday 5 February, 正月初一 Saturday 6 February: Saturday and Sunday made up on Tuesday and Wednesday.
      春节: {
        days: ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"],
        inLieu: ["2027-02-09", "2027-02-10"],
      },
      清明节: { days: ["2027-04-05"], inLieu: [] },
      // 1–2 May 2027 are a Saturday and a Sunday.
      劳动节: { days: ["2027-05-01", "2027-05-02"], inLieu: ["2027-05-03", "2027-05-04"] },
      端午节: { days: ["2027-06-09"], inLieu: [] },
      中秋节: { days: ["2027-09-15"], inLieu: [] },
      // 1 October 2027 is a Friday: Saturday and Sunday made up on Monday and Tuesday.
      国庆节: { days: ["2027-10-01", "2027-10-02", "2027-10-03"], inLieu: ["2027-10-04", "2027-10-05"] },
    });
  });

  it("owes a day for a statutory day two holidays share (中秋 on 3 October 2028) and for a weekend 元旦", () => {
    expect(byName(2028).元旦).toEqual({ days: ["2028-01-01"], inLieu: ["2028-01-03"] });
    expect(byName(2028).中秋节).toEqual({ days: ["2028-10-03"], inLieu: ["2028-10-05"] });
    expect(byName(2028).国庆节).toEqual({
      days: ["2028-10-01", "2028-10-02", "2028-10-03"],
      inLieu: ["2028-10-04"],
    });
  });

  it("puts every lunar holiday and 清明 on the day the library's own festival and term tables name, 2025–2100", () => {
    const named = (iso: string) => {
      const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
      const day = SolarDay.fromYmd(y, m, d);
      return {
        festival: day.getLunarDay().getFestival()?.getName(),
        term: day.getTermDay().getDayIndex() === 0 ? day.getTermDay().getSolarTerm().getName() : undefined,
      };
    };
    for (let year = FIRST_STATUTORY_YEAR; year <= 2100; year++) {
      const h = byName(year);
      expect(named(h.春节?.days[0] ?? "").festival, `${year} 除夕`).toBe("除夕");
      expect(named(h.春节?.days[1] ?? "").festival, `${year} 春节`).toBe("春节");
      expect(named(h.清明节?.days[0] ?? "").term, `${year} 清明`).toBe("清明");
      expect(named(h.端午节?.days[0] ?? "").festival, `${year} 端午`).toBe("端午节");
      expect(named(h.中秋节?.days[0] ?? "").festival, `${year} 中秋`).toBe("中秋节");
    }
  });

  it("derives only the years the amended regulation governs and the library covers", () => {
    expect(() => statutoryHolidays(2024)).toThrow(RangeError);
    expect(() => statutoryHolidays(10000)).toThrow(RangeError);
    expect(statutoryHolidays(9999)).toHaveLength(7);
  });
});

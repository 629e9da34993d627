import { durationBucket } from "@onething/store";
import { describe, expect, it } from "vitest";
import { benefitStopFigures, histogramPercentile } from "../src/benefit-stops.ts";

const DAY = 86_400;

describe("the benefit-stop figures", () => {
  it("reads percentiles off the duration histogram as bucket upper bounds, never below the true value", () => {
    const durations = [0.5 * DAY, 1 * DAY, 2 * DAY, 2 * DAY, 3 * DAY, 10 * DAY];
    const counts = new Map<number, number>();
    for (const d of durations) counts.set(durationBucket(d), (counts.get(durationBucket(d)) ?? 0) + 1);
    const buckets = [...counts].map(([bucket, count]) => ({ bucket, count }));
    const p50 = histogramPercentile(buckets, 0.5) ?? -1;
    expect(p50).toBeGreaterThanOrEqual(2 * DAY);
    expect(p50).toBeLessThan(2 * DAY * 1.2);
    const p95 = histogramPercentile(buckets, 0.95) ?? -1;
    expect(p95).toBeGreaterThanOrEqual(10 * DAY);
    expect(histogramPercentile([], 0.5)).toBeUndefined();
  });

  it("reports what the dead still hold and the overdue stops, leaving out departments at zero", async () => {
    const figures = await benefitStopFigures({
      getDurationHistogram: async () => [{ bucket: durationBucket(DAY), count: 3 }],
      getOverdueByDepartment: async () => ({ "civil-affairs": 2, "medical-insurance": 0 }),
      countEntitlementsOfDead: async () => ({ "civil-affairs": 1, "human-resources-social-security": 2 }),
    });
    expect(figures.deathToLastStopDays.count).toBe(3);
    expect(figures.deathToLastStopDays.p50).toBeCloseTo(figures.deathToLastStopDays.p95 ?? 0);
    expect(figures.entitlementsOfDead).toEqual({
      total: 3,
      byDepartment: { "civil-affairs": 1, "human-resources-social-security": 2 },
    });
    expect(figures.overdueStops).toEqual({ "civil-affairs": 2 });
  });
});

import type { BenefitStopFigures } from "@onething/contracts";
import { type CaseStore, durationBucketUpperSeconds } from "@onething/store";

/** The system-started bundle that stops a dead person's benefits (seeds/bundles/benefit-stop.v1.json). */
export const BENEFIT_STOP_BUNDLE = "benefit-stop";

const DAY_SECONDS = 86_400;

/**
 * The percentile of a histogram of quarter-octave buckets, as the bucket's upper bound: an upper estimate, never
 * more than about 19% above the true value.
 */
export function histogramPercentile(
  buckets: readonly { bucket: number; count: number }[],
  fraction: number,
): number | undefined {
  const sorted = [...buckets].filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return undefined;
  const rank = Math.ceil(fraction * total);
  let seen = 0;
  for (const b of sorted) {
    seen += b.count;
    if (seen >= rank) return durationBucketUpperSeconds(b.bucket);
  }
  return undefined;
}

const days = (seconds: number | undefined) =>
  seconds === undefined ? {} : { value: Math.round((seconds / DAY_SECONDS) * 100) / 100 };

/**
 * The overview's figures for "a death stops every benefit": days from the death's record (the benefit-stop case is
 * started by it) to the case's end, the last stop answered (p50/p95 from the closing commits' histogram); what is
 * still held by persons recorded dead (a sparse index, so it costs what it counts); stops overdue per department
 * (counters).
 */
export async function benefitStopFigures(
  store: Pick<CaseStore, "getDurationHistogram" | "getOverdueByDepartment" | "countEntitlementsOfDead">,
): Promise<BenefitStopFigures> {
  const [histogram, overdue, ofDead] = await Promise.all([
    store.getDurationHistogram(BENEFIT_STOP_BUNDLE),
    store.getOverdueByDepartment(BENEFIT_STOP_BUNDLE),
    store.countEntitlementsOfDead(),
  ]);
  const count = histogram.reduce((sum, b) => sum + b.count, 0);
  const p50 = days(histogramPercentile(histogram, 0.5)).value;
  const p95 = days(histogramPercentile(histogram, 0.95)).value;
  const positive = (counts: Record<string, number>) =>
    Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  const byDepartment = positive(ofDead);
  return {
    deathToLastStopDays: {
      count,
      ...(p50 === undefined ? {} : { p50 }),
      ...(p95 === undefined ? {} : { p95 }),
    },
    entitlementsOfDead: {
      total: Object.values(byDepartment).reduce((sum, n) => sum + n, 0),
      byDepartment,
    },
    overdueStops: positive(overdue),
  };
}

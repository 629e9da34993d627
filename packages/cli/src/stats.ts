/**
 * The p-th percentile by the nearest-rank method: the smallest value with at least p % of the values at or
 * below it. Always one of the observed values; undefined for no values.
 * @example percentile([10, 20, 30, 40], 50) // 20
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], not ${p}`);
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return undefined;
  const sorted = [...finite].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Distribution {
  count: number;
  p50Ms: number | undefined;
  p95Ms: number | undefined;
  maxMs: number | undefined;
}

export function distribution(values: readonly number[]): Distribution {
  return {
    count: values.length,
    p50Ms: percentile(values, 50),
    p95Ms: percentile(values, 95),
    maxMs: percentile(values, 100),
  };
}

/** Events per second over a window; undefined when the window is empty. */
export function ratePerSecond(count: number, windowMs: number): number | undefined {
  if (count === 0 || !(windowMs > 0)) return undefined;
  return count / (windowMs / 1000);
}

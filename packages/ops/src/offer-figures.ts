/**
 * The overview's offer funnel (免申即享): made, delivered, opened, accepted, declined, expired, superseded — per
 * bundle and per child place of the summary's place — and the time from the event to the case, all from the
 * `COUNTER#OFFERS` partition (one Query: bundles × places).
 */
import type { OfferFigures, OfferFunnel } from "@onething/contracts";
import { type CaseStore, OFFER_METRICS, type OfferCounterRow } from "@onething/store";
import { histogramPercentile } from "./benefit-stops.ts";
import type { PlaceCatalogue, PlaceNode } from "./places.ts";

const zero = (): OfferFunnel =>
  Object.fromEntries(OFFER_METRICS.map((m) => [m, 0])) as unknown as OfferFunnel;

function add(into: OfferFunnel, row: OfferCounterRow): void {
  for (const metric of OFFER_METRICS) into[metric] += row.funnel[metric];
}

const within = (path: string | undefined, ancestor: PlaceNode) =>
  path !== undefined && (path === ancestor.path || path.startsWith(`${ancestor.path}/`));

/** The offer figures at `place`: the rows whose place lies at or below it (a place the tree lacks counts at the root). */
export async function offerFigures(
  store: Pick<CaseStore, "getOfferCounters">,
  catalogue: PlaceCatalogue,
  place: PlaceNode,
): Promise<OfferFigures> {
  const rootPath = catalogue.places.find(catalogue.places.root)?.path ?? catalogue.places.root;
  const rows = (await store.getOfferCounters()).map((row) => ({
    row,
    path: catalogue.places.find(row.place)?.path ?? rootPath,
  }));
  const mine = rows.filter(({ path }) => within(path, place));
  const total = zero();
  const byBundle = new Map<string, OfferFunnel>();
  const buckets = new Map<number, number>();
  let count = 0;
  for (const { row } of mine) {
    add(total, row);
    const funnel = byBundle.get(row.bundleId) ?? zero();
    add(funnel, row);
    byBundle.set(row.bundleId, funnel);
    count += row.toCaseCount;
    for (const b of row.buckets) buckets.set(b.bucket, (buckets.get(b.bucket) ?? 0) + b.count);
  }
  const histogram = [...buckets.entries()].map(([bucket, n]) => ({ bucket, count: n }));
  const ms = (fraction: number) => {
    const seconds = histogramPercentile(histogram, fraction);
    return seconds === undefined ? undefined : Math.round(seconds * 1000);
  };
  const p50Ms = ms(0.5);
  const p95Ms = ms(0.95);
  return {
    total,
    byBundle: [...byBundle.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([bundleId, funnel]) => ({ bundleId, ...funnel })),
    byPlace: catalogue.places.children(place.code).map((child) => {
      const funnel = zero();
      for (const { row, path } of mine) if (within(path, child)) add(funnel, row);
      return { place: child.code, name: child.name, ...funnel };
    }),
    eventToCase: {
      count,
      ...(p50Ms === undefined ? {} : { p50Ms }),
      ...(p95Ms === undefined ? {} : { p95Ms }),
    },
  };
}

/**
 * The overview's 送达率 (issue 16): channel messages delivered of those sent — in total, per bundle and per child
 * place of the summary's place — from the `COUNTER#NOTICES` partition (one Query: bundles × places), like the offer
 * funnel (`offer-figures.ts`).
 */
import type { DeliveryFigures } from "@onething/contracts";
import type { CaseStore, NoticeCounterRow } from "@onething/store";
import type { PlaceCatalogue, PlaceNode } from "./places.ts";

type Counts = { sent: number; delivered: number; failed: number };
const zero = (): Counts => ({ sent: 0, delivered: 0, failed: 0 });
const add = (into: Counts, row: NoticeCounterRow) => {
  into.sent += row.sent;
  into.delivered += row.delivered;
  into.failed += row.failed;
};
/** delivered ÷ sent, unclamped: `sent` counts each channel once (its first send), so a rate over 1 is a counting bug to see. */
const withRate = (c: Counts) => (c.sent > 0 ? { ...c, rate: c.delivered / c.sent } : c);
const within = (path: string, ancestor: PlaceNode) =>
  path === ancestor.path || path.startsWith(`${ancestor.path}/`);

/** The delivery figures at `place`: the rows whose place lies at or below it (a place the tree lacks counts at the root). */
export async function deliveryFigures(
  store: Pick<CaseStore, "getNoticeCounters">,
  catalogue: PlaceCatalogue,
  place: PlaceNode,
): Promise<DeliveryFigures> {
  const rootPath = catalogue.places.find(catalogue.places.root)?.path ?? catalogue.places.root;
  const mine = (await store.getNoticeCounters())
    .map((row) => ({ row, path: catalogue.places.find(row.place)?.path ?? rootPath }))
    .filter(({ path }) => within(path, place));
  const total = zero();
  const byBundle = new Map<string, Counts>();
  for (const { row } of mine) {
    add(total, row);
    const counts = byBundle.get(row.bundleId) ?? zero();
    add(counts, row);
    byBundle.set(row.bundleId, counts);
  }
  return {
    total: withRate(total),
    byBundle: [...byBundle.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([bundleId, counts]) => ({ bundleId, ...withRate(counts) })),
    byPlace: catalogue.places.children(place.code).map((child) => {
      const counts = zero();
      for (const { row, path } of mine) if (within(path, child)) add(counts, row);
      return { place: child.code, name: child.name, ...withRate(counts) };
    }),
  };
}

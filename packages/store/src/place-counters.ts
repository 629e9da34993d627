/**
 * Per-place dashboard counters. One partition per city (`COUNTER#PLACE#<city>`), one row per leaf (the case place's
 * town, or its district when it has no town) and figure, so a place's figure is one Query: the whole partition for a
 * city, `begins_with("<district>#")` for a district, `begins_with("<district>#<town>#")` for a town. A commit writes
 * only the case's own leaf rows (no row per ancestor): the transaction grows by a row or two, and two towns' cases
 * never meet on a row.
 */
import type { CaseState, CaseStatus, ItemState } from "@onething/domain";
import { z } from "zod";
import { isHeldByDepartment } from "./counters.ts";
import { placeCounterPartition } from "./keys.ts";
import { parseRow, queryAll, type StoreTable } from "./table.ts";

/** Where a leaf's rows live: its city's partition and its district / town (`-` where the place has none). */
export interface PlaceLeaf {
  /** The city of the place, or the place itself when it lies above every city (a province, the country). */
  partition: string;
  district: string;
  town: string;
}

/** A missing level in a leaf (a case placed at a district has no town). */
export const NO_LEVEL = "-";

/**
 * The counter leaf of a jurisdiction path (`000000/330000/330200/330212/330212001[/community]`). The tree nests its
 * levels strictly — country, province, city, district, town, community — so a node's depth in the path is its level
 * and the store needs no tree to find the city, district and town. A community counts at its town.
 */
export function placeLeafOf(path: string): PlaceLeaf {
  const codes = path.split("/").filter((c) => c !== "");
  return {
    partition: codes[2] ?? codes[codes.length - 1] ?? NO_LEVEL,
    district: codes[3] ?? NO_LEVEL,
    town: codes[4] ?? NO_LEVEL,
  };
}

/**
 * What a place row counts: cases of a bundle in a status; items held by a department (`open`) and of those past
 * their deadline (`overdue`), at the case's place whichever office holds them; and `landed`, the completions of an
 * item on online or proactive cases (落地率 counts the items with at least one).
 */
export type PlaceFigure =
  | { family: "cases"; bundleId: string; status: CaseStatus }
  | { family: "open" }
  | { family: "overdue" }
  | { family: "landed"; bundleId: string; itemId: string };

export interface PlaceCounterDelta {
  kind: "place";
  leaf: PlaceLeaf;
  figure: PlaceFigure;
  delta: number;
}

/** Channels whose completions count as handled online (a counter filing is not). */
const ONLINE_CHANNELS = new Set<CaseState["channel"]>(["online", "proactive"]);

/** The jurisdiction path the case is placed at (absent on cases submitted before places). */
export const casePlacePath = (state: CaseState): string | undefined => state.place?.path;

const isOverdueHeld = (item: ItemState): boolean => isHeldByDepartment(item) && item.overdue === true;

/**
 * The place counter changes of a transition, at the case's leaf only (pure, like `counterDeltas`): the case moving
 * status, the items held and overdue (net over the transition), and each item that became `completed` on an online
 * or proactive case (a for-each instance counts for its for-each item). A case without a place changes none.
 */
export function placeDeltas(previous: CaseState | undefined, next: CaseState): PlaceCounterDelta[] {
  const path = casePlacePath(next);
  if (!path) return [];
  const leaf = placeLeafOf(path);
  const deltas: PlaceCounterDelta[] = [];
  const push = (figure: PlaceFigure, delta: number) => {
    if (delta !== 0) deltas.push({ kind: "place", leaf, figure, delta });
  };
  if (previous?.status !== next.status) {
    if (previous) push({ family: "cases", bundleId: previous.bundleId, status: previous.status }, -1);
    push({ family: "cases", bundleId: next.bundleId, status: next.status }, 1);
  }
  let open = 0;
  let overdue = 0;
  const landed = new Map<string, number>();
  const itemIds = new Set([...Object.keys(previous?.items ?? {}), ...Object.keys(next.items)]);
  for (const itemId of [...itemIds].sort()) {
    const before = previous?.items[itemId];
    const after = next.items[itemId];
    open += (after && isHeldByDepartment(after) ? 1 : 0) - (before && isHeldByDepartment(before) ? 1 : 0);
    overdue += (after && isOverdueHeld(after) ? 1 : 0) - (before && isOverdueHeld(before) ? 1 : 0);
    if (
      after?.status === "completed" &&
      before?.status !== "completed" &&
      ONLINE_CHANNELS.has(next.channel)
    ) {
      const counted = after.forEachOf ?? after.itemId;
      landed.set(counted, (landed.get(counted) ?? 0) + 1);
    }
  }
  push({ family: "open" }, open);
  push({ family: "overdue" }, overdue);
  for (const [itemId, count] of landed) push({ family: "landed", bundleId: next.bundleId, itemId }, count);
  return deltas;
}

/** The labels written with every ADD, so a read never parses the key back. */
export function placeDeltaLabels(delta: PlaceCounterDelta): Record<string, string> {
  const { figure, leaf } = delta;
  return {
    district: leaf.district,
    town: leaf.town,
    family: figure.family,
    ...("bundleId" in figure ? { bundleId: figure.bundleId } : {}),
    ...("status" in figure ? { status: figure.status } : {}),
    ...("itemId" in figure ? { itemId: figure.itemId } : {}),
  };
}

export const PlaceCounterRowSchema = z.object({
  district: z.string(),
  town: z.string(),
  family: z.enum(["cases", "open", "overdue", "landed"]),
  bundleId: z.string().optional(),
  status: z.string().optional(),
  itemId: z.string().optional(),
  count: z.number().int(),
});
export type PlaceCounterRow = z.infer<typeof PlaceCounterRowSchema>;

/**
 * Which rows to read: a city partition (or a place above every city: its own rows), optionally narrowed to a district
 * or a town of it.
 */
export interface PlaceCounterQuery {
  partition: string;
  district?: string;
  town?: string;
}

export type GetPlaceCounters = (query: PlaceCounterQuery) => Promise<PlaceCounterRow[]>;

/** The sort-key prefix of a query (`""` for a whole partition). */
export function placeCounterPrefix(query: PlaceCounterQuery): string {
  if (query.district === undefined) return "";
  return query.town === undefined ? `${query.district}#` : `${query.district}#${query.town}#`;
}

export function createPlaceCounterFamily(table: StoreTable): { getPlaceCounters: GetPlaceCounters } {
  return {
    async getPlaceCounters(query) {
      const prefix = placeCounterPrefix(query);
      const rows = await queryAll(table, "getPlaceCounters", {
        KeyConditionExpression: prefix ? "pk = :pk AND begins_with(sk, :prefix)" : "pk = :pk",
        ExpressionAttributeValues: {
          ":pk": placeCounterPartition(query.partition),
          ...(prefix ? { ":prefix": prefix } : {}),
        },
      });
      return rows.map((row) => parseRow(PlaceCounterRowSchema, row));
    },
  };
}

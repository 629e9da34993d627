/**
 * The summary's places: which place the figures are for (within the caller's scope), its children's figures from the
 * per-place counters, 落地率 against the place profiles, and delegated approval per district.
 */
import type { PlaceFigures } from "@onething/contracts";
import {
  CASE_STATUS_VALUES,
  type CaseStatus,
  type JurisdictionLevel,
  type LocalizedText,
  withinScope,
} from "@onething/domain";
import { type CaseStore, NO_LEVEL, type PlaceCounterQuery, type PlaceCounterRow } from "@onething/store";
import { OutsideScopeError, PlaceTooFineError, UnknownOpsPlaceError } from "./errors.ts";

type Level = JurisdictionLevel;

/** A node of the jurisdiction tree, as the summary reads it (structurally the domain's `Jurisdiction`). */
export interface PlaceNode {
  code: string;
  parent?: string;
  level: Level;
  name: LocalizedText;
  path: string;
}

/** What the summary needs of the catalogue (structurally the domain's `Catalogue`). */
export interface PlaceCatalogue {
  places: {
    readonly root: string;
    find(code: string): PlaceNode | undefined;
    children(code: string): PlaceNode[];
    all(): PlaceNode[];
  };
  profiles: { resolve(place: string, bundleId: string, at: string): { disabled: readonly string[] } };
  delegations: {
    rate(
      district: string,
      bundleId: string,
      itemId: string,
      at: string,
    ): { towns: number; delegated: number };
  };
  bundles: readonly { id: string; items: readonly { id: string; approval?: string }[] }[];
}

/** The caller's scope: an office of the tree and its path (the platform's root for an unscoped operator). */
export interface OpsScope {
  jurisdiction: string;
  path: string;
}

const OPEN_STATUSES = new Set<string>(["in_progress", "awaiting_applicant"]);
/** Levels whose counters have a partition of their own (a city, or a place above every city). */
const PARTITION_LEVELS = new Set<Level>(["country", "province", "city"]);

/** The place the summary is for: `place` if given (in scope, at most a town), else the scope's own office. */
export function selectPlace(
  catalogue: PlaceCatalogue,
  scope: OpsScope,
  place: string | undefined,
): PlaceNode {
  const code = place ?? scope.jurisdiction;
  const node = catalogue.places.find(code);
  if (!node) throw new UnknownOpsPlaceError(code);
  if (!withinScope(node.path, scope.path)) throw new OutsideScopeError(code);
  if (node.level === "community") throw new PlaceTooFineError(code);
  return node;
}

/** The counter queries that cover a place: one for a town, district or city; one per partition below a province. */
export function placeQueries(catalogue: PlaceCatalogue, node: PlaceNode): PlaceCounterQuery[] {
  const codes = node.path.split("/");
  switch (node.level) {
    case "town":
      return [{ partition: codes[2] ?? "", district: codes[3] ?? "", town: node.code }];
    case "district":
      return [{ partition: codes[2] ?? "", district: node.code }];
    default:
      return catalogue.places
        .all()
        .filter((n) => PARTITION_LEVELS.has(n.level) && withinScope(n.path, node.path))
        .map((n) => ({ partition: n.code }));
  }
}

interface LocatedRow {
  row: PlaceCounterRow;
  /** The code the row is counted at: its town, else its district, else its partition's place. */
  code: string;
}

/** The rows covering a place, each with the code it counts at. */
export async function placeRows(
  store: Pick<CaseStore, "getPlaceCounters">,
  catalogue: PlaceCatalogue,
  node: PlaceNode,
): Promise<LocatedRow[]> {
  const queries = placeQueries(catalogue, node);
  const pages = await Promise.all(queries.map((q) => store.getPlaceCounters(q)));
  return pages.flatMap((rows, i) =>
    rows.map((row) => ({
      row,
      code:
        row.town !== NO_LEVEL
          ? row.town
          : row.district !== NO_LEVEL
            ? row.district
            : (queries[i]?.partition ?? ""),
    })),
  );
}

/** Cases per bundle and status from counter rows (every bundle and status named, zeros included). */
export function casesFromRows(bundleIds: readonly string[], rows: readonly LocatedRow[]) {
  const zeros = () => Object.fromEntries(CASE_STATUS_VALUES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  const table: Record<string, Record<CaseStatus, number>> = {};
  for (const bundleId of bundleIds) table[bundleId] = zeros();
  for (const { row } of rows) {
    if (row.family !== "cases" || !row.bundleId || !row.status) continue;
    const counts = table[row.bundleId] ?? zeros();
    if ((CASE_STATUS_VALUES as readonly string[]).includes(row.status))
      counts[row.status as CaseStatus] += row.count;
    table[row.bundleId] = counts;
  }
  return table;
}

interface Tally {
  cases: number;
  openCases: number;
  openItems: number;
  overdue: number;
  landed: Set<string>;
}
const emptyTally = (): Tally => ({ cases: 0, openCases: 0, openItems: 0, overdue: 0, landed: new Set() });

function addRow(tally: Tally, row: PlaceCounterRow): void {
  if (row.family === "cases") {
    tally.cases += row.count;
    if (row.status && OPEN_STATUSES.has(row.status)) tally.openCases += row.count;
  } else if (row.family === "open") tally.openItems += row.count;
  else if (row.family === "overdue") tally.overdue += row.count;
  else if (row.family === "landed" && row.count > 0) tally.landed.add(`${row.bundleId}#${row.itemId}`);
}

/** A place's figures from its tally; 落地率 against the items its own profile switches on at `at`. */
function figuresOf(catalogue: PlaceCatalogue, node: PlaceNode, tally: Tally, at: string): PlaceFigures {
  const on = switchedOn(catalogue, node.code, at);
  const itemsLanded = [...on].filter((key) => tally.landed.has(key)).length;
  return {
    code: node.code,
    name: node.name,
    level: node.level,
    cases: tally.cases,
    openCases: tally.openCases,
    openItems: tally.openItems,
    overdue: tally.overdue,
    itemsOn: on.size,
    itemsLanded,
    landingRate: on.size === 0 ? 0 : itemsLanded / on.size,
  };
}

/** The place's own figures: every row under it (cases placed at the place itself too). */
export function placeTotal(
  catalogue: PlaceCatalogue,
  node: PlaceNode,
  rows: readonly LocatedRow[],
  at: string,
): PlaceFigures {
  const tally = emptyTally();
  for (const { row } of rows) addRow(tally, row);
  return figuresOf(catalogue, node, tally, at);
}

/**
 * One row per child of `node` in the tree: the counter rows under it summed, and 落地率 — the items the child's
 * profile switches on (every bundle, at `at`), of those completed at least once on an online or proactive case placed
 * at or below the child.
 */
export function childFigures(
  catalogue: PlaceCatalogue,
  node: PlaceNode,
  rows: readonly LocatedRow[],
  at: string,
): PlaceFigures[] {
  if (node.level === "town") return [];
  const depth = node.path.split("/").length;
  const childOf = (code: string): string | undefined => {
    const found = catalogue.places.find(code);
    return found && withinScope(found.path, node.path) ? found.path.split("/")[depth] : undefined;
  };
  const children = catalogue.places.children(node.code);
  const tallies = new Map(children.map((child) => [child.code, emptyTally()]));
  for (const { row, code } of rows) {
    const child = childOf(code);
    const tally = child ? tallies.get(child) : undefined;
    if (tally) addRow(tally, row);
  }
  return children.map((child) => figuresOf(catalogue, child, tallies.get(child.code) ?? emptyTally(), at));
}

/** `<bundle>#<item>` of every item the place's profile leaves on at `at`. */
function switchedOn(catalogue: PlaceCatalogue, place: string, at: string): Set<string> {
  const on = new Set<string>();
  for (const bundle of catalogue.bundles) {
    const disabled = new Set(catalogue.profiles.resolve(place, bundle.id, at).disabled);
    for (const item of bundle.items) if (!disabled.has(item.id)) on.add(`${bundle.id}#${item.id}`);
  }
  return on;
}

/** Delegated approval at `at` for each district at or below `node` (a town's own district), per delegable item. */
export function delegationFigures(catalogue: PlaceCatalogue, node: PlaceNode, at: string) {
  const districtPath = node.level === "town" ? node.path.split("/").slice(0, -1).join("/") : node.path;
  const districts = catalogue.places
    .all()
    .filter((n) => n.level === "district" && withinScope(n.path, districtPath));
  const delegable = catalogue.bundles.flatMap((bundle) =>
    bundle.items
      .filter((item) => item.approval === "delegable")
      .map((item) => ({ bundleId: bundle.id, itemId: item.id })),
  );
  return districts.flatMap((district) =>
    delegable.flatMap(({ bundleId, itemId }) => {
      const { towns, delegated } = catalogue.delegations.rate(district.code, bundleId, itemId, at);
      if (towns === 0) return [];
      return [
        {
          district: district.code,
          name: district.name,
          bundleId,
          itemId,
          towns,
          delegated,
          rate: delegated / towns,
        },
      ];
    }),
  );
}

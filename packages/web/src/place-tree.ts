/** The jurisdiction tree as the pages list it (pure: no API, no storage). */
import type { JurisdictionList } from "./types.ts";

/** A node of the jurisdiction tree with its path from the root (`000000/330000/…`) and depth (0 for the root). */
export interface PlaceOption {
  code: string;
  level: JurisdictionList["nodes"][number]["level"];
  name: JurisdictionList["nodes"][number]["name"];
  path: string;
  depth: number;
}

/** The platform's root: the whole deployment (an operator signed in without an office). */
export const ROOT_PLACE = "000000";
/** The levels a summary can be asked for (figures stop at towns). */
export const PICKABLE = new Set(["country", "province", "city", "district", "town"]);

export const withinScope = (path: string, scopePath: string) =>
  path === scopePath || path.startsWith(`${scopePath}/`);

/** The tree in depth-first order (children in the order the tree lists them), each node with its path. */
export function placeOptions(tree: JurisdictionList): PlaceOption[] {
  const children = new Map<string, JurisdictionList["nodes"]>();
  for (const node of tree.nodes)
    if (node.parent !== undefined) children.set(node.parent, [...(children.get(node.parent) ?? []), node]);
  const out: PlaceOption[] = [];
  const visit = (node: JurisdictionList["nodes"][number], path: string, depth: number) => {
    out.push({ code: node.code, level: node.level, name: node.name, path, depth });
    for (const child of children.get(node.code) ?? []) visit(child, `${path}/${child.code}`, depth + 1);
  };
  const root = tree.nodes.find((n) => n.code === tree.root);
  if (root) visit(root, root.code, 0);
  return out;
}

/** One select of a cascading place picker: the places to choose from at that level, and the one chosen (or ""). */
export interface CascadeLevel {
  /** The place the options lie under (the tree's root for the first select). */
  parent: PlaceOption;
  options: PlaceOption[];
  selected: string;
}

/** The options by code and by parent, for the cascading picker (built from `placeOptions`, once per tree). */
export interface PlaceIndex {
  root: PlaceOption | undefined;
  byCode: Map<string, PlaceOption>;
  children: Map<string, PlaceOption[]>;
}

export function placeIndex(options: readonly PlaceOption[]): PlaceIndex {
  const byCode = new Map(options.map((o) => [o.code, o]));
  const children = new Map<string, PlaceOption[]>();
  for (const o of options) {
    const parent = o.path.split("/").at(-2);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), o]);
  }
  return { root: options.find((o) => o.depth === 0), byCode, children };
}

/** The places from the first level below the root down to `code` (empty for "", the root, or a code not in the tree). */
export function placeChain(index: PlaceIndex, code: string): PlaceOption[] {
  const found = index.byCode.get(code);
  if (!found) return [];
  return found.path
    .split("/")
    .slice(1)
    .flatMap((c) => index.byCode.get(c) ?? []);
}

/**
 * The selects to show for a value: one for the root's children, then one below each chosen place that has children
 * (province → city → district → town → community, as deep as the tree goes).
 */
export function cascadeLevels(index: PlaceIndex, value: string): CascadeLevel[] {
  if (!index.root) return [];
  const chain = placeChain(index, value);
  const levels: CascadeLevel[] = [];
  let parent: PlaceOption | undefined = index.root;
  for (let depth = 0; parent; depth++) {
    const options = index.children.get(parent.code) ?? [];
    if (options.length === 0) break;
    const selected = chain[depth];
    levels.push({ parent, options, selected: selected?.code ?? "" });
    parent = selected;
  }
  return levels;
}

/**
 * The value after choosing `code` in the select at `depth` (0 the first): that place, whatever was below it gone;
 * choosing nothing ("") falls back to the place chosen one level up (nothing at the first level).
 */
export function pickAt(index: PlaceIndex, value: string, depth: number, code: string): string {
  if (code !== "") return code;
  const up = placeChain(index, value)[depth - 1];
  return up?.code ?? "";
}

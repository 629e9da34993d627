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

import type { LocalizedText } from "../bundle/schema.ts";
import { UnknownPlaceError } from "../errors.ts";
import {
  type JurisdictionLevel,
  type JurisdictionNode,
  type JurisdictionTree,
  PLATFORM_JURISDICTION,
} from "./schema.ts";

export interface Jurisdiction {
  code: string;
  parent?: string;
  level: JurisdictionLevel;
  kind?: string;
  name: LocalizedText;
  bureau?: LocalizedText;
  /** Codes from the root down joined by "/": "000000/330000/330200/330212/330212001". */
  path: string;
}

/** Whether a path lies within a scope (the scope's own node or below it). */
export const withinScope = (path: string, scopePath: string): boolean =>
  path === scopePath || path.startsWith(`${scopePath}/`);

/** The tree a catalogue without one gets: the country alone, which is also the default place. */
export const SINGLE_NODE_TREE: JurisdictionTree = {
  version: 1,
  effectiveFrom: "2024-01-01",
  root: PLATFORM_JURISDICTION,
  defaultPlace: PLATFORM_JURISDICTION,
  nodes: [{ code: PLATFORM_JURISDICTION, level: "country", name: { zh: "全国", en: "China" } }],
};

/**
 * The jurisdiction tree, indexed: nodes by code with their paths, children in the data's order. Built from a
 * validated tree (`validateTree`); a node whose parent is missing is left out.
 */
export class Jurisdictions {
  readonly version: number;
  readonly defaultPlace: string;
  readonly root: string;
  readonly effectiveFrom: string;
  private readonly nodes = new Map<string, Jurisdiction>();
  private readonly kids = new Map<string, Jurisdiction[]>();

  constructor(tree: JurisdictionTree = SINGLE_NODE_TREE) {
    this.version = tree.version;
    this.root = tree.root;
    this.defaultPlace = tree.defaultPlace;
    this.effectiveFrom = tree.effectiveFrom;
    const raw = new Map<string, JurisdictionNode>(tree.nodes.map((n) => [n.code, n]));
    const pathOf = (code: string, seen: Set<string>): string | undefined => {
      const known = this.nodes.get(code);
      if (known) return known.path;
      const node = raw.get(code);
      if (!node || seen.has(code)) return undefined;
      if (node.parent === undefined) return code === tree.root ? code : undefined;
      seen.add(code);
      const parentPath = pathOf(node.parent, seen);
      return parentPath === undefined ? undefined : `${parentPath}/${code}`;
    };
    for (const n of tree.nodes) {
      const path = pathOf(n.code, new Set());
      if (path === undefined) continue;
      const j: Jurisdiction = {
        code: n.code,
        ...(n.parent ? { parent: n.parent } : {}),
        level: n.level,
        ...(n.kind ? { kind: n.kind } : {}),
        name: n.name,
        ...(n.bureau ? { bureau: n.bureau } : {}),
        path,
      };
      this.nodes.set(n.code, j);
    }
    for (const j of this.nodes.values()) {
      if (j.parent === undefined) continue;
      this.kids.set(j.parent, [...(this.kids.get(j.parent) ?? []), j]);
    }
  }

  has(code: string): boolean {
    return this.nodes.has(code);
  }

  find(code: string): Jurisdiction | undefined {
    return this.nodes.get(code);
  }

  /** Throws UnknownPlaceError. */
  node(code: string): Jurisdiction {
    const found = this.nodes.get(code);
    if (!found) throw new UnknownPlaceError(code);
    return found;
  }

  pathOf(code: string): string {
    return this.node(code).path;
  }

  children(code: string): Jurisdiction[] {
    return [...(this.kids.get(code) ?? [])];
  }

  /** Root first, the node itself last. Throws UnknownPlaceError. */
  ancestors(code: string): Jurisdiction[] {
    return this.pathOf(code)
      .split("/")
      .map((c) => this.node(c));
  }

  /** The ancestor-or-self at a level, if the node's path has one. */
  ancestorAt(code: string, level: JurisdictionLevel): Jurisdiction | undefined {
    return this.find(code) && this.ancestors(code).find((j) => j.level === level);
  }

  /** The province code of a node (itself if a province), undefined for the country or an unknown code. */
  provinceOf(code: string): string | undefined {
    return this.ancestorAt(code, "province")?.code;
  }

  /** Every node below (and including) a code, depth first. */
  subtree(code: string): Jurisdiction[] {
    const self = this.node(code);
    return [self, ...this.children(code).flatMap((c) => this.subtree(c.code))];
  }

  all(): Jurisdiction[] {
    return [...this.nodes.values()];
  }
}

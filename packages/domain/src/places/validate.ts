import { itemDefinition } from "../bundle/for-each.ts";
import type { Bundle } from "../bundle/schema.ts";
import type { CatalogueIssue } from "../errors.ts";
import type { Jurisdictions } from "./jurisdictions.ts";
import { type DelegationGrant, JURISDICTION_LEVELS, type JurisdictionTree, type Profile } from "./schema.ts";

const depth = (level: string) => (JURISDICTION_LEVELS as readonly string[]).indexOf(level);

/** The code's length at each level: the national scheme's 6 digits down to a district, 9 a town, 12 a community. */
const CODE_LENGTH: Record<string, number> = { town: 9, community: 12 };
const codeLength = (level: string) => CODE_LENGTH[level] ?? 6;

/**
 * The tree's own consistency: unique codes, one root, every parent known and exactly one level up, codes as long
 * as their level's, a town's and a community's code extending its parent's. Place counters and office indexes
 * read a place's level off its path's depth and compare paths by prefix, so a skipped level (a municipality's
 * districts straight under the province: put them under its 市辖区 city node, 310100) is refused here.
 */
export function validateTree(tree: JurisdictionTree): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const at = (code: string, message: string) => issues.push({ field: `jurisdictions.${code}`, message });
  const byCode = new Map<string, JurisdictionTree["nodes"][number]>();
  for (const n of tree.nodes) {
    if (byCode.has(n.code)) at(n.code, "duplicate code");
    byCode.set(n.code, n);
  }
  const root = byCode.get(tree.root);
  if (!root) at(tree.root, "the root is not a node");
  else if (root.parent !== undefined) at(tree.root, "the root has no parent");
  for (const n of tree.nodes) {
    if (n.parent === undefined) {
      if (n.code !== tree.root) at(n.code, "only the root has no parent");
      continue;
    }
    const parent = byCode.get(n.parent);
    if (!parent) at(n.code, `unknown parent ${n.parent}`);
    else if (depth(parent.level) + 1 !== depth(n.level))
      at(n.code, `a ${n.level} cannot sit under a ${parent.level} (${parent.code})`);
    else if (codeLength(n.level) !== codeLength(parent.level) && !n.code.startsWith(parent.code))
      at(n.code, `a ${n.level}'s code extends its parent's (${parent.code})`);
    if (n.code.length !== codeLength(n.level))
      at(n.code, `a ${n.level}'s code has ${codeLength(n.level)} digits`);
  }
  // A parent chain that loops never reaches the root.
  for (const n of tree.nodes) {
    const seen = new Set<string>();
    let code: string | undefined = n.code;
    while (code !== undefined && !seen.has(code)) {
      seen.add(code);
      code = byCode.get(code)?.parent;
    }
    if (code !== undefined) at(n.code, "its parents form a cycle");
  }
  if (!byCode.has(tree.defaultPlace)) at(tree.defaultPlace, "the default place is not a node");
  return issues;
}

/** Profiles name known places, bundles and switchable top-level items; one profile per place and version. */
export function validateProfiles(
  profiles: readonly Profile[],
  places: Jurisdictions,
  bundles: ReadonlyMap<string, Bundle>,
): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const seen = new Set<string>();
  for (const p of profiles) {
    const where = `profiles.${p.place}.v${p.version}`;
    if (seen.has(`${p.place}@${p.version}`))
      issues.push({ field: where, message: "duplicate profile version" });
    seen.add(`${p.place}@${p.version}`);
    if (!places.has(p.place)) issues.push({ field: where, message: `unknown place ${p.place}` });
    for (const [bundleId, layer] of Object.entries(p.bundles)) {
      const bundle = bundles.get(bundleId);
      if (!bundle) {
        issues.push({ bundleId, field: where, message: "unknown bundle" });
        continue;
      }
      const itemIds = [...Object.keys(layer.items), ...Object.keys(layer.parameters)];
      for (const itemId of new Set(itemIds)) {
        const item = itemDefinition(bundle, itemId);
        if (!item) issues.push({ bundleId, itemId, field: where, message: "unknown item" });
        else if (item.id !== itemId)
          issues.push({
            bundleId,
            itemId,
            field: where,
            message: `an instance cannot be profiled alone; name ${item.id}`,
          });
        else if (itemId in layer.items && !item.switchable)
          issues.push({ bundleId, itemId, field: where, message: "this item may not be switched" });
      }
    }
  }
  return issues;
}

/** Grants name towns of the tree and delegable items of known bundles, with `until` after `from`. */
export function validateDelegations(
  grants: readonly DelegationGrant[],
  places: Jurisdictions,
  bundles: ReadonlyMap<string, Bundle>,
): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  grants.forEach((g, i) => {
    const field = `delegations.grants.${i}`;
    const town = places.find(g.town);
    if (!town) issues.push({ field, message: `unknown place ${g.town}` });
    else if (town.level !== "town")
      issues.push({ field, message: `${g.town} is a ${town.level}, not a town` });
    if (g.until !== undefined && g.until <= g.from)
      issues.push({ field, message: "until must be after from" });
    const bundle = bundles.get(g.bundle);
    if (!bundle) {
      issues.push({ bundleId: g.bundle, field, message: "unknown bundle" });
      return;
    }
    const item = bundle.items.find((it) => it.id === g.item);
    if (!item) issues.push({ bundleId: g.bundle, itemId: g.item, field, message: "unknown item" });
    else if (item.approval !== "delegable")
      issues.push({
        bundleId: g.bundle,
        itemId: g.item,
        field,
        message: "this item's approval is not delegable",
      });
  });
  return issues;
}

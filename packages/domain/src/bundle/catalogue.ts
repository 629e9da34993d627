import { type CatalogueIssue, CatalogueValidationError, UnknownBundleError } from "../errors.ts";
import { itemDefinition } from "./for-each.ts";
import {
  type Bundle,
  type Department,
  DepartmentRegistrySchema,
  PLATFORM_DEPARTMENT,
  type TenantProfile,
  TenantProfileSchema,
} from "./schema.ts";
import { parseBundle, validateBundle } from "./validate.ts";

/**
 * The validated set of bundles (every version) and departments, optionally with one tenant's switches.
 * Built once at load; a bad catalogue never gets this far.
 */
export class Catalogue {
  readonly departments: ReadonlyMap<string, Department>;
  readonly tenant: TenantProfile | undefined;
  private readonly versions: ReadonlyMap<string, readonly Bundle[]>;

  constructor(bundles: readonly Bundle[], departments: readonly Department[], tenant?: TenantProfile) {
    const byId = new Map<string, Bundle[]>();
    for (const b of bundles)
      byId.set(
        b.id,
        [...(byId.get(b.id) ?? []), b].sort((x, y) => x.version - y.version),
      );
    this.versions = byId;
    this.departments = new Map(departments.map((d) => [d.id, d]));
    this.tenant = tenant;
  }

  /** The latest version of every bundle. */
  get bundles(): Bundle[] {
    return [...this.versions.values()].map((vs) => vs[vs.length - 1] as Bundle);
  }

  /** A bundle by id: the given version, or the latest; undefined if there is none. */
  find(id: string, version?: number): Bundle | undefined {
    const vs = this.versions.get(id);
    return version === undefined ? vs?.[vs.length - 1] : vs?.find((b) => b.version === version);
  }

  /** A bundle by id: the given version, or the latest. Throws UnknownBundleError. */
  bundle(id: string, version?: number): Bundle {
    const found = this.find(id, version);
    if (!found) throw new UnknownBundleError(id, version);
    return found;
  }

  has(id: string): boolean {
    return this.versions.has(id);
  }

  /** Items this catalogue's tenant has switched off in a bundle. */
  disabledItems(bundleId: string): readonly string[] {
    return this.tenant?.disabledItems[bundleId] ?? [];
  }
}

export interface CatalogueData {
  bundles: readonly unknown[];
  departments: unknown;
  tenant?: unknown;
}

/**
 * Parses and cross-checks raw catalogue data (bundles, department registry, tenant switches).
 * Throws CatalogueValidationError listing every problem, each naming bundle, item and field.
 * @example loadCatalogue({ bundles: [afterDeath], departments: registry })
 */
export function loadCatalogue(data: CatalogueData): Catalogue {
  const issues: CatalogueIssue[] = [];
  const registry = DepartmentRegistrySchema.safeParse(data.departments);
  const departments = registry.success ? registry.data.departments : [];
  if (!registry.success) {
    for (const i of registry.error.issues)
      issues.push({ field: `departments.${i.path.join(".")}`, message: i.message });
  }
  const departmentIds = new Set<string>();
  for (const d of departments) {
    if (departmentIds.has(d.id))
      issues.push({ field: `departments.${d.id}`, message: "duplicate department id" });
    if (d.id === PLATFORM_DEPARTMENT)
      issues.push({ field: `departments.${d.id}`, message: "reserved for the platform" });
    departmentIds.add(d.id);
  }

  const bundles: Bundle[] = [];
  const seen = new Set<string>();
  for (const raw of data.bundles) {
    const parsed = parseBundle(raw);
    if (!parsed.bundle) {
      issues.push(...parsed.issues);
      continue;
    }
    const b = parsed.bundle;
    const key = `${b.id}@${b.version}`;
    if (seen.has(key))
      issues.push({ bundleId: b.id, field: "version", message: `duplicate bundle ${b.id} v${b.version}` });
    seen.add(key);
    issues.push(...validateBundle(b, departmentIds));
    bundles.push(b);
  }

  let tenant: TenantProfile | undefined;
  if (data.tenant !== undefined) {
    const parsedTenant = TenantProfileSchema.safeParse(data.tenant);
    if (!parsedTenant.success) {
      for (const i of parsedTenant.error.issues)
        issues.push({ field: `tenant.${i.path.join(".")}`, message: i.message });
    } else {
      tenant = parsedTenant.data;
      for (const [bundleId, itemIds] of Object.entries(tenant.disabledItems)) {
        const bundle = bundles.find((b) => b.id === bundleId);
        if (!bundle) {
          issues.push({ bundleId, field: "tenant.disabledItems", message: "unknown bundle" });
          continue;
        }
        for (const itemId of itemIds) {
          const item = itemDefinition(bundle, itemId);
          if (!item)
            issues.push({ bundleId, itemId, field: "tenant.disabledItems", message: "unknown item" });
          else if (item.id !== itemId) {
            const message = `an instance cannot be switched off alone; switch off ${item.id}`;
            issues.push({ bundleId, itemId, field: "tenant.disabledItems", message });
          } else if (!item.switchable) {
            issues.push({
              bundleId,
              itemId,
              field: "tenant.disabledItems",
              message: "this item may not be switched off",
            });
          }
        }
      }
    }
  }

  if (issues.length > 0) throw new CatalogueValidationError(issues);
  return new Catalogue(bundles, departments, tenant);
}

import type { z } from "zod";
import { type CatalogueIssue, CatalogueValidationError, UnknownBundleError } from "../errors.ts";
import { type Source, SourceRegistrySchema, validateBenefits, validateSources } from "../events/sources.ts";
import type { DataEventType } from "../events/types.ts";
import { Delegations } from "../places/delegations.ts";
import { Jurisdictions, SINGLE_NODE_TREE } from "../places/jurisdictions.ts";
import { Profiles } from "../places/profiles.ts";
import {
  type DelegationGrant,
  DelegationsSchema,
  JurisdictionTreeSchema,
  type Profile,
  ProfileSchema,
} from "../places/schema.ts";
import { validateDelegations, validateProfiles, validateTree } from "../places/validate.ts";
import type { Rule } from "../rules/schema.ts";
import { parseRule, validateRule } from "../rules/validate.ts";
import {
  type Benefit,
  BenefitRegistrySchema,
  type Bundle,
  type Department,
  DepartmentRegistrySchema,
  PLATFORM_DEPARTMENT,
} from "./schema.ts";
import { parseBundle, validateBundle } from "./validate.ts";
import { validateOfferTargets } from "./validate-waits-offers.ts";

/** The person-level registries beside the bundles: benefits, trusted sources, rules (every version). */
export interface CatalogueRegistries {
  benefits?: readonly Benefit[];
  sources?: readonly Source[];
  rules?: readonly Rule[];
  /** The jurisdiction tree; without one, the country alone (also the default place). */
  places?: Jurisdictions;
  /** Every place's profiles (every version), over `places`. */
  profiles?: readonly Profile[];
  /** Towns' delegated authority. */
  delegations?: { version: number; grants: readonly DelegationGrant[] };
}

/** The department a town's delegated approval goes to (the town's own office). */
export const TOWN_OFFICE_DEPARTMENT = "town-office";
/** The desk that stands for another province's departments (跨省通办). */
export const CROSS_PROVINCE_EXCHANGE = "cross-province-exchange";

/**
 * The validated set of bundles (every version) and departments, the benefits, sources and rules, and the places:
 * the jurisdiction tree, its profiles and delegations. Built once at load; a bad catalogue never gets this far.
 */
export class Catalogue {
  readonly departments: ReadonlyMap<string, Department>;
  readonly places: Jurisdictions;
  readonly profiles: Profiles;
  readonly delegations: Delegations;
  readonly benefits: ReadonlyMap<string, Benefit>;
  readonly sources: ReadonlyMap<string, Source>;
  /** The latest version of every rule. */
  readonly rules: readonly Rule[];
  private readonly versions: ReadonlyMap<string, readonly Bundle[]>;
  private readonly ruleVersions: readonly Rule[];

  constructor(
    bundles: readonly Bundle[],
    departments: readonly Department[],
    registries: CatalogueRegistries = {},
  ) {
    this.places = registries.places ?? new Jurisdictions();
    this.profiles = new Profiles(registries.profiles ?? [], this.places);
    this.delegations = new Delegations(
      registries.delegations?.version ?? 1,
      registries.delegations?.grants ?? [],
      this.places,
    );
    this.benefits = firstById(registries.benefits ?? []);
    this.sources = firstById(registries.sources ?? []);
    this.ruleVersions = registries.rules ?? [];
    const latest = new Map<string, Rule>();
    for (const r of this.ruleVersions) {
      const held = latest.get(r.id);
      if (!held || held.version < r.version) latest.set(r.id, r);
    }
    this.rules = [...latest.values()];
    const byId = new Map<string, Bundle[]>();
    for (const b of bundles)
      byId.set(
        b.id,
        [...(byId.get(b.id) ?? []), b].sort((x, y) => x.version - y.version),
      );
    this.versions = byId;
    this.departments = new Map(departments.map((d) => [d.id, d]));
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

  /** The latest rules on one event type, in the order they were loaded. */
  rulesFor(type: DataEventType): readonly Rule[] {
    return this.rules.filter((r) => r.on === type);
  }

  /** A rule by id: the given version, or the latest; undefined if there is none. */
  findRule(id: string, version?: number): Rule | undefined {
    return version === undefined
      ? this.rules.find((r) => r.id === id)
      : this.ruleVersions.find((r) => r.id === id && r.version === version);
  }
}

export interface CatalogueData {
  bundles: readonly unknown[];
  departments: unknown;
  /** The jurisdiction tree (`seeds/jurisdictions/tree.v<n>.json`); without it, the country alone. */
  jurisdictions?: unknown;
  /** Place profiles, every version. */
  profiles?: readonly unknown[];
  /** `{ version, grants: [...] }`. */
  delegations?: unknown;
  /** The benefit registry (`{ benefits: [...] }`); without it no item may declare entitlements. */
  benefits?: unknown;
  /** The source registry (`{ sources: [...] }`). */
  sources?: unknown;
  /** Raw rules, every version. */
  rules?: readonly unknown[];
}

/**
 * Parses and cross-checks raw catalogue data (bundles, department registry, registries, places).
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
  for (const d of departments) {
    const supervisor = d.escalation?.supervisor;
    if (supervisor !== undefined && (supervisor === d.id || !departments.some((x) => x.id === supervisor)))
      issues.push({
        field: `departments.${d.id}.escalation.supervisor`,
        message: `no other department ${supervisor}`,
      });
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
    bundles.push(b);
  }
  const registries = loadRegistries(data, departmentIds, bundles, issues);
  for (const b of bundles) issues.push(...validateBundle(b, departmentIds, registries.benefitMap));
  issues.push(...validateOfferTargets(bundles));

  const places = loadPlaces(data, departmentIds, bundles, issues);

  if (issues.length > 0) throw new CatalogueValidationError(issues);
  return new Catalogue(bundles, departments, { ...registries, ...places });
}

/** Parses and cross-checks the tree, profiles and delegations against the bundles, adding every problem to `issues`. */
function loadPlaces(
  data: CatalogueData,
  departments: ReadonlySet<string>,
  bundles: readonly Bundle[],
  issues: CatalogueIssue[],
): Pick<CatalogueRegistries, "places" | "profiles" | "delegations"> {
  const parsed = <T>(raw: unknown, schema: z.ZodType<T>, where: string): T | undefined => {
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    for (const i of result.error.issues)
      issues.push({ field: [where, ...i.path.map(String)].join("."), message: i.message });
    return undefined;
  };
  const tree =
    data.jurisdictions === undefined
      ? SINGLE_NODE_TREE
      : parsed(data.jurisdictions, JurisdictionTreeSchema, "jurisdictions");
  if (!tree) return {};
  const treeIssues = validateTree(tree);
  issues.push(...treeIssues);
  const places = new Jurisdictions(tree);
  const latest = new Map<string, Bundle>();
  for (const b of bundles) {
    const held = latest.get(b.id);
    if (!held || held.version < b.version) latest.set(b.id, b);
  }
  const profiles = (data.profiles ?? []).flatMap((raw, i) => {
    const p = parsed(raw, ProfileSchema, `profiles.${i}`);
    return p ? [p] : [];
  });
  issues.push(...validateProfiles(profiles, places, latest));
  const delegations =
    data.delegations === undefined ? undefined : parsed(data.delegations, DelegationsSchema, "delegations");
  if (delegations) {
    issues.push(...validateDelegations(delegations.grants, places, latest));
    if (delegations.grants.length > 0 && !departments.has(TOWN_OFFICE_DEPARTMENT))
      issues.push({
        field: "delegations",
        message: `delegated authority needs the ${TOWN_OFFICE_DEPARTMENT} department`,
      });
  }
  const provinces = places.all().filter((j) => j.level === "province").length;
  if (provinces > 1 && !departments.has(CROSS_PROVINCE_EXCHANGE))
    issues.push({
      field: "jurisdictions",
      message: `a tree of several provinces needs the ${CROSS_PROVINCE_EXCHANGE} department`,
    });
  return { places, profiles, ...(delegations ? { delegations } : {}) };
}

/** Parses and cross-checks the benefits, sources and rules, adding every problem to `issues`. */
function loadRegistries(
  data: CatalogueData,
  departments: ReadonlySet<string>,
  bundles: readonly Bundle[],
  issues: CatalogueIssue[],
): Required<Pick<CatalogueRegistries, "benefits" | "sources" | "rules">> & {
  benefitMap: ReadonlyMap<string, Benefit>;
} {
  const parsed = <T>(raw: unknown, schema: z.ZodType<T>, where: string): T | undefined => {
    if (raw === undefined) return undefined;
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    for (const i of result.error.issues)
      issues.push({ field: [where, ...i.path.map(String)].join("."), message: i.message });
    return undefined;
  };
  const benefits = parsed(data.benefits, BenefitRegistrySchema, "benefits")?.benefits ?? [];
  issues.push(...validateBenefits(benefits, departments));
  const benefitMap = firstById(benefits);
  const sources = parsed(data.sources, SourceRegistrySchema, "sources")?.sources ?? [];
  issues.push(...validateSources(sources, departments, benefitMap));
  const latestBundles = new Map<string, Bundle>();
  for (const b of bundles) {
    const held = latestBundles.get(b.id);
    if (!held || held.version < b.version) latestBundles.set(b.id, b);
  }
  const rules: Rule[] = [];
  const seen = new Set<string>();
  for (const raw of data.rules ?? []) {
    const { rule, issues: ruleIssues } = parseRule(raw);
    issues.push(...ruleIssues);
    if (!rule) continue;
    const key = `${rule.id}@${rule.version}`;
    if (seen.has(key))
      issues.push({ field: `rules.${rule.id}.v${rule.version}`, message: "duplicate rule version" });
    seen.add(key);
    issues.push(...validateRule(rule, latestBundles, benefitMap));
    rules.push(rule);
  }
  return { benefits, sources, rules, benefitMap };
}

/** By id, the first of each (a duplicate is a load issue of its own, not a second definition). */
function firstById<T extends { id: string }>(values: readonly T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const v of values) if (!byId.has(v.id)) byId.set(v.id, v);
  return byId;
}

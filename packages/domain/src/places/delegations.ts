import type { Jurisdictions } from "./jurisdictions.ts";
import { dayOf } from "./profiles.ts";
import type { DelegationGrant } from "./schema.ts";

/** Towns' delegated authority (下放), per bundle item, effective-dated. */
export class Delegations {
  readonly version: number;
  readonly grants: readonly DelegationGrant[];
  private readonly places: Jurisdictions;

  constructor(version: number, grants: readonly DelegationGrant[], places: Jurisdictions) {
    this.version = version;
    this.grants = grants;
    this.places = places;
  }

  /** Whether a town holds the item's authority on the day of `at` (ISO instant or YYYY-MM-DD). */
  holds(town: string, bundleId: string, itemId: string, at: string): boolean {
    const day = dayOf(at);
    return this.grants.some(
      (g) =>
        g.town === town &&
        g.bundle === bundleId &&
        g.item === itemId &&
        g.from <= day &&
        (g.until === undefined || day < g.until),
    );
  }

  /** Of a district's towns, how many hold the item's authority at `at`. */
  rate(district: string, bundleId: string, itemId: string, at: string): { towns: number; delegated: number } {
    const towns = this.places.has(district)
      ? this.places.children(district).filter((t) => t.level === "town")
      : [];
    const delegated = towns.filter((t) => this.holds(t.code, bundleId, itemId, at)).length;
    return { towns: towns.length, delegated };
  }
}

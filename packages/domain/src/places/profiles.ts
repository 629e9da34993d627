import { chinaDate } from "../calendar/dates.ts";
import type { AppliedProfile } from "../engine/types.ts";
import type { Jurisdictions } from "./jurisdictions.ts";
import type { Profile } from "./schema.ts";

/** The Beijing date of an ISO instant, or the date itself if given a YYYY-MM-DD. */
export function dayOf(at: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : chinaDate(new Date(at));
}

/**
 * Every place's profiles (every version). Resolution for a place at a time: on each node of the place's path,
 * root first, the highest version in effect (`effectiveFrom` on or before the day) that names the bundle; merged
 * root → leaf, the deeper layer overriding per item switch and per parameter.
 */
export class Profiles {
  private readonly byPlace = new Map<string, Profile[]>();
  private readonly places: Jurisdictions;

  constructor(profiles: readonly Profile[], places: Jurisdictions) {
    this.places = places;
    for (const p of profiles)
      this.byPlace.set(
        p.place,
        [...(this.byPlace.get(p.place) ?? []), p].sort((a, b) => b.version - a.version),
      );
  }

  /** Every profile, every version. */
  all(): Profile[] {
    return [...this.byPlace.values()].flat();
  }

  /** The profile a place runs a bundle on at `at` (ISO instant or YYYY-MM-DD). An unknown place gets none. */
  resolve(place: string, bundleId: string, at: string): AppliedProfile {
    const day = dayOf(at);
    const applied: AppliedProfile = { layers: [], disabled: [], parameters: {} };
    if (!this.places.has(place)) return applied;
    const switches = new Map<string, boolean>();
    for (const node of this.places.ancestors(place)) {
      const profile = (this.byPlace.get(node.code) ?? []).find(
        (p) => p.effectiveFrom <= day && p.bundles[bundleId] !== undefined,
      );
      const layer = profile?.bundles[bundleId];
      if (!profile || !layer) continue;
      applied.layers.push({ place: profile.place, version: profile.version });
      for (const [item, on] of Object.entries(layer.items)) switches.set(item, on);
      for (const [item, values] of Object.entries(layer.parameters))
        applied.parameters[item] = { ...applied.parameters[item], ...values };
    }
    applied.disabled = [...switches].filter(([, on]) => !on).map(([item]) => item);
    return applied;
  }
}

import { OutOfScopeError, type Principal } from "@onething/auth";
import { type Jurisdictions, PLATFORM_JURISDICTION, RefusalError, withinScope } from "@onething/domain";

/** Where a principal may see and act: its office and everything below it. */
export interface Scope {
  jurisdiction: string;
  /** The office's path in the tree ("000000/330000/330200/330212"). */
  path: string;
}

/**
 * The scope of an operator, clerk or department office, from its token's office and the catalogue's tree; a
 * citizen's or source's is undefined (their access is by identity, not place). An office the tree does not know
 * is refused (`unknown_office`), never widened; so is a clerk at the root.
 */
export function scopeOf(principal: Principal, places: Jurisdictions): Scope | undefined {
  if (principal.role === "citizen" || principal.role === "source") return undefined;
  const node = places.find(principal.office);
  if (!node) throw new OutOfScopeError("unknown_office", `the office ${principal.office} is not in the tree`);
  // A clerk acts for applicants in full: at the root that would be every case of the platform, unmasked.
  if (principal.role === "clerk" && node.code === places.root)
    throw new OutOfScopeError(
      "unknown_office",
      "a clerk's office is a counter's place, not the whole platform",
    );
  return { jurisdiction: node.code, path: node.path };
}

/** The whole platform: the tree's root. */
export const isPlatformScope = (scope: Scope | undefined): boolean =>
  scope !== undefined && scope.jurisdiction === PLATFORM_JURISDICTION;

/** Whether a place path lies within the scope (a place-less old case is within the platform scope only). */
export const placeWithin = (path: string | undefined, scope: Scope): boolean =>
  isPlatformScope(scope) || (path !== undefined && withinScope(path, scope.path));

/** Refuses a platform-only action (redrive, calendar import) to a scoped principal. */
export function assertPlatformScope(principal: Principal, places: Jurisdictions, action: string): void {
  if (!isPlatformScope(scopeOf(principal, places)))
    throw new OutOfScopeError("platform_only", `${action} is for the platform's own operators`);
}

/**
 * A place the caller asks about (a list's `place`): its scope, when within the caller's; otherwise `outside_scope`
 * (403). A code the tree does not know is 400 `unknown_place`, as on the summary.
 */
export function narrowScope(scope: Scope, place: string | undefined, places: Jurisdictions): Scope {
  if (place === undefined) return scope;
  const node = places.find(place);
  if (!node)
    throw new RefusalError("invalid", "unknown_place", `place: no place ${place} in the jurisdiction tree`);
  if (!placeWithin(node.path, scope))
    throw new OutOfScopeError("outside_scope", `the place ${place} is outside the caller's scope`);
  return { jurisdiction: node.code, path: node.path };
}

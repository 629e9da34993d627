/**
 * Claim mapping: the claims of whichever OpenID provider signed a token → the platform's claim names (`role`,
 * `id_number`, `uscc`, `office`, `permissions`, `name`) that `principalFromClaims` reads. The platform's own
 * issuers (the local provider, the dev issuer) already use those names; Cognito puts custom attributes under
 * `custom:` and roles in `cognito:groups`; a province's real-name system names them its own way, described by a
 * `ClaimMap` in the stage's configuration. Pure (no imports): the web pages use it too, to know who signed in.
 */

/** Where a provider keeps each platform claim: claim names tried in order, the first present wins. */
export interface ClaimMap {
  readonly role?: readonly string[];
  readonly idNumber?: readonly string[];
  readonly uscc?: readonly string[];
  readonly office?: readonly string[];
  readonly permissions?: readonly string[];
  readonly name?: readonly string[];
  /** Claims listing the account's groups (`cognito:groups`): a group may name a role or a permission. */
  readonly groups?: readonly string[];
  /** Group → platform role (`operators` → `operator`). */
  readonly groupRoles?: Readonly<Record<string, string>>;
  /** Group → permission (`reveal`, `calendar`). */
  readonly groupPermissions?: Readonly<Record<string, string>>;
  /**
   * The role of a token that names none (no role claim, no role group) but carries an ID number: a resident of
   * the real-name system is a citizen. Absent: such a token names no role (401).
   */
  readonly defaultRole?: "citizen";
  /**
   * Claims taken as they are, besides `sub`: only the platform's own issuers, whose tokens name a department or a
   * source system. Not configurable (the stage's schema refuses it): a province's token gives nothing the map does
   * not name, so a claim it happens to call `role` or `office` cannot make anyone an operator.
   */
  readonly keep?: readonly string[];
}

/** The platform's own claim names (the local OpenID provider, the dev issuer). */
export const PLATFORM_CLAIM_MAP: ClaimMap = {
  role: ["role"],
  idNumber: ["id_number"],
  uscc: ["uscc"],
  office: ["office"],
  permissions: ["permissions"],
  name: ["name"],
  keep: ["department", "source"],
};

/**
 * Cognito's: the user pool's custom attributes `custom:id_number`, `custom:uscc`, `custom:office`, and its groups
 * `operators`, `clerks` (roles) and `reveal`, `calendar` (operator permissions); anyone else with an ID number is a
 * citizen.
 */
export const COGNITO_CLAIM_MAP: ClaimMap = {
  idNumber: ["custom:id_number"],
  uscc: ["custom:uscc"],
  office: ["custom:office"],
  name: ["name"],
  groups: ["cognito:groups"],
  groupRoles: { operators: "operator", clerks: "clerk" },
  groupPermissions: { reveal: "reveal", calendar: "calendar" },
  defaultRole: "citizen",
};

/**
 * A list claim however it arrives: a JSON array, a space-separated string (Cognito's scopes, the platform's
 * `permissions`), or API Gateway's rendering of an array claim for the Lambda, `"[a b]"`.
 */
export function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (typeof value !== "string") return [];
  const text = value.trim().replace(/^\[(.*)\]$/s, "$1");
  return text.split(/[\s,]+/).filter(Boolean);
}

const first = (claims: Readonly<Record<string, unknown>>, names: readonly string[] | undefined) => {
  for (const name of names ?? []) {
    const value = claims[name];
    if (value !== undefined && value !== null && value !== "") return value;
  }
  return undefined;
};

/**
 * The platform claims of a token under `map`: `sub`, what the map names, and the claims it keeps (`keep`), nothing
 * else.
 *
 * @example mapClaims({ sub: "u1", "custom:id_number": "330…", "cognito:groups": ["reveal", "operators"] }, COGNITO_CLAIM_MAP)
 * // { sub: "u1", role: "operator", id_number: "330…", permissions: "reveal" }
 */
export function mapClaims(claims: Readonly<Record<string, unknown>>, map: ClaimMap): Record<string, unknown> {
  const groups = (map.groups ?? []).flatMap((name) => claimList(claims[name]));
  const groupRole = groups.map((g) => map.groupRoles?.[g]).find((r) => r !== undefined);
  const groupPermissions = groups.flatMap((g) => map.groupPermissions?.[g] ?? []);
  const listed = first(claims, map.permissions);
  const permissions = [...new Set([...claimList(listed), ...groupPermissions])];
  const idNumber = first(claims, map.idNumber);
  const role = first(claims, map.role) ?? groupRole ?? (idNumber !== undefined ? map.defaultRole : undefined);
  const out: Record<string, unknown> = { sub: claims.sub };
  for (const name of map.keep ?? []) if (claims[name] !== undefined) out[name] = claims[name];
  const set = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  set("role", role);
  set("id_number", idNumber);
  set("uscc", first(claims, map.uscc));
  set("office", first(claims, map.office));
  set("name", first(claims, map.name));
  // One space-separated string, as the platform's issuers write it.
  if (permissions.length > 0) out.permissions = permissions.join(" ");
  return out;
}

/** Both maps layered: the platform's names win, then Cognito's. What the API reads when nothing else is configured. */
export function defaultClaims(claims: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return typeof claims.role === "string"
    ? mapClaims(claims, PLATFORM_CLAIM_MAP)
    : mapClaims(claims, COGNITO_CLAIM_MAP);
}

import { type ClaimMap, claimList, defaultClaims, mapClaims } from "@onething/auth/claim-map";
import type { Session } from "../session.ts";

/**
 * Who signed in, from the ID token's claims mapped to the platform's names as the API maps them (the platform's own
 * issuers, Cognito's attributes and groups, or the stage's `claimMap`): the parts of a session the pages show. Undefined for a role the
 * pages do not serve (a clerk, a department).
 */
export function whoFrom(
  idTokenClaims: Readonly<Record<string, unknown>>,
  claimMap?: ClaimMap,
): Omit<Session, "token" | "expiresAt"> | undefined {
  const c = claimMap ? mapClaims(idTokenClaims, claimMap) : defaultClaims(idTokenClaims);
  const text = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  const office = text(c.office);
  if (c.role === "operator") {
    return {
      role: "operator",
      reveal: claimList(c.permissions).includes("reveal"),
      ...(office ? { office } : {}),
    };
  }
  if (c.role !== "citizen" || !text(c.id_number)) return undefined;
  const name = text(c.name);
  const uscc = text(c.uscc);
  return {
    role: "citizen",
    reveal: false,
    idNumber: String(c.id_number),
    ...(name ? { name } : {}),
    ...(uscc ? { uscc } : {}),
  };
}

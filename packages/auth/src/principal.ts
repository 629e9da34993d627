import { PLACE_CODE_PATTERN, PLATFORM_JURISDICTION } from "@onething/domain";
import { z } from "zod";
import { type ClaimMap, defaultClaims, mapClaims } from "./claim-map.ts";
import { type DepartmentClients, departmentClientClaims } from "./department-clients.ts";
import { UnauthenticatedError } from "./errors.ts";

/**
 * Who is calling, from verified JWT claims. On AWS, API Gateway's JWT authorizer verifies the token and
 * hands the claims to the Lambda; locally the dev gateway does the same, so handlers only ever read claims.
 */
export type Principal =
  | { role: "citizen"; subject: string; idNumber: string; uscc?: string }
  /** `office`: the jurisdiction code of the counter (a town, a district's hall …); every clerk has one. */
  | { role: "clerk"; subject: string; office: string }
  /** `office`: the jurisdiction of this department office (`PLATFORM_JURISDICTION`: the department everywhere). */
  | { role: "department"; subject: string; department: string; office: string }
  | { role: "operator"; subject: string; canReveal: boolean; canLoadCalendar: boolean; office: string }
  /** A source system sending data events (`POST /v1/events`); which event types it may send is configuration. */
  | { role: "source"; subject: string; source: string };

/** A jurisdiction code: 6 digits (province, city, district), 9 (town) or 12 (community). */
export const OFFICE_CODE = PLACE_CODE_PATTERN;
const office = z.string().regex(OFFICE_CODE);

const ClaimsSchema = z.discriminatedUnion("role", [
  z.object({
    role: z.literal("citizen"),
    sub: z.string().min(1),
    id_number: z.string().min(1),
    // An organisation's account (法人账户) also names the organisation's social credit code.
    uscc: z.string().min(1).optional(),
  }),
  z.object({ role: z.literal("clerk"), sub: z.string().min(1), office }),
  z.object({
    role: z.literal("department"),
    sub: z.string().min(1),
    department: z.string().min(1),
    office: office.optional(),
  }),
  z.object({ role: z.literal("source"), sub: z.string().min(1), source: z.string().min(1) }),
  z.object({
    role: z.literal("operator"),
    sub: z.string().min(1),
    // Cognito and API Gateway hand list claims over as a space-separated string.
    permissions: z.union([z.array(z.string()), z.string()]).optional(),
    office: office.optional(),
  }),
]);

/**
 * Reads the principal from verified claims; anything unexpected is a 401, never a crash. Whether the office is
 * in the jurisdiction tree is the cases layer's question (auth holds no catalogue). The claims are first mapped to
 * the platform's names (`claim-map.ts`): by `claimMap` when given (a province's issuer), else the platform's own
 * names or, for a token naming no `role`, Cognito's (`custom:id_number`, `cognito:groups` …).
 */
export function principalFromClaims(
  claims: unknown,
  claimMap?: ClaimMap,
  /** The stage's department clients (client credentials whose token names only its client): `department-clients.ts`. */
  clients?: DepartmentClients,
): Principal {
  const record =
    typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
  const mapped =
    record &&
    ((clients && departmentClientClaims(record, clients)) ??
      (claimMap ? mapClaims(record, claimMap) : defaultClaims(record)));
  const parsed = ClaimsSchema.safeParse(mapped);
  if (!parsed.success) throw new UnauthenticatedError("token claims do not name a known role");
  const c = parsed.data;
  switch (c.role) {
    case "citizen":
      return { role: "citizen", subject: c.sub, idNumber: c.id_number, ...(c.uscc ? { uscc: c.uscc } : {}) };
    case "clerk":
      return { role: "clerk", subject: c.sub, office: c.office };
    case "department":
      return {
        role: "department",
        subject: c.sub,
        department: c.department,
        office: c.office ?? PLATFORM_JURISDICTION,
      };
    case "source":
      return { role: "source", subject: c.sub, source: c.source };
    case "operator": {
      const permissions =
        typeof c.permissions === "string" ? c.permissions.split(" ") : (c.permissions ?? []);
      return {
        role: "operator",
        subject: c.sub,
        canReveal: permissions.includes("reveal"),
        canLoadCalendar: permissions.includes("calendar"),
        office: c.office ?? PLATFORM_JURISDICTION,
      };
    }
    default: {
      const never: never = c;
      throw new UnauthenticatedError(`unknown role ${String(never)}`);
    }
  }
}

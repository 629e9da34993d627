import { z } from "zod";
import { UnauthenticatedError } from "./errors.ts";

/**
 * Who is calling, from verified JWT claims. On AWS, API Gateway's JWT authorizer verifies the token and
 * hands the claims to the Lambda; locally the dev gateway does the same, so handlers only ever read claims.
 */
export type Principal =
  | { role: "citizen"; subject: string; idNumber: string; uscc?: string }
  | { role: "clerk"; subject: string; town: string }
  | { role: "department"; subject: string; department: string }
  | { role: "operator"; subject: string; canReveal: boolean; canLoadCalendar: boolean }
  /** A source system sending data events (`POST /v1/events`); which event types it may send is configuration. */
  | { role: "source"; subject: string; source: string };

const ClaimsSchema = z.discriminatedUnion("role", [
  z.object({
    role: z.literal("citizen"),
    sub: z.string().min(1),
    id_number: z.string().min(1),
    // An organisation's account (法人账户) also names the organisation's social credit code.
    uscc: z.string().min(1).optional(),
  }),
  z.object({ role: z.literal("clerk"), sub: z.string().min(1), town: z.string().min(1) }),
  z.object({ role: z.literal("department"), sub: z.string().min(1), department: z.string().min(1) }),
  z.object({ role: z.literal("source"), sub: z.string().min(1), source: z.string().min(1) }),
  z.object({
    role: z.literal("operator"),
    sub: z.string().min(1),
    // Cognito and API Gateway hand list claims over as a space-separated string.
    permissions: z.union([z.array(z.string()), z.string()]).optional(),
  }),
]);

/** Reads the principal from verified claims; anything unexpected is a 401, never a crash. */
export function principalFromClaims(claims: unknown): Principal {
  const parsed = ClaimsSchema.safeParse(claims);
  if (!parsed.success) throw new UnauthenticatedError("token claims do not name a known role");
  const c = parsed.data;
  switch (c.role) {
    case "citizen":
      return { role: "citizen", subject: c.sub, idNumber: c.id_number, ...(c.uscc ? { uscc: c.uscc } : {}) };
    case "clerk":
      return { role: "clerk", subject: c.sub, town: c.town };
    case "department":
      return { role: "department", subject: c.sub, department: c.department };
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
      };
    }
    default: {
      const never: never = c;
      throw new UnauthenticatedError(`unknown role ${String(never)}`);
    }
  }
}

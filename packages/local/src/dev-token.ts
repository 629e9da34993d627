import { createHash } from "node:crypto";
import { checkedString, residentIdIssue, usccIssue } from "@onething/domain";
import { z } from "zod";

/**
 * `POST /dev/token` — the local runtime's sign-in for the web pages: a bearer token from the dev issuer for the
 * identity in the body. **Local only**: the route lives in the local gateway (`http-server.ts`), not in the API
 * Lambda, so it does not exist on AWS, where the stage's OIDC identity provider (not part of this stack yet) issues
 * tokens. Like the CLI's tokens, the subject of a person is a pseudonym (a hash), never the ID number.
 */
export const DevTokenRequestSchema = z.discriminatedUnion("role", [
  z.strictObject({
    role: z.literal("citizen"),
    idNumber: checkedString(residentIdIssue),
    name: z.string().trim().min(1).max(50).optional(),
    /** An organisation's account also names the organisation's social credit code. */
    uscc: checkedString(usccIssue).optional(),
  }),
  z.strictObject({
    role: z.literal("operator"),
    reveal: z.boolean().optional(),
    calendar: z.boolean().optional(),
  }),
  z.strictObject({
    role: z.literal("clerk"),
    town: z.string().trim().min(1).max(50),
    name: z.string().trim().min(1).max(50).optional(),
  }),
  z.strictObject({ role: z.literal("department"), department: z.string().min(1).max(64) }),
]);
export type DevTokenRequest = z.infer<typeof DevTokenRequestSchema>;

export const DevTokenResponseSchema = z.strictObject({ token: z.string(), expiresAt: z.string() });
export type DevTokenResponse = z.infer<typeof DevTokenResponseSchema>;

/** Dev tokens live as long as the CLI's: a working day. */
export const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

const pseudonym = (prefix: string, value: string) =>
  `${prefix}-${createHash("sha256").update(value).digest("hex").slice(0, 16)}`;

/** The JWT claims `principalFromClaims` reads for a dev sign-in (the same subjects the CLI uses). */
export function devClaims(request: DevTokenRequest): Record<string, unknown> & { sub: string; role: string } {
  switch (request.role) {
    case "citizen":
      return {
        role: "citizen",
        sub: request.uscc ? pseudonym("org", request.uscc) : pseudonym("citizen", request.idNumber),
        id_number: request.idNumber,
        ...(request.uscc ? { uscc: request.uscc } : {}),
        ...(request.name ? { name: request.name } : {}),
      };
    case "operator":
      return {
        role: "operator",
        sub: "operator-web",
        ...(request.reveal || request.calendar
          ? {
              permissions: [request.reveal ? "reveal" : "", request.calendar ? "calendar" : ""]
                .filter(Boolean)
                .join(" "),
            }
          : {}),
      };
    case "clerk":
      return { role: "clerk", sub: `clerk-${request.name ?? request.town}`, town: request.town };
    case "department":
      return { role: "department", sub: `dept-${request.department}-web`, department: request.department };
    default: {
      const never: never = request;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
}

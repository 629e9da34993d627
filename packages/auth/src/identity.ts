import { createHash } from "node:crypto";

/**
 * Who a dev token stands for, before it is claims: what the CLI's `--as` and the web pages' dev sign-in name.
 * `principalFromClaims` reads the claims `claimsFor` makes of it, so the two cannot drift.
 */
export type Identity =
  | {
      readonly role: "citizen";
      readonly idNumber: string;
      /** An organisation's account (法人账户) also names the organisation's social credit code. */
      readonly uscc?: string | undefined;
      readonly name?: string | undefined;
    }
  /** `office`: the jurisdiction code of the counter. */
  | { readonly role: "clerk"; readonly office: string; readonly name?: string | undefined }
  /** `office`: the department office's jurisdiction; absent, the department everywhere. */
  | { readonly role: "department"; readonly department: string; readonly office?: string | undefined }
  /** A source system of the sources registry (`seeds/sources.json`), by its id. */
  | { readonly role: "source"; readonly source: string }
  | {
      readonly role: "operator";
      /** The `reveal` permission: unmasked PII. */
      readonly reveal?: boolean | undefined;
      /** The `calendar` permission: load holiday notices. */
      readonly calendar?: boolean | undefined;
      /** The operator's jurisdiction; absent, the whole platform. */
      readonly office?: string | undefined;
    };

/** The claims of a bearer token, as the dev issuer signs them and API Gateway's JWT authorizer hands them on. */
export type Claims = Record<string, unknown> & { sub: string; role: string };

/** A stable, non-identifying subject for a person: the ID number itself must not become a log key. */
const pseudonym = (prefix: string, value: string) =>
  `${prefix}-${createHash("sha256").update(value).digest("hex").slice(0, 16)}`;

/**
 * The JWT claims `principalFromClaims` reads for an identity. A person's subject is a pseudonym of their ID number
 * (or credit code), the same from every client; a machine role's subject names the client it acts through
 * (`dept-health-cli`, `source-health-death-registry-cli`, `operator-web`), which audit entries such as a calendar's `loadedBy` show.
 *
 * @example claimsFor({ role: "operator", calendar: true }, "cli") // { role: "operator", sub: "operator-cli", permissions: "calendar" }
 */
export function claimsFor(identity: Identity, client: string): Claims {
  switch (identity.role) {
    case "citizen":
      return {
        role: "citizen",
        sub: identity.uscc ? pseudonym("org", identity.uscc) : pseudonym("citizen", identity.idNumber),
        id_number: identity.idNumber,
        ...(identity.uscc ? { uscc: identity.uscc } : {}),
        ...(identity.name ? { name: identity.name } : {}),
      };
    case "clerk":
      return { role: "clerk", sub: `clerk-${identity.name ?? identity.office}`, office: identity.office };
    case "department":
      return {
        role: "department",
        sub: `dept-${identity.department}${identity.office ? `-${identity.office}` : ""}-${client}`,
        department: identity.department,
        ...(identity.office ? { office: identity.office } : {}),
      };
    case "source":
      return { role: "source", sub: `source-${identity.source}-${client}`, source: identity.source };
    case "operator": {
      // One space-separated string, as Cognito and API Gateway hand list claims over.
      const permissions = [identity.reveal ? "reveal" : "", identity.calendar ? "calendar" : ""].filter(
        Boolean,
      );
      return {
        role: "operator",
        sub: `operator-${identity.office ? `${identity.office}-` : ""}${client}`,
        ...(permissions.length > 0 ? { permissions: permissions.join(" ") } : {}),
        ...(identity.office ? { office: identity.office } : {}),
      };
    }
    default: {
      const never: never = identity;
      throw new Error(`unknown identity ${String(never)}`);
    }
  }
}

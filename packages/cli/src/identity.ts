import { createHash } from "node:crypto";
import { claimsFor as authClaimsFor, type Claims, createDevIssuer, OFFICE_CODE } from "@onething/auth";
import type { Bundle } from "@onething/domain";
import { maskPii, residentIdCheckChar, residentIdProblem, usccProblem } from "@onething/domain";
import { z } from "zod";
import type { Context } from "./context.ts";
import { readDevSecrets } from "./data-dir.ts";
import { CliError } from "./errors.ts";

/** Who the CLI acts as (stored in the case book); auth's `Identity`, turned into the claims of a dev token. */
export const IdentitySchema = z.discriminatedUnion("role", [
  z.strictObject({
    role: z.literal("citizen"),
    idNumber: z.string().min(1),
    /** An organisation's account (法人账户) names its social credit code too. */
    uscc: z.string().min(1).optional(),
  }),
  z.strictObject({
    role: z.literal("clerk"),
    name: z.string().min(1),
    office: z.string().regex(OFFICE_CODE),
  }),
  z.strictObject({
    role: z.literal("department"),
    department: z.string().min(1),
    office: z.string().regex(OFFICE_CODE).optional(),
  }),
  z.strictObject({ role: z.literal("source"), source: z.string().min(1) }),
  z.strictObject({
    role: z.literal("operator"),
    reveal: z.boolean().optional(),
    calendar: z.boolean().optional(),
    office: z.string().regex(OFFICE_CODE).optional(),
  }),
]);
export type Identity = z.infer<typeof IdentitySchema>;

/** A clerk's office when none is named: Yinzhou district's hall (鄞州区). */
export const DEFAULT_OFFICE = "330212";

/** `--office` and `@office`: a jurisdiction code (6 digits, 9 for a town, 12 for a community). */
export function parseOffice(text: string, flag: string): string {
  if (!OFFICE_CODE.test(text))
    throw new CliError(`${flag} ${text}: expected a jurisdiction code such as 330212 or 330212001`, {
      exitCode: 2,
      code: "usage",
    });
  return text;
}

/** A source system's id as the sources registry spells it (kebab-case). */
export const SOURCE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** How the CLI's tokens name themselves in machine subjects (`dept-health-cli`, `operator-cli`). */
const CLIENT = "cli";

/** The JWT claims principalFromClaims reads for this identity (auth's `claimsFor`, as the CLI). */
export function claimsFor(identity: Identity): Claims {
  return authClaimsFor(identity, CLIENT);
}

/**
 * Short text for the screen: `citizen 330212********0134` (the ID number masked as the platform masks it),
 * `organisation <uscc>`, `clerk 张三 (330212001)`, `operator @330212`.
 */
export function describeIdentity(identity: Identity): string {
  switch (identity.role) {
    case "citizen":
      return identity.uscc
        ? `organisation ${identity.uscc}`
        : `citizen ${maskPii("idNumber", identity.idNumber)}`;
    case "clerk":
      return `clerk ${identity.name} (${identity.office})`;
    case "department":
      return `department ${identity.department}${identity.office ? ` @${identity.office}` : ""}`;
    case "source":
      return `source ${identity.source}`;
    case "operator": {
      const at = identity.office ? ` @${identity.office}` : "";
      return identity.reveal || identity.calendar
        ? `operator${at} (${[identity.reveal ? "reveal" : "", identity.calendar ? "calendar" : ""].filter(Boolean).join(", ")})`
        : `operator${at}`;
    }
    default: {
      const never: never = identity;
      return String(never);
    }
  }
}

/**
 * `--as` values: `operator[:reveal][@<office>]`, `citizen:<idNumber>`, `org:<uscc>[:<idNumber>]`,
 * `clerk:<name>[@<office>]`, `department:<id>[@<office>]`, `source:<sourceId>`; an office is a jurisdiction code.
 */
export function parseIdentity(text: string): Identity {
  const [head = "", ...rest] = text.split(":");
  const [role = "", roleOffice] = head.split("@");
  const value = rest.join(":");
  const at = (office: string | undefined) => (office ? { office: parseOffice(office, `--as ${text}:`) } : {});
  switch (role) {
    case "operator": {
      const [permission = "", office] = value ? value.split("@") : ["", roleOffice];
      if (permission && permission !== "reveal") break;
      return { role: "operator", ...(permission === "reveal" ? { reveal: true } : {}), ...at(office) };
    }
    case "citizen": {
      if (!value) break;
      const problem = residentIdProblem(value);
      if (problem)
        throw new CliError(`--as citizen:${value}: the ID number ${problem}`, { exitCode: 2, code: "usage" });
      return { role: "citizen", idNumber: value };
    }
    case "org": {
      const [uscc = "", idNumber] = value.split(":");
      if (!uscc) break;
      const problem = usccProblem(uscc);
      if (problem) {
        throw new CliError(`--as org:${uscc}: the credit code ${problem}`, { exitCode: 2, code: "usage" });
      }
      return { role: "citizen", idNumber: idNumber || representativeIdFor(uscc), uscc };
    }
    case "clerk": {
      const [name = "", office] = value.split("@");
      if (!name) break;
      return { role: "clerk", name, office: office ? parseOffice(office, `--as ${text}:`) : DEFAULT_OFFICE };
    }
    case "department": {
      const [department = "", office] = value.split("@");
      if (!department) break;
      return { role: "department", department, ...at(office) };
    }
    case "source":
      if (!SOURCE_ID.test(value)) break;
      return { role: "source", source: value };
    default:
      break;
  }
  throw new CliError(
    `--as ${text}: expected operator[:reveal][@<office>], citizen:<idNumber>, org:<uscc>, clerk:<name>[@<office>], department:<id>[@<office>] or source:<id>`,
    { exitCode: 2, code: "usage" },
  );
}

/**
 * A valid resident ID number standing for an organisation's legal representative when the form names none:
 * the token's `id_number` claim is required, and it must be the same each time for the same organisation.
 */
export function representativeIdFor(uscc: string): string {
  const digits = createHash("sha256").update(uscc).digest();
  const day = 1 + ((digits[0] ?? 0) % 28);
  const month = 1 + ((digits[1] ?? 0) % 12);
  const year = 1960 + ((digits[2] ?? 0) % 30);
  const seq = String(((digits[3] ?? 0) * 256 + (digits[4] ?? 0)) % 1000).padStart(3, "0");
  const first17 = `330212${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${seq}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

/**
 * The applicant of an application as a citizen identity: a person's `applicant.idNumber`; for an organisation,
 * its `applicant.uscc` with the legal representative's ID number when the form has one.
 */
export function applicantIdentity(
  bundle: Bundle,
  application: { applicant: Record<string, unknown> },
): Identity & { role: "citizen" } {
  const applicant = application.applicant;
  if (bundle.applicantKind === "person") {
    const idNumber = applicant.idNumber;
    if (typeof idNumber !== "string" || idNumber === "") {
      throw new CliError(
        `the application has no applicant.idNumber (bundle ${bundle.id} applies as a person)`,
      );
    }
    return { role: "citizen", idNumber };
  }
  const uscc = applicant.uscc;
  if (typeof uscc !== "string" || uscc === "") {
    throw new CliError(
      `the application has no applicant.uscc (bundle ${bundle.id} applies as an organisation)`,
    );
  }
  const representativeField = bundle.form.fields.find(
    (f) => f.section === "applicant" && f.type === "idNumber" && typeof applicant[f.name] === "string",
  );
  const idNumber = representativeField
    ? String(applicant[representativeField.name])
    : representativeIdFor(uscc);
  return { role: "citizen", idNumber, uscc };
}

const TOKEN_TTL_SECONDS = 12 * 3600;

/** Signs a dev token for this identity with the issuer secret of the platform in ctx.dataDir. */
export async function mintToken(
  ctx: Context,
  identity: Identity,
  ttlSeconds = TOKEN_TTL_SECONDS,
): Promise<string> {
  const { devIssuerSecret } = await readDevSecrets(ctx);
  return createDevIssuer(devIssuerSecret).sign(claimsFor(identity), ttlSeconds);
}

/** Mints tokens for many identities with one read of the secret (for `load`). */
export async function tokenMinter(ctx: Context): Promise<(identity: Identity) => Promise<string>> {
  const { devIssuerSecret } = await readDevSecrets(ctx);
  const issuer = createDevIssuer(devIssuerSecret);
  const cache = new Map<string, Promise<string>>();
  return (identity) => {
    const key = JSON.stringify(identity);
    let token = cache.get(key);
    if (!token) {
      token = issuer.sign(claimsFor(identity), TOKEN_TTL_SECONDS);
      cache.set(key, token);
    }
    return token;
  };
}

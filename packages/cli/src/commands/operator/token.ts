import { residentIdProblem, usccProblem } from "@onething/domain";
import { catalogue } from "../../catalogue.ts";
import type { Command } from "../../command.ts";
import { emit } from "../../context.ts";
import {
  claimsFor,
  DEFAULT_OFFICE,
  type Identity,
  mintToken,
  parseOffice,
  representativeIdFor,
  SOURCE_ID,
} from "../../identity.ts";

/** The sources registry's ids (`seeds/sources.json`). */
function knownSources(): string[] | undefined {
  const sources = catalogue().sources;
  return sources.size > 0 ? [...sources.keys()] : undefined;
}

export const tokenCommand: Command = {
  name: "token",
  summary: "mint a dev token for the local issuer (citizen, clerk, department, source, operator)",
  usage: [
    "token citizen <idNumber> [--uscc <code>]",
    "token org <uscc> [--id-number <legal representative's ID number>]",
    "token clerk <name> [--office <code>]",
    "token department <departmentId> [--office <code>]",
    "token source <sourceId>",
    "token operator [--reveal] [--calendar] [--office <code>]",
  ],
  description: [
    "Signs a bearer token with the dev issuer secret the local platform keeps in <data-dir>/dev-secrets.json, " +
      "so the platform must have been started with that data directory once. Prints the token alone " +
      "(use it as `Authorization: Bearer <token>`), or the token and its claims with --json.",
  ],
  options: {
    uscc: {
      type: "string",
      value: "<code>",
      description: "citizen: also represent this organisation (法人账户)",
    },
    "id-number": {
      type: "string",
      value: "<idNumber>",
      description: "org: the legal representative's ID number",
    },
    office: {
      type: "string",
      value: "<code>",
      description: `the office's jurisdiction code: a clerk's counter (default ${DEFAULT_OFFICE}), a department office's or an operator's scope (default: the whole platform)`,
    },
    reveal: { type: "boolean", description: "operator: with the `reveal` permission (unmasked PII)" },
    calendar: {
      type: "boolean",
      description: "operator: with the `calendar` permission (load holiday notices)",
    },
    ttl: { type: "string", value: "<seconds>", description: "lifetime (default 43200, 12 hours)" },
  },
  positionals: { min: 1, max: 2 },
  examples: [
    "onething token citizen 330212196403210134",
    'curl -H "Authorization: Bearer $(onething token operator)" localhost:3000/v1/ops/summary',
    "onething token source health-death-registry",
  ],
  async run(ctx, args) {
    const kind = args.positional(0, "the kind of token (citizen, org, clerk, department, source, operator)");
    const value = args.positionals[1];
    const needValue = (what: string) => {
      if (value === undefined) throw args.usage(`token ${kind} needs ${what}`);
      return value;
    };
    const officeText = args.string("office");
    const office = officeText === undefined ? undefined : parseOffice(officeText, "--office");
    let identity: Identity;
    switch (kind) {
      case "citizen": {
        const idNumber = needValue("an ID number");
        const problem = residentIdProblem(idNumber);
        if (problem) throw args.usage(`the ID number ${idNumber} ${problem}`);
        const uscc = args.string("uscc");
        if (uscc !== undefined && usccProblem(uscc)) throw args.usage(`--uscc ${uscc} ${usccProblem(uscc)}`);
        identity = { role: "citizen", idNumber, ...(uscc ? { uscc } : {}) };
        break;
      }
      case "org": {
        const uscc = needValue("a unified social credit code");
        const problem = usccProblem(uscc);
        if (problem) throw args.usage(`the credit code ${uscc} ${problem}`);
        const idNumber = args.string("id-number") ?? representativeIdFor(uscc);
        if (residentIdProblem(idNumber))
          throw args.usage(`--id-number ${idNumber} ${residentIdProblem(idNumber)}`);
        identity = { role: "citizen", idNumber, uscc };
        break;
      }
      case "clerk":
        identity = {
          role: "clerk",
          name: needValue("the clerk's name"),
          office: office ?? DEFAULT_OFFICE,
        };
        break;
      case "department": {
        const department = needValue("a department id");
        const known = [...catalogue().departments.keys()];
        if (!known.includes(department)) {
          throw args.usage(`unknown department '${department}' (one of: ${known.join(", ")})`);
        }
        identity = { role: "department", department, ...(office ? { office } : {}) };
        break;
      }
      case "source": {
        const source = needValue("a source system id");
        const known = knownSources();
        if (known ? !known.includes(source) : !SOURCE_ID.test(source)) {
          throw args.usage(
            known
              ? `unknown source '${source}' (one of: ${known.join(", ")})`
              : `source id '${source}' is not kebab-case`,
          );
        }
        identity = { role: "source", source };
        break;
      }
      case "operator":
        if (value !== undefined) throw args.usage("token operator takes no argument");
        identity = {
          role: "operator",
          ...(args.flag("reveal") ? { reveal: true } : {}),
          ...(args.flag("calendar") ? { calendar: true } : {}),
          ...(office ? { office } : {}),
        };
        break;
      default:
        throw args.usage(
          `unknown token kind '${kind}' (citizen, org, clerk, department, source or operator)`,
        );
    }
    const ttl = args.number("ttl", { min: 60, max: 30 * 86_400, integer: true });
    const token = await mintToken(ctx, identity, ttl);
    emit(ctx, { token, claims: claimsFor(identity), expiresInSeconds: ttl ?? 43_200 }, () => token);
    return 0;
  },
};

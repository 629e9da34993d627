/**
 * Deployment stages as typed configuration: everything that differs between dev and prod lives here, nothing in
 * the constructs. Pick one with `--context stage=<name>` (default `dev`).
 */

import { type ClaimMap, parseClaimMap } from "@onething/auth";
import { NOTICE_CHANNELS } from "@onething/topology";
import type { StageIdentity } from "./identity.ts";

/** Who may assume a department's role (see `DepartmentAccess` in the README's "Deploy to AWS"). */
export interface DepartmentPrincipal {
  /** The AWS account the department's system runs in. Default: the deploying account. */
  readonly account?: string;
  /** The `sts:ExternalId` the department must present. Default: `onething-<stage>-<departmentId>`. */
  readonly externalId?: string;
}

/** Who may assume a source system's role (see `SourceAccess` in the README's "Deploy to AWS"). */
export interface SourcePrincipal {
  /** The AWS account the source system runs in. Default: the deploying account. */
  readonly account?: string;
  /** The `sts:ExternalId` the source must present. Default: `onething-<stage>-source-<sourceId>`. */
  readonly externalId?: string;
}

export interface StageConfig {
  readonly name: "dev" | "prod";
  /** Prefix of every derived physical name (queues): `onething-<stage>`. */
  readonly prefix: string;
  /** Deletion protection on the table, and RETAIN instead of DESTROY for data (table, key, secret, log groups). */
  readonly protectData: boolean;
  /** Days CloudWatch keeps function and access logs. */
  readonly logRetentionDays: 7 | 14 | 30 | 90 | 180 | 365;
  /**
   * The JWT authorizer's issuer (the identity provider's `iss`) and accepted audiences (`aud`) for an external
   * issuer; with a Cognito user pool (`identity`), the pool's issuer and the pages' client replace them.
   */
  readonly jwt: { readonly issuer: string; readonly audience: readonly string[] };
  /** Who signs people in: the stack's Cognito user pool, or an external OIDC issuer (`jwt`). */
  readonly identity: StageIdentity;
  /** An external issuer's claim names (`ClaimMap`), given to the api function as `CLAIM_MAP`; absent: the default. */
  readonly claimMap?: ClaimMap;
  /** API Gateway default-stage throttling (requests per second, burst). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly alarms: {
    /** Function error rate (errors / invocations, percent, over 5 minutes) that raises an alarm. */
    readonly errorRatePercent: number;
    /** Throttled invocations per 5 minutes that raise an alarm. */
    readonly throttles: number;
  };
  /** Per department: who may assume its role. Departments not listed: the deploying account, with the default id. */
  readonly departmentPrincipals: Readonly<Record<string, DepartmentPrincipal>>;
  /** Per source system: who may assume its role. Sources not listed: the deploying account, with the default id. */
  readonly sourcePrincipals: Readonly<Record<string, SourcePrincipal>>;
  /**
   * Per notice channel (`sms`, `push`): who may assume its gateway's role (the province SMS platform, the app's push
   * service) to subscribe to the channel's topic and report receipts. Not listed: the deploying account (dev only).
   */
  readonly noticeGatewayPrincipals: Readonly<Record<string, SourcePrincipal>>;
  /** Directory of the built web pages, from the repository root. */
  readonly webDir: string;
  /** Where alarms are e-mailed (an SNS e-mail subscription, confirmed by its recipient). Required for prod. */
  readonly alarmEmail?: string;
}

/** What differs between stages; the rest follows from the name or is given by the context. */
type StageSettings = Pick<
  StageConfig,
  "protectData" | "logRetentionDays" | "jwt" | "identity" | "throttle" | "alarms"
>;

/**
 * Physical names are prefixed `onething-<stage>`; department and source principals and the alarm e-mail come from
 * context.
 */
const defineStage = (name: StageConfig["name"], settings: StageSettings): StageConfig => ({
  name,
  prefix: `onething-${name}`,
  ...settings,
  departmentPrincipals: {},
  sourcePrincipals: {},
  noticeGatewayPrincipals: {},
  webDir: "packages/web/dist",
});

export const STAGES: Readonly<Record<StageConfig["name"], StageConfig>> = {
  dev: defineStage("dev", {
    protectData: false,
    logRetentionDays: 14,
    jwt: { issuer: "https://auth.dev.onething.example.gov.cn/", audience: ["onething-dev"] },
    // A user pool of its own, unless `--context identityProvider=external` (with jwtIssuer) names one.
    identity: { kind: "cognito", domainPrefix: "onething-dev" },
    throttle: { rateLimit: 50, burstLimit: 100 },
    alarms: { errorRatePercent: 10, throttles: 10 },
  }),
  prod: defineStage("prod", {
    protectData: true,
    logRetentionDays: 365,
    // Must be given on deployment (context `jwtIssuer`): there is no sensible default identity provider.
    jwt: { issuer: "", audience: ["onething"] },
    // The province's real-name system by default; `--context identityProvider=cognito` deploys a user pool.
    identity: { kind: "external" },
    throttle: { rateLimit: 500, burstLimit: 1000 },
    alarms: { errorRatePercent: 1, throttles: 1 },
  }),
};

/**
 * CDK context keys that override a stage's configuration (`--context key=value`, or `context` in cdk.json).
 * `departmentPrincipals` is JSON: `{"health":{"account":"111122223333","externalId":"…"}}`; `sourcePrincipals` the
 * same by source id: `{"health-death-registry":{"account":"…","externalId":"…"}}`.
 */
export const STAGE_CONTEXT = {
  jwtIssuer: "jwtIssuer",
  jwtAudience: "jwtAudience",
  alarmEmail: "alarmEmail",
  departmentPrincipals: "departmentPrincipals",
  sourcePrincipals: "sourcePrincipals",
  /** JSON by notice channel: `{"sms":{"account":"…","externalId":"…"},"push":{…}}`. */
  noticeGatewayPrincipals: "noticeGatewayPrincipals",
  /** `cognito` (a user pool in the stack) or `external` (the issuer of `jwtIssuer`). */
  identityProvider: "identityProvider",
  /** The user pool's hosted-domain prefix (unique in the region). Default `onething-<stage>`. */
  cognitoDomainPrefix: "cognitoDomainPrefix",
  /** An external issuer: the pages' client id (default: the first `jwtAudience`), scope, and the API's bearer. */
  oidcClientId: "oidcClientId",
  oidcScope: "oidcScope",
  oidcApiToken: "oidcApiToken",
  /** An external issuer's claim map (JSON, `ClaimMap` of @onething/auth): its names for the platform's claims. */
  claimMap: "claimMap",
} as const;

/** The configuration is not fit to deploy: synthesis stops, naming what is missing. */
export class StageConfigError extends Error {
  override name = "StageConfigError";
}

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

/**
 * The named stage with the CDK context's overrides applied (`tryGetContext` of the app): `jwtIssuer`,
 * `jwtAudience` (comma-separated), `alarmEmail`, `departmentPrincipals` and `sourcePrincipals` (JSON objects, or
 * objects from cdk.json).
 */
export function resolveStage(
  name: unknown,
  context: (key: string) => unknown = () => undefined,
): StageConfig {
  const stage = stageNamed(name);
  const issuer = nonEmpty(context(STAGE_CONTEXT.jwtIssuer));
  const audience = nonEmpty(context(STAGE_CONTEXT.jwtAudience));
  const alarmEmail = nonEmpty(context(STAGE_CONTEXT.alarmEmail));
  const departmentPrincipals =
    principalsFrom(context, STAGE_CONTEXT.departmentPrincipals, "department") ?? stage.departmentPrincipals;
  const sourcePrincipals =
    principalsFrom(context, STAGE_CONTEXT.sourcePrincipals, "source") ?? stage.sourcePrincipals;
  const noticeGatewayPrincipals =
    principalsFrom(context, STAGE_CONTEXT.noticeGatewayPrincipals, "notice channel") ??
    stage.noticeGatewayPrincipals;
  return {
    ...stage,
    identity: identityFrom(context, stage),
    ...claimMapFrom(context),
    jwt: {
      issuer: issuer ?? stage.jwt.issuer,
      audience: audience ? audience.split(",").map((a) => a.trim()) : stage.jwt.audience,
    },
    departmentPrincipals,
    sourcePrincipals,
    noticeGatewayPrincipals,
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}

/** A principals map from the context (a JSON string, or an object from cdk.json), or undefined when not given. */
function principalsFrom(
  context: (key: string) => unknown,
  key: string,
  what: string,
): Record<string, DepartmentPrincipal> | undefined {
  const given = context(key);
  if (given === undefined) return undefined;
  let principals: unknown;
  try {
    principals = typeof given === "string" ? JSON.parse(given) : given;
  } catch (error) {
    throw new StageConfigError(`--context ${key} is not JSON: ${(error as Error).message}`);
  }
  if (typeof principals !== "object" || principals === null)
    throw new StageConfigError(
      `--context ${key} must be a JSON object of ${what} id to {"account", "externalId"}`,
    );
  return principals as Record<string, DepartmentPrincipal>;
}

/** An issuer that cannot be a real identity provider's: empty, not HTTPS, or an `example` placeholder. */
export const isPlaceholderIssuer = (issuer: string): boolean =>
  !/^https:\/\/[^/]+/.test(issuer) || /(^|[./])example([./]|$)/.test(new URL(issuer).hostname);

/**
 * What is not fit to deploy in a stage's configuration, one line each naming the context key that fixes it: a
 * placeholder JWT issuer, no audience, no alarm e-mail, a department or source system without an AWS account to
 * trust.
 */
export function stageProblems(
  stage: StageConfig,
  departmentIds: readonly string[],
  sourceIds: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  // A user pool in the stack brings its own issuer and audience; an external issuer must be named.
  const external = stage.identity.kind === "external";
  if (external && isPlaceholderIssuer(stage.jwt.issuer))
    problems.push(
      `the JWT issuer "${stage.jwt.issuer}" is a placeholder: --context ${STAGE_CONTEXT.jwtIssuer}=https://<your identity provider>/`,
    );
  if (external && (stage.jwt.audience.length === 0 || stage.jwt.audience.some((a) => a === "")))
    problems.push(`no JWT audience: --context ${STAGE_CONTEXT.jwtAudience}=<aud>[,<aud>…]`);
  if (!stage.alarmEmail || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(stage.alarmEmail))
    problems.push(`no alarm e-mail: --context ${STAGE_CONTEXT.alarmEmail}=<address>`);
  const missing = departmentIds.filter(
    (id) => !/^\d{12}$/.test(stage.departmentPrincipals[id]?.account ?? ""),
  );
  if (missing.length > 0)
    problems.push(
      `departments without an AWS account to trust (12 digits): ${missing.join(", ")}: --context ${STAGE_CONTEXT.departmentPrincipals}='{"<id>":{"account":"<12 digits>","externalId":"<secret id>"}}'`,
    );
  const missingSources = sourceIds.filter(
    (id) => !/^\d{12}$/.test(stage.sourcePrincipals[id]?.account ?? ""),
  );
  if (missingSources.length > 0)
    problems.push(
      `source systems without an AWS account to trust (12 digits): ${missingSources.join(", ")}: --context ${STAGE_CONTEXT.sourcePrincipals}='{"<id>":{"account":"<12 digits>","externalId":"<secret id>"}}'`,
    );
  // Without its gateway nothing a channel publishes reaches anyone.
  const missingGateways = NOTICE_CHANNELS.filter(
    (channel) => !/^\d{12}$/.test(stage.noticeGatewayPrincipals[channel]?.account ?? ""),
  );
  if (missingGateways.length > 0)
    problems.push(
      `notice channels without a gateway account to trust (12 digits): ${missingGateways.join(", ")}: --context ${STAGE_CONTEXT.noticeGatewayPrincipals}='{"sms":{"account":"<12 digits>","externalId":"<secret id>"},"push":{…}}'`,
    );
  return problems;
}

/** The stage named on the command line; an unknown name fails synthesis with the known ones listed. */
export function stageNamed(name: unknown): StageConfig {
  const stage = typeof name === "string" ? STAGES[name as StageConfig["name"]] : undefined;
  if (!stage)
    throw new Error(`unknown stage "${String(name)}": use --context stage=${Object.keys(STAGES).join("|")}`);
  return stage;
}

/** The stack id: the stage is part of it, so dev and prod can live in one account. */
export const stackId = (stage: StageConfig): string => `OneThing-${stage.name}`;

/** The stage's identity provider with the context's choice applied (`identityProvider`, and its settings). */
function identityFrom(context: (key: string) => unknown, stage: StageConfig): StageIdentity {
  const kind = nonEmpty(context(STAGE_CONTEXT.identityProvider)) ?? stage.identity.kind;
  if (kind === "cognito") {
    const domainPrefix = nonEmpty(context(STAGE_CONTEXT.cognitoDomainPrefix)) ?? stage.prefix;
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domainPrefix) || domainPrefix.includes("cognito"))
      throw new StageConfigError(
        `--context ${STAGE_CONTEXT.cognitoDomainPrefix} must be lower-case letters, digits and hyphens (not "cognito")`,
      );
    return { kind, domainPrefix };
  }
  if (kind !== "external")
    throw new StageConfigError(`--context ${STAGE_CONTEXT.identityProvider} must be cognito or external`);
  const apiToken = nonEmpty(context(STAGE_CONTEXT.oidcApiToken));
  if (apiToken !== undefined && apiToken !== "access_token" && apiToken !== "id_token")
    throw new StageConfigError(`--context ${STAGE_CONTEXT.oidcApiToken} must be access_token or id_token`);
  return {
    kind,
    clientId: nonEmpty(context(STAGE_CONTEXT.oidcClientId)),
    scope: nonEmpty(context(STAGE_CONTEXT.oidcScope)),
    apiToken,
  };
}

/** The context's claim map (a JSON string, or an object from cdk.json), checked as the api function will read it. */
function claimMapFrom(context: (key: string) => unknown): { claimMap?: ClaimMap } {
  const given = context(STAGE_CONTEXT.claimMap);
  if (given === undefined || given === "") return {};
  try {
    return { claimMap: parseClaimMap(typeof given === "string" ? given : JSON.stringify(given)) };
  } catch (error) {
    throw new StageConfigError(`--context ${STAGE_CONTEXT.claimMap}: ${(error as Error).message}`);
  }
}

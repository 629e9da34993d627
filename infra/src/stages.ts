/**
 * Deployment stages as typed configuration: everything that differs between dev and prod lives here, nothing in
 * the constructs. Pick one with `--context stage=<name>` (default `dev`).
 */

/** Who may assume a department's role (see `DepartmentAccess` in the README's "Deploy to AWS"). */
export interface DepartmentPrincipal {
  /** The AWS account the department's system runs in. Default: the deploying account. */
  readonly account?: string;
  /** The `sts:ExternalId` the department must present. Default: `onething-<stage>-<departmentId>`. */
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
  /** The JWT authorizer's issuer (the identity provider's `iss`) and accepted audiences (`aud`). */
  readonly jwt: { readonly issuer: string; readonly audience: readonly string[] };
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
  /** Directory of the built web pages (issue 6), from the repository root. */
  readonly webDir: string;
}

export const STAGES: Readonly<Record<StageConfig["name"], StageConfig>> = {
  dev: {
    name: "dev",
    prefix: "onething-dev",
    protectData: false,
    logRetentionDays: 14,
    jwt: { issuer: "https://auth.dev.onething.example.gov.cn/", audience: ["onething-dev"] },
    throttle: { rateLimit: 50, burstLimit: 100 },
    alarms: { errorRatePercent: 10, throttles: 10 },
    departmentPrincipals: {},
    webDir: "packages/web/dist",
  },
  prod: {
    name: "prod",
    prefix: "onething-prod",
    protectData: true,
    logRetentionDays: 365,
    jwt: { issuer: "https://auth.onething.example.gov.cn/", audience: ["onething"] },
    throttle: { rateLimit: 500, burstLimit: 1000 },
    alarms: { errorRatePercent: 1, throttles: 1 },
    departmentPrincipals: {},
    webDir: "packages/web/dist",
  },
};

/** The stage named on the command line; an unknown name fails synthesis with the known ones listed. */
export function stageNamed(name: unknown): StageConfig {
  const stage = typeof name === "string" ? STAGES[name as StageConfig["name"]] : undefined;
  if (!stage)
    throw new Error(`unknown stage "${String(name)}": use --context stage=${Object.keys(STAGES).join("|")}`);
  return stage;
}

/** The stack id: the stage is part of it, so dev and prod can live in one account. */
export const stackId = (stage: StageConfig): string => `OneThing-${stage.name}`;

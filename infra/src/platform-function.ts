import { join } from "node:path";
import type { FunctionSpec } from "@onething/topology";
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { StageConfig } from "./stages.ts";

/** The repository root: entries in the topology are relative to it, and it is esbuild's project root. */
export const REPO_ROOT = join(import.meta.dirname, "..", "..");

/**
 * esbuild options every function is bundled with, shared with the cold-start bench so it measures what deploys:
 * ESM (top-level await at init), minified, for the runtime's Node major, the packages' ESM builds first (esbuild's
 * CJS shim would `require("node:https")` inside an ESM bundle, which Lambda's ESM scope cannot), AWS SDK bundled
 * (the versions the tests ran, not whatever the runtime ships).
 */
export const BUNDLING = {
  format: "esm",
  target: "node24",
  platform: "node",
  minify: true,
  mainFields: ["module", "main"],
} as const;

const RETENTION: Readonly<Record<StageConfig["logRetentionDays"], logs.RetentionDays>> = {
  7: logs.RetentionDays.ONE_WEEK,
  14: logs.RetentionDays.TWO_WEEKS,
  30: logs.RetentionDays.ONE_MONTH,
  90: logs.RetentionDays.THREE_MONTHS,
  180: logs.RetentionDays.SIX_MONTHS,
  365: logs.RetentionDays.ONE_YEAR,
};

/** CloudWatch's retention for a stage's `logRetentionDays` (function logs and the API's access logs). */
export const logRetention = (days: StageConfig["logRetentionDays"]): logs.RetentionDays => RETENTION[days];

/** What a function needs of its spec: a topology function's, or the task-token rotation function's. */
export type PlatformFunctionSpec = Pick<FunctionSpec, "entry" | "timeoutSeconds" | "memorySizeMb"> & {
  readonly name: string;
};

export interface PlatformFunctionProps<S extends PlatformFunctionSpec = FunctionSpec> {
  readonly spec: S;
  /** The variables the topology lists for the function, with their deployed values. */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetentionDays: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** CloudWatch Metrics namespace of the platform's custom metrics (EMF, Powertools Metrics). */
  readonly metricsNamespace: string;
}

/**
 * One Lambda function of the platform with every default in one place: Node 24 on ARM64, bundled locally by esbuild
 * (no Docker), source maps, the topology's timeout and memory, its own role (no AWS managed policy) and log group
 * (retention from the stage), JSON structured logging, X-Ray tracing. Permissions are granted by the stack, from
 * what the topology says the function reads.
 */
export class PlatformFunction<S extends PlatformFunctionSpec = FunctionSpec> extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly spec: S;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps<S>) {
    super(scope, id);
    this.spec = props.spec;
    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `OneThing ${props.spec.name} function`,
    });
    // Instead of AWSLambdaBasicExecutionRole: write to this function's log group only.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new NodejsFunction(this, "Function", {
      entry: join(REPO_ROOT, props.spec.entry),
      handler: "handler",
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.spec.memorySizeMb,
      timeout: Duration.seconds(props.spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        ...props.environment,
        NODE_OPTIONS: "--enable-source-maps",
        POWERTOOLS_SERVICE_NAME: props.spec.name,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        minify: BUNDLING.minify,
        mainFields: [...BUNDLING.mainFields],
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: false,
        bundleAwsSDK: true,
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
      },
    });
  }
}

import { existsSync } from "node:fs";
import { join } from "node:path";
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";

/** The web pages are not built: synthesis stops here rather than deploy an empty site. */
export class WebPagesMissingError extends Error {
  override name = "WebPagesMissingError";
}

/** Fails synthesis, before anything is bundled, when the web build is missing. */
export function assertWebPagesBuilt(webDir: string): void {
  if (!existsSync(join(webDir, "index.html"))) {
    throw new WebPagesMissingError(
      `no web pages to deploy: ${join(webDir, "index.html")} does not exist. Build the web pages first ` +
        "(npm run build -w @onething/web), or point --context webDir=<dir> at a built site.",
    );
  }
}

export interface WebSiteProps {
  /** Absolute path of the static build (Vite's `dist`); must contain `index.html`. */
  readonly webDir: string;
  /** The HTTP API that `/v1/*` is forwarded to (same origin, so no CORS). */
  readonly api: apigw.HttpApi;
  /** `runtime-config.json`, uploaded beside `index.html` (revalidated like it): the identity provider of the stage. */
  readonly runtimeConfig?: Record<string, unknown>;
  /** Origins the pages may `fetch` besides their own (the identity provider's token endpoint). */
  readonly connectOrigins?: readonly string[];
}

/**
 * Viewer-request function of the default behaviour: a path without a file extension is a client-side route of the
 * single-page app and gets `index.html`. Done here rather than with distribution-wide error responses, which would
 * also turn the API's own 403/404 answers under `/v1/*` into the HTML page.
 */
const SPA_FALLBACK = `function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

/**
 * The pages' Content-Security-Policy: Vite's build is same-origin only (one module script and stylesheet under
 * /assets, no inline script), React sets inline styles, the favicon is a data: URL, the API is under /v1.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";

/** The CSP with further origins in `connect-src`: the identity provider's (its token endpoint) and the documents bucket's. */
export function contentSecurityPolicy(connectOrigins: readonly string[]): string {
  if (connectOrigins.length === 0) return CONTENT_SECURITY_POLICY;
  return CONTENT_SECURITY_POLICY.replace(
    "connect-src 'self'",
    `connect-src 'self' ${connectOrigins.join(" ")}`,
  );
}

/** Where the pages read how to sign in (`packages/web/src/sign-in/runtime-config.ts`). */
export const RUNTIME_CONFIG_FILE = "runtime-config.json";

/** Vite's content-hashed output: a name never changes content, so browsers and CloudFront may keep it for a year. */
export const HASHED_ASSETS = "assets/*";
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Everything else (index.html): revalidated on every load, so a deploy reaches open tabs on their next navigation. */
export const REVALIDATE = "no-cache";

/**
 * The citizens' and operators' web pages: a private bucket (no public access, TLS only, encrypted) behind CloudFront
 * with origin access control, the API on the same origin under `/v1/*` (never cached, every viewer header but Host
 * forwarded), and the build uploaded by a BucketDeployment.
 */
export class WebSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly securityHeaders: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    assertWebPagesBuilt(props.webDir);
    this.bucket = new s3.Bucket(this, "Bucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Rebuilt from the repository on every deploy: nothing in it needs keeping.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const spaFallback = new cloudfront.Function(this, "SpaFallback", {
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    const apiOrigin = new origins.HttpOrigin(
      `${props.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`,
      {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        readTimeout: Duration.seconds(30),
      },
    );
    this.securityHeaders = new cloudfront.ResponseHeadersPolicy(this, "SecurityHeaders", {
      comment: "OneThing: HSTS, nosniff, no framing, referrer policy, same-origin CSP",
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(props.connectOrigins ?? []),
          override: true,
        },
      },
    });
    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "OneThing web pages and API",
      defaultRootObject: "index.html",
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.securityHeaders,
        functionAssociations: [
          { function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        "/v1/*": {
          origin: apiOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.securityHeaders,
        },
      },
    });
    // Two uploads, neither pruning: a tab opened before a deploy still finds the hashed assets its index.html named.
    // The hashed assets go first, so the new index.html never names an asset not yet uploaded.
    const source = s3deploy.Source.asset(props.webDir);
    const assets = new s3deploy.BucketDeployment(this, "DeployAssets", {
      sources: [source],
      destinationBucket: this.bucket,
      exclude: ["*"],
      include: [HASHED_ASSETS],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(IMMUTABLE)],
      memoryLimit: 256,
    });
    const pages = new s3deploy.BucketDeployment(this, "DeployPages", {
      sources: [
        source,
        ...(props.runtimeConfig ? [s3deploy.Source.jsonData(RUNTIME_CONFIG_FILE, props.runtimeConfig)] : []),
      ],
      destinationBucket: this.bucket,
      exclude: [HASHED_ASSETS],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(REVALIDATE)],
      distribution: this.distribution,
      distributionPaths: ["/index.html"],
      memoryLimit: 256,
    });
    pages.node.addDependency(assets);
  }
}

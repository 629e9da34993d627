import { Aws, Duration, type RemovalPolicy, Stack } from "aws-cdk-lib";
import type * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import type { Construct } from "constructs";
import type { PlatformFunction } from "./platform-function.ts";

/** The environment variable the API function reads the bucket from (`@onething/platform`, `documentsFromEnv`). */
export const DOCUMENTS_BUCKET_ENV = "DOCUMENTS_BUCKET";

/** The key prefixes the API function works in: declarations, uploads not yet checked, checked documents. */
export const DOCUMENT_PREFIXES = ["pending/", "uploads/", "documents/"] as const;

/**
 * The bucket's name, fixed from the stage, account and region rather than generated: the pages' CSP must name the
 * bucket's origin (the browser PUTs to a presigned URL there), and the CSP's distribution is also the bucket's CORS
 * origin, so a generated name would make the two reference each other.
 */
export const documentsBucketName = (stageName: string): string =>
  `onething-${stageName}-documents-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

/** The origin presigned URLs point at (virtual-hosted, regional: what the SDK's presigner makes on AWS). */
export const documentsBucketOrigin = (stageName: string): string =>
  `https://${documentsBucketName(stageName)}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`;

export interface DocumentsProps {
  /** The stage: it names the bucket (`documentsBucketName`). */
  readonly stageName: string;
  readonly dataKey: kms.Key;
  /** The only function that touches documents: it presigns, checks, copies and deletes. */
  readonly api: PlatformFunction;
  /** The pages' origin: the only one CORS lets PUT a file (the presigned URL is the authorisation). */
  readonly distribution: cloudfront.Distribution;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The documents bucket: private (every public access blocked, objects owned by the bucket), TLS only, encrypted with
 * the stack's data key (a bucket key keeps KMS calls down), CORS for the pages' PUT and GET of presigned URLs only,
 * and unchecked uploads and their declarations expiring after a day. Only the API function's role may read or write
 * it, and only objects under its three prefixes; no one may list it.
 */
export function createDocumentsBucket(scope: Construct, props: DocumentsProps): s3.Bucket {
  const bucket = new s3.Bucket(scope, "Documents", {
    bucketName: documentsBucketName(props.stageName),
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: props.dataKey,
    bucketKeyEnabled: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: props.removalPolicy,
    cors: [
      {
        allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET],
        allowedOrigins: [`https://${props.distribution.distributionDomainName}`],
        allowedHeaders: ["content-type"],
        maxAge: 600,
      },
    ],
    lifecycleRules: [
      { prefix: "pending/", expiration: Duration.days(1) },
      { prefix: "uploads/", expiration: Duration.days(1) },
      { abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ],
  });
  // A policy of its own on the API function's role: exact actions, the three prefixes, the one key.
  const access = new iam.Policy(scope, "DocumentsAccess", {
    roles: [props.api.role],
    statements: [
      new iam.PolicyStatement({
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        resources: DOCUMENT_PREFIXES.map((p) => bucket.arnForObjects(`${p}*`)),
      }),
      // SSE-KMS: a PUT (and a copy) needs a data key, a GET its decryption.
      new iam.PolicyStatement({
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: [props.dataKey.keyArn],
      }),
    ],
  });
  props.api.function.addEnvironment(DOCUMENTS_BUCKET_ENV, bucket.bucketName);
  NagSuppressions.addResourceSuppressions(access, [
    {
      id: "AwsSolutions-IAM5",
      appliesTo: DOCUMENT_PREFIXES.map(
        (p) =>
          `Resource::<${Stack.of(scope).getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${p}*`,
      ),
      reason:
        "Document ids are random and made at run time: the API function reads and writes objects under the bucket's three prefixes (declarations, unchecked uploads, checked documents) and nothing else; it cannot list the bucket.",
    },
  ]);
  NagSuppressions.addResourceSuppressions(bucket, [
    {
      id: "AwsSolutions-S1",
      reason:
        "Server access logs would need a second bucket recording citizens' IP addresses for every document read; the API function's logs record each document issued and checked, and only that function's role can reach the bucket.",
    },
  ]);
  return bucket;
}

// The documents bucket in the synthesised template: private, encrypted with the data key, TLS only, CORS for the
// pages' PUT, and reachable by the API function's role alone.

import { describe, expect, it } from "vitest";
import { DOCUMENTS_BUCKET_ENV } from "../src/documents.ts";
import { synthesiseStages } from "./support.ts";

const { dev, resources, idOf } = synthesiseStages();
const bucketId = idOf(dev.stack.documents);
const bucket = resources("AWS::S3::Bucket").find(([id]) => id === bucketId)?.[1];

describe("the documents bucket", () => {
  it("is private, KMS-encrypted with the stack's data key, and expires unchecked uploads", () => {
    const p = bucket?.Properties ?? {};
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const sse = (
      p.BucketEncryption as {
        ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: Record<string, unknown> }[];
      }
    ).ServerSideEncryptionConfiguration[0];
    expect(sse?.ServerSideEncryptionByDefault.SSEAlgorithm).toBe("aws:kms");
    expect(sse?.ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({
      "Fn::GetAtt": [idOf(dev.stack.dataKey), "Arn"],
    });
    const rules = (p.LifecycleConfiguration as { Rules: { Prefix?: string; ExpirationInDays?: number }[] })
      .Rules;
    expect(rules.filter((r) => r.ExpirationInDays === 1).map((r) => r.Prefix)).toEqual([
      "pending/",
      "uploads/",
    ]);
  });

  it("lets the pages' origin PUT and GET through presigned URLs (CORS), nothing else", () => {
    const cors = ((bucket?.Properties.CorsConfiguration ?? {}) as { CorsRules: Record<string, unknown>[] })
      .CorsRules;
    expect(cors).toHaveLength(1);
    expect(cors[0]?.AllowedMethods).toEqual(["PUT", "GET"]);
    expect(JSON.stringify(cors[0]?.AllowedOrigins)).toContain(idOf(dev.stack.webSite.distribution));
  });

  it("is named in the pages' CSP connect-src, so a browser on the deployed site may PUT to a presigned URL", () => {
    // Pseudo-parameters resolved as CloudFormation would, for one account and region; other resources' refs stay named.
    const pseudo: Record<string, string> = {
      "AWS::AccountId": "123456789012",
      "AWS::Region": "cn-north-1",
      "AWS::URLSuffix": "amazonaws.com.cn",
    };
    const resolve = (value: unknown): string => {
      if (typeof value === "string") return value;
      const v = value as { Ref?: string; "Fn::Join"?: [string, unknown[]] };
      if (v.Ref) return pseudo[v.Ref] ?? `<${v.Ref}>`; // another resource (the user pool's domain): a placeholder
      if (v["Fn::Join"]) return v["Fn::Join"][1].map(resolve).join(v["Fn::Join"][0]);
      throw new Error(`unresolvable ${JSON.stringify(value)}`);
    };
    const name = resolve(bucket?.Properties.BucketName);
    expect(name).toBe("onething-dev-documents-123456789012-cn-north-1");
    const policy = resources("AWS::CloudFront::ResponseHeadersPolicy")[0]?.[1];
    const config = policy?.Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } };
    };
    const csp = resolve(config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    const connect = csp.split(";").find((d) => d.trim().startsWith("connect-src"));
    expect(connect?.split(" ")).toContain(`https://${name}.s3.cn-north-1.amazonaws.com.cn`);
  });

  it("refuses every request without TLS", () => {
    const policy = resources("AWS::S3::BucketPolicy").find(
      ([, r]) => JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
    )?.[1];
    const statements = ((policy?.Properties.PolicyDocument ?? {}) as { Statement: Record<string, unknown>[] })
      .Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });

  it("is reachable by the API function's role alone, with exact actions under its three prefixes", () => {
    const grants = resources("AWS::IAM::Policy").filter(([, r]) =>
      JSON.stringify(r.Properties).includes(bucketId),
    );
    expect(grants).toHaveLength(1);
    const [, grant] = grants[0] ?? [];
    expect(grant?.Properties.Roles).toEqual([{ Ref: idOf(dev.stack.functions.api.role) }]);
    const text = JSON.stringify(grant?.Properties.PolicyDocument);
    expect(text).not.toContain("s3:*");
    expect(text).not.toContain("s3:List");
    for (const prefix of ["pending/*", "uploads/*", "documents/*"]) expect(text).toContain(prefix);
    const env = resources("AWS::Lambda::Function")
      .map(
        ([, r]) =>
          (r.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
      )
      .filter((v) => v?.[DOCUMENTS_BUCKET_ENV] !== undefined);
    expect(env).toEqual([expect.objectContaining({ [DOCUMENTS_BUCKET_ENV]: { Ref: bucketId } })]);
  });
});

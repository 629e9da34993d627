import { BucketAlreadyOwnedByYou, CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { createDocumentsS3Client, createS3DocumentStore, type DocumentStore } from "./store.ts";

/** fauxqs accepts any credentials; the region only shapes the signature. */
const LOCAL = { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };

export interface LocalDocumentsOptions {
  /** The fauxqs endpoint (it serves S3 beside SQS and SNS), e.g. `http://127.0.0.1:4566`. */
  readonly endpoint: string;
  readonly bucket: string;
  /**
   * The endpoint presigned URLs name, when a browser cannot reach fauxqs itself (it answers no CORS preflight): the
   * local HTTP server's `/local-s3` proxy. Default `endpoint`.
   */
  readonly publicEndpoint?: string | (() => string | undefined);
}

/**
 * The documents port on fauxqs's S3 (path-style), its bucket created when missing: the local runtime's and the
 * integration tests'. On AWS the stack creates the bucket and the API function builds the port from its env.
 * @example const documents = await localDocuments({ endpoint: sqsEndpoint, bucket: "onething-documents" });
 */
export async function localDocuments(options: LocalDocumentsOptions): Promise<DocumentStore> {
  const client = createDocumentsS3Client({ ...LOCAL, endpoint: options.endpoint });
  try {
    await client.send(new CreateBucketCommand({ Bucket: options.bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (!(error instanceof BucketAlreadyOwnedByYou) && name !== "BucketAlreadyExists") throw error;
  }
  const presigners = new Map<string, S3Client>();
  const presignClient = () => {
    const { publicEndpoint } = options;
    const endpoint = typeof publicEndpoint === "function" ? publicEndpoint() : publicEndpoint;
    if (!endpoint) return client;
    if (!presigners.has(endpoint)) presigners.set(endpoint, createDocumentsS3Client({ ...LOCAL, endpoint }));
    return presigners.get(endpoint) ?? client;
  };
  return createS3DocumentStore({ client, bucket: options.bucket, presignClient });
}

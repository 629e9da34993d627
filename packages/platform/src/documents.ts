import type { DocumentsPort } from "@onething/cases";
import { createDocumentsS3Client, createS3DocumentStore } from "@onething/documents";

/** The environment variable naming the documents bucket (set on the API function only, by `infra/src/documents.ts`). */
export const DOCUMENTS_BUCKET_ENV = "DOCUMENTS_BUCKET";

/**
 * The documents port of a Lambda: the bucket its environment names, on the function's own role; none where the
 * environment names no bucket (the functions that never touch documents), so the document routes answer 503 there.
 */
export function documentsFromEnv(env: Readonly<Record<string, string | undefined>>): {
  documents?: DocumentsPort;
} {
  const bucket = env[DOCUMENTS_BUCKET_ENV];
  if (!bucket) return {};
  const client = createDocumentsS3Client({ region: env.AWS_REGION ?? "us-east-1" });
  return { documents: createS3DocumentStore({ client, bucket }) };
}

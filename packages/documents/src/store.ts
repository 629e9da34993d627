import { randomInt } from "node:crypto";
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { DocumentDeclaration, DocumentRecord, DownloadLink, UploadTicket } from "@onething/cases";
import { DocumentContentTypeSchema, RefusalError } from "@onething/domain";
import { z } from "zod";
import { contentProblem } from "./content.ts";

/** What a document is for: a supplement answer of the applicant's, or an output a department issues. */
export const DeclarationSchema: z.ZodType<DocumentDeclaration> = z.strictObject({
  caseId: z.string().min(1),
  purpose: z.enum(["supplement", "output"]),
  itemId: z.string().min(1),
  /** The requested field (a supplement) or the declared output's name. */
  name: z.string().min(1),
  attempt: z.number().int().positive(),
  contentType: DocumentContentTypeSchema,
  size: z.number().int().positive(),
  fileName: z.string().min(1).max(200).optional(),
  /** The principal's subject that asked for the upload: only it may have it checked. */
  uploadedBy: z.string().min(1),
});
// The types are the port's (`@onething/cases`), which this adapter implements; the schema must read exactly one.
export type { DocumentDeclaration, DocumentRecord, DownloadLink, UploadTicket };

const declarationReadsThePort: z.ZodType<DocumentDeclaration> = DeclarationSchema;
void declarationReadsThePort;

/**
 * An S3 client for documents: path-style on a local endpoint (fauxqs), and no SDK checksum in presigned URLs (a
 * presigned PUT would otherwise carry the checksum of an empty body, which S3 refuses for the real one).
 */
export function createDocumentsS3Client(options: {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}): S3Client {
  return new S3Client({
    region: options.region,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}

/** The documents port: presigned uploads, the check that makes an upload count, records and presigned downloads. */
export interface DocumentStore {
  createUpload(declaration: DocumentDeclaration, now: Date): Promise<UploadTicket>;
  /** The declaration of an upload not yet checked, or undefined. */
  pending(documentId: string): Promise<DocumentDeclaration | undefined>;
  /** Checks the uploaded object; a refused one is deleted and its code thrown (`RefusalError`). Idempotent. */
  check(documentId: string, now: Date): Promise<DocumentRecord>;
  /** A checked document, or undefined (unknown, not uploaded, not checked, or refused). */
  describe(documentId: string): Promise<DocumentRecord | undefined>;
  downloadLink(record: DocumentRecord, now: Date): Promise<DownloadLink>;
}

export interface S3DocumentStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /**
   * The client whose endpoint the presigned URLs name (locally: the one a browser reaches, known only once the local
   * server listens, hence a function); default `client`.
   */
  readonly presignClient?: S3Client | (() => S3Client);
  /** Seconds a presigned PUT stays valid (default 10 minutes). */
  readonly uploadSeconds?: number;
  /** Seconds a presigned GET stays valid (default 5 minutes: long enough to start a download, no longer). */
  readonly downloadSeconds?: number;
  /** A new document id (default: random); a test may fix it. */
  readonly newId?: () => string;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** `doc_` and 24 random letters and digits (~143 bits): a document's id cannot be guessed. */
export function newDocumentId(): string {
  let id = "doc_";
  for (let i = 0; i < 24; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

const keys = (id: string) => ({
  pending: `pending/${id}.json`,
  upload: `uploads/${id}`,
  document: `documents/${id}`,
});

const isNotFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFound" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404;
};

async function readBytes(body: unknown): Promise<Uint8Array> {
  const b = body as { transformToByteArray?: () => Promise<Uint8Array> } | undefined;
  return b?.transformToByteArray ? await b.transformToByteArray() : new Uint8Array();
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Buffer.from(digest).toString("hex");
}

/** S3 object metadata is ASCII: the record's fields, each URI-encoded. */
function toMetadata(record: DocumentRecord): Record<string, string> {
  const { documentId: _id, ...rest } = record;
  return Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k.toLowerCase(), encodeURIComponent(String(v))]),
  );
}

function fromMetadata(documentId: string, meta: Record<string, string> = {}): DocumentRecord | undefined {
  const get = (k: string) =>
    meta[k.toLowerCase()] === undefined ? undefined : decodeURIComponent(meta[k.toLowerCase()] ?? "");
  const parsed = DeclarationSchema.safeParse({
    caseId: get("caseId"),
    purpose: get("purpose"),
    itemId: get("itemId"),
    name: get("name"),
    attempt: Number(get("attempt")),
    contentType: get("contentType"),
    size: Number(get("size")),
    ...(get("fileName") ? { fileName: get("fileName") } : {}),
    uploadedBy: get("uploadedBy"),
  });
  const sha256 = get("sha256");
  const checkedAt = get("checkedAt");
  if (!parsed.success || !sha256 || !checkedAt) return undefined;
  return { ...parsed.data, documentId, sha256, checkedAt };
}

/**
 * Documents in one private S3 bucket (fauxqs locally, path-style): the platform writes an upload's declaration
 * (`pending/<id>.json`), the uploader PUTs the file to `uploads/<id>` with a presigned URL, and the check copies a
 * file that is what was declared to `documents/<id>` with its record as metadata. Only `documents/` counts.
 */
export function createS3DocumentStore(options: S3DocumentStoreOptions): DocumentStore {
  const { client, bucket } = options;
  const presigner = () => {
    const p = options.presignClient ?? client;
    return typeof p === "function" ? p() : p;
  };
  const uploadSeconds = options.uploadSeconds ?? 600;
  const downloadSeconds = options.downloadSeconds ?? 300;
  const newId = options.newId ?? newDocumentId;

  async function pending(documentId: string): Promise<DocumentDeclaration | undefined> {
    try {
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keys(documentId).pending }));
      const text = new TextDecoder().decode(await readBytes(got.Body));
      const parsed = DeclarationSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async function describe(documentId: string): Promise<DocumentRecord | undefined> {
    try {
      const head = await client.send(
        new HeadObjectCommand({ Bucket: bucket, Key: keys(documentId).document }),
      );
      return fromMetadata(documentId, head.Metadata);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async function discard(documentId: string) {
    const k = keys(documentId);
    await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [{ Key: k.pending }, { Key: k.upload }], Quiet: true },
      }),
    );
  }

  async function check(documentId: string, now: Date): Promise<DocumentRecord> {
    const done = await describe(documentId);
    if (done) return done;
    const declaration = await pending(documentId);
    if (!declaration) throw new RefusalError("not_found", "unknown_document", `no upload ${documentId}`);
    let got: GetObjectCommandOutput;
    try {
      got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keys(documentId).upload }));
    } catch (error) {
      if (isNotFound(error))
        throw new RefusalError(
          "superseded",
          "document_not_uploaded",
          "nothing was uploaded for this document yet",
        );
      throw error;
    }
    const bytes = await readBytes(got.Body);
    const problem = contentProblem(declaration, { contentType: got.ContentType, bytes });
    if (problem) {
      await discard(documentId);
      throw new RefusalError("invalid", problem.code, problem.message, [
        { path: "document", message: problem.message, code: problem.code },
      ]);
    }
    const record: DocumentRecord = {
      ...declaration,
      documentId,
      sha256: await sha256Hex(bytes),
      checkedAt: now.toISOString(),
    };
    await client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: keys(documentId).document,
        CopySource: `${bucket}/${keys(documentId).upload}`,
        MetadataDirective: "REPLACE",
        ContentType: declaration.contentType,
        Metadata: toMetadata(record),
      }),
    );
    await discard(documentId);
    return record;
  }

  return {
    pending,
    describe,
    check,
    async createUpload(declaration, now) {
      const documentId = newId();
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: keys(documentId).pending,
          ContentType: "application/json",
          Body: JSON.stringify(DeclarationSchema.parse(declaration)),
        }),
      );
      const url = await getSignedUrl(
        presigner(),
        new PutObjectCommand({
          Bucket: bucket,
          Key: keys(documentId).upload,
          ContentType: declaration.contentType,
        }),
        // The content type is signed: S3 refuses a PUT of another type.
        { expiresIn: uploadSeconds, signableHeaders: new Set(["content-type"]) },
      );
      return {
        documentId,
        upload: { method: "PUT", url, headers: { "content-type": declaration.contentType } },
        expiresAt: new Date(now.getTime() + uploadSeconds * 1000).toISOString(),
      };
    },
    async downloadLink(record, now) {
      const disposition = record.fileName
        ? `attachment; filename*=UTF-8''${encodeURIComponent(record.fileName)}`
        : "attachment";
      const url = await getSignedUrl(
        presigner(),
        new GetObjectCommand({
          Bucket: bucket,
          Key: keys(record.documentId).document,
          ResponseContentDisposition: disposition,
          ResponseContentType: record.contentType,
        }),
        { expiresIn: downloadSeconds },
      );
      return {
        documentId: record.documentId,
        url,
        expiresAt: new Date(now.getTime() + downloadSeconds * 1000).toISOString(),
        contentType: record.contentType,
        size: record.size,
        ...(record.fileName ? { fileName: record.fileName } : {}),
      };
    },
  };
}

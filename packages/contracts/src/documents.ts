/** Documents (材料 and 证照): uploads by presigned PUT, the check after upload, presigned downloads. */
import { DocumentContentTypeSchema, DocumentIdSchema, MAX_DOCUMENT_BYTES } from "@onething/domain";
import { z } from "zod";
import { ItemIdSchema } from "./common.ts";

export {
  CertificateSchema,
  DOCUMENT_CONTENT_TYPES,
  DocumentContentTypeSchema,
  DocumentIdSchema,
  DocumentRefSchema,
  MAX_DOCUMENT_BYTES,
} from "@onething/domain";

/** What an upload declares: its type and exact size (within the limit), and a name to download it under. */
const uploadDeclaration = {
  contentType: DocumentContentTypeSchema,
  size: z.number().int().min(1).max(MAX_DOCUMENT_BYTES),
  fileName: z.string().trim().min(1).max(200).optional(),
};

/** POST /v1/cases/{caseId}/documents: a document the item's supplement request asks for (`field`). */
export const SupplementUploadBodySchema = z.strictObject({
  itemId: ItemIdSchema,
  field: z.string().min(1).max(100),
  ...uploadDeclaration,
});

/** POST /v1/tasks/{taskToken}/documents: a document output the task's item declares (`output`). */
export const OutputUploadBodySchema = z.strictObject({
  output: z.string().min(1).max(100),
  ...uploadDeclaration,
});

/** Where to PUT the file (with exactly these headers), until when; then `POST /v1/documents/{id}/check`. */
export const UploadTicketSchema = z.strictObject({
  documentId: DocumentIdSchema,
  upload: z.strictObject({
    method: z.literal("PUT"),
    url: z.string().min(1),
    headers: z.record(z.string(), z.string()),
  }),
  expiresAt: z.iso.datetime({ offset: true }),
});

/** A checked document: from now on an answer or an output may name it (`{ documentId }`). */
export const CheckedDocumentSchema = z.strictObject({
  documentId: DocumentIdSchema,
  status: z.literal("ready"),
  contentType: DocumentContentTypeSchema,
  size: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string().optional(),
});

/** A short-lived presigned GET of one document. */
export const DownloadLinkSchema = z.strictObject({
  documentId: DocumentIdSchema,
  url: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  contentType: DocumentContentTypeSchema,
  size: z.number().int().positive(),
  fileName: z.string().optional(),
});

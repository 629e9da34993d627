import { api } from "./api.ts";
import { ApiError } from "./errors.ts";

/** The stable code of a PUT the storage refused (expired URL, network): the pages translate it like the API's. */
export const UPLOAD_FAILED = "upload_failed";

/**
 * Uploads one file for a supplement request: a presigned PUT for its declared type and size, the file PUT to it,
 * then the platform's check (size, type, first bytes). Returns the document id to answer with.
 */
export async function uploadSupplementFile(
  caseId: string,
  itemId: string,
  field: string,
  file: File,
): Promise<string> {
  const ticket = await api.documentUpload(caseId, {
    itemId,
    field,
    contentType: file.type,
    size: file.size,
    fileName: file.name,
  });
  let put: Response;
  try {
    put = await fetch(ticket.upload.url, { method: "PUT", headers: ticket.upload.headers, body: file });
  } catch (error) {
    throw new ApiError(0, UPLOAD_FAILED, error instanceof Error ? error.message : String(error));
  }
  if (!put.ok) throw new ApiError(put.status, UPLOAD_FAILED, `the storage answered ${put.status}`);
  await api.checkDocument(ticket.documentId);
  return ticket.documentId;
}

/** Whether an output value is a document reference (a certificate PDF a department issued). */
export const isDocumentRef = (value: unknown): value is { documentId: string } =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { documentId?: unknown }).documentId === "string";

/** Whether an output value is an electronic certificate reference (电子证照). */
export const isCertificate = (
  value: unknown,
): value is { issuer: string; type: string; number: string; verificationUrl: string } =>
  typeof value === "object" && value !== null && typeof (value as { number?: unknown }).number === "string";

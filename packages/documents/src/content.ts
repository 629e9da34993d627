import { type DocumentContentType, MAX_DOCUMENT_BYTES } from "@onething/domain";

/** What each content type's file begins with (its magic bytes). */
const MAGIC: Readonly<Record<DocumentContentType, readonly number[]>> = {
  // "%PDF-"
  "application/pdf": [0x25, 0x50, 0x44, 0x46, 0x2d],
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

/** The content type a file's first bytes show, or undefined when they are none of the types taken. */
export function sniffContentType(bytes: Uint8Array): DocumentContentType | undefined {
  for (const [type, magic] of Object.entries(MAGIC) as [DocumentContentType, readonly number[]][]) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  }
  return undefined;
}

/** Why an uploaded object does not count as the declared document; each a stable code. */
export type ContentProblem =
  | { code: "document_empty"; message: string }
  | { code: "document_too_large"; message: string }
  | { code: "document_size_mismatch"; message: string }
  | { code: "document_content_type_mismatch"; message: string }
  | { code: "document_type_mismatch"; message: string };

/**
 * Checks an uploaded object against its declaration: not empty, within the limit and of the declared size, stored
 * with the declared content type, and its first bytes those of that type (a renamed file is not a PDF).
 */
export function contentProblem(
  declared: { contentType: DocumentContentType; size: number; maxBytes?: number },
  stored: { contentType?: string | undefined; bytes: Uint8Array },
): ContentProblem | undefined {
  const max = declared.maxBytes ?? MAX_DOCUMENT_BYTES;
  const size = stored.bytes.length;
  if (size === 0) return { code: "document_empty", message: "the uploaded file is empty" };
  if (size > max) return { code: "document_too_large", message: `the file is ${size} bytes; at most ${max}` };
  if (size !== declared.size)
    return {
      code: "document_size_mismatch",
      message: `the file is ${size} bytes, not the ${declared.size} declared`,
    };
  const storedType = stored.contentType?.split(";")[0]?.trim().toLowerCase();
  if (storedType !== declared.contentType)
    return {
      code: "document_content_type_mismatch",
      message: `the file was stored as ${storedType ?? "no type"}, not ${declared.contentType}`,
    };
  const sniffed = sniffContentType(stored.bytes);
  if (sniffed !== declared.contentType)
    return {
      code: "document_type_mismatch",
      message: `the file's content is ${sniffed ?? "none of pdf, jpeg, png"}, not ${declared.contentType}`,
    };
  return undefined;
}

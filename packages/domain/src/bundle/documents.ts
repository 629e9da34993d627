import { z } from "zod";

/**
 * The content types a document may have: what a citizen photographs or scans, and what a department issues. A
 * document's type is declared before upload and checked against its first bytes after it.
 */
export const DOCUMENT_CONTENT_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export const DocumentContentTypeSchema = z.enum(DOCUMENT_CONTENT_TYPES);
export type DocumentContentType = z.infer<typeof DocumentContentTypeSchema>;

/** The largest document the platform takes (a multi-page scan or a certificate PDF fits in far less). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** A document id: `doc_` and 24 random letters and digits, so it cannot be guessed. */
export const DocumentIdSchema = z.string().regex(/^doc_[A-Za-z0-9]{24}$/, "must be a document id (doc_…)");

/** How an answer or an output names a document: its id, never its bytes or a URL. */
export const DocumentRefSchema = z.strictObject({ documentId: DocumentIdSchema });
export type DocumentRef = z.infer<typeof DocumentRefSchema>;

/** Whether a value is a document reference (an answer, an input or an output). */
export const isDocumentRef = (value: unknown): value is DocumentRef =>
  DocumentRefSchema.safeParse(value).success;

/**
 * An electronic certificate (电子证照) an item issues: who issued it, what kind it is, its number and where anyone can
 * verify it. Later items read it as an output instead of asking the citizen to type the number.
 * @example { issuer: "宁波市市场监督管理局", type: "business-licence", number: "91330200MA2XXXXX0X",
 *   verificationUrl: "https://zwfw.example.gov.cn/verify/91330200MA2XXXXX0X" }
 */
export const CertificateSchema = z.strictObject({
  issuer: z.string().trim().min(1).max(200),
  type: z.string().trim().min(1).max(100),
  number: z.string().trim().min(1).max(100),
  verificationUrl: z.url({ protocol: /^https?$/ }).max(500),
});
export type Certificate = z.infer<typeof CertificateSchema>;

/** Every document reference in a record of values (answers, inputs, outputs), in order, without repeats. */
export function documentIdsIn(values: Record<string, unknown> | undefined): string[] {
  const ids = new Set<string>();
  for (const value of Object.values(values ?? {})) if (isDocumentRef(value)) ids.add(value.documentId);
  return [...ids];
}

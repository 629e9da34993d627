import type { DocumentContentType } from "@onething/domain";

/** What an upload is for, declared before the upload (the store keeps it until the check). */
export interface DocumentDeclaration {
  caseId: string;
  purpose: "supplement" | "output";
  itemId: string;
  /** The requested field (a supplement) or the declared output's name. */
  name: string;
  attempt: number;
  contentType: DocumentContentType;
  size: number;
  fileName?: string | undefined;
  /** The subject of the principal that asked for the upload: only it may have it checked. */
  uploadedBy: string;
}

/** A checked document: it counts. */
export interface DocumentRecord extends DocumentDeclaration {
  readonly documentId: string;
  readonly sha256: string;
  readonly checkedAt: string;
}

export interface UploadTicket {
  readonly documentId: string;
  readonly upload: { readonly method: "PUT"; readonly url: string; readonly headers: Record<string, string> };
  readonly expiresAt: string;
}

export interface DownloadLink {
  readonly documentId: string;
  readonly url: string;
  readonly expiresAt: string;
  readonly contentType: DocumentContentType;
  readonly size: number;
  readonly fileName?: string;
}

/** The documents port (`@onething/documents`: S3, fauxqs locally), as the use cases call it. */
export interface DocumentsPort {
  createUpload(declaration: DocumentDeclaration, now: Date): Promise<UploadTicket>;
  pending(documentId: string): Promise<DocumentDeclaration | undefined>;
  check(documentId: string, now: Date): Promise<DocumentRecord>;
  describe(documentId: string): Promise<DocumentRecord | undefined>;
  downloadLink(record: DocumentRecord, now: Date): Promise<DownloadLink>;
}

import { MAX_DOCUMENT_BYTES } from "@onething/domain";
import { describe, expect, it } from "vitest";
import { contentProblem, newDocumentId, sniffContentType } from "../src/index.ts";

const PDF = new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0, 0x43, 0]);

describe("the content check after upload", () => {
  it("knows a file by its first bytes, not by its name or declared type", () => {
    expect(sniffContentType(PDF)).toBe("application/pdf");
    expect(sniffContentType(PNG)).toBe("image/png");
    expect(sniffContentType(JPEG)).toBe("image/jpeg");
    expect(sniffContentType(new TextEncoder().encode("<html>%PDF-"))).toBeUndefined();
    expect(sniffContentType(PNG.slice(0, 4))).toBeUndefined();
    expect(sniffContentType(new Uint8Array())).toBeUndefined();
  });

  it("accepts exactly what was declared", () => {
    const declared = { contentType: "application/pdf" as const, size: PDF.length };
    expect(contentProblem(declared, { contentType: "application/pdf", bytes: PDF })).toBeUndefined();
    expect(
      contentProblem(declared, { contentType: "application/pdf; charset=binary", bytes: PDF }),
    ).toBeUndefined();
  });

  it("refuses each way a file can differ, with its stable code", () => {
    const pdf: { contentType: "application/pdf"; size: number; maxBytes?: number } = {
      contentType: "application/pdf",
      size: PDF.length,
    };
    const code = (declared: typeof pdf, stored: { contentType?: string; bytes: Uint8Array }) =>
      contentProblem(declared, stored)?.code;
    expect(code(pdf, { contentType: "application/pdf", bytes: new Uint8Array() })).toBe("document_empty");
    expect(code({ ...pdf, maxBytes: 10 }, { contentType: "application/pdf", bytes: PDF })).toBe(
      "document_too_large",
    );
    expect(code({ ...pdf, size: MAX_DOCUMENT_BYTES + 1 }, { bytes: new Uint8Array(4) })).toBe(
      "document_size_mismatch",
    );
    expect(code(pdf, { contentType: "application/pdf", bytes: PDF.slice(0, 10) })).toBe(
      "document_size_mismatch",
    );
    expect(code(pdf, { contentType: "text/plain", bytes: PDF })).toBe("document_content_type_mismatch");
    const disguised = { contentType: "application/pdf" as const, size: PNG.length };
    expect(code(disguised, { contentType: "application/pdf", bytes: PNG })).toBe("document_type_mismatch");
  });

  it("makes unguessable ids of the documented shape", () => {
    const ids = new Set(Array.from({ length: 200 }, newDocumentId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^doc_[A-Za-z0-9]{24}$/);
  });
});

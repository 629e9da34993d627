import { describe, expect, it } from "vitest";
import {
  BundleSchema,
  CertificateSchema,
  documentIdsIn,
  type Item,
  ItemSchema,
  isDocumentRef,
  validateOutputs,
  validateSupplement,
} from "../src/index.ts";
import { miniBundle } from "./fixtures.ts";

const DOC = "doc_ABCDEFGHIJKLMNOPQRSTUVWX";
const item: Item = ItemSchema.parse({
  id: "licence",
  name: { zh: "执照", en: "Licence" },
  department: "market-regulation",
  timeLimitWorkingDays: 5,
  rejectionFails: "item",
  outputs: [
    { name: "licence", label: { zh: "电子证照", en: "Certificate" }, type: "certificate", required: true },
    { name: "licencePdf", label: { zh: "执照 PDF", en: "PDF" }, type: "document", required: false },
  ],
});
const certificate = {
  issuer: "宁波市市场监督管理局",
  type: "business-licence",
  number: "91330200MA2XXXXX0X",
  verificationUrl: "https://zwfw.example.gov.cn/verify/91330200MA2XXXXX0X",
};

describe("document references and certificates", () => {
  it("a certificate output is an electronic certificate reference, a document output a document reference", () => {
    expect(validateOutputs(item, { licence: certificate, licencePdf: { documentId: DOC } }).ok).toBe(true);
    expect(validateOutputs(item, { licence: certificate }).ok).toBe(true);
    const typed = validateOutputs(item, { licence: "91330200MA2XXXXX0X" });
    expect(typed.ok).toBe(false);
    const url = validateOutputs(item, {
      licence: { ...certificate, verificationUrl: "javascript:alert(1)" },
    });
    expect(url.ok).toBe(false);
    const string = validateOutputs(item, { licence: certificate, licencePdf: "doc://x" });
    expect(string.ok).toBe(false);
    expect(CertificateSchema.safeParse({ ...certificate, extra: 1 }).success).toBe(false);
  });

  it("finds the document references among values", () => {
    expect(isDocumentRef({ documentId: DOC })).toBe(true);
    expect(isDocumentRef({ documentId: "doc_short" })).toBe(false);
    expect(documentIdsIn({ a: { documentId: DOC }, b: "x", c: { documentId: DOC }, d: null })).toEqual([DOC]);
    expect(documentIdsIn(undefined)).toEqual([]);
  });

  it("a document request takes only a document reference, a value request never one", () => {
    const bundle = BundleSchema.parse(miniBundle());
    const task = bundle.items[0] as Item;
    const doc = [{ field: "scan", description: "原件照片", kind: "document" as const }];
    expect(validateSupplement(bundle, task, doc, { scan: { documentId: DOC } }).ok).toBe(true);
    const text = validateSupplement(bundle, task, doc, { scan: "upload://scan.jpg" });
    expect(text.ok ? [] : text.issues.map((i) => i.code)).toEqual(["document_required"]);
    const value = [{ field: "note", description: "说明" }];
    const wrong = validateSupplement(bundle, task, value, { note: { documentId: DOC } });
    expect(wrong.ok ? [] : wrong.issues.map((i) => i.code)).toEqual(["document_not_requested"]);
  });
});

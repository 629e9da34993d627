import type { TaskDispatchedMessage } from "@onething/contracts";
import { describe, expect, it } from "vitest";
import { autoOutputs } from "../support/outputs.ts";
import { catalogue, testPlatform } from "../support/platform.ts";

const t = await testPlatform({ name: "documents" });
const { request, department } = t;

const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 2, 3, 4, 5,
]);
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
const SCAN = { field: "certificateScan", description: "请上传死亡医学证明原件照片", kind: "document" };

/** An after-death case whose death certificate (卫健) asks the applicant for a document. */
async function caseAskingForAScan(key: string) {
  const { caseId } = await t.submitAccepted("after-death-hospital-pensioner", key);
  const submitted = await t.store.getCase(caseId);
  const citizen = t.citizenFor(String(submitted?.state.application.applicant.idNumber));
  const [task] = await t.takeTasks("health", caseId);
  if (!task) throw new Error("no death certificate task");
  const asked = await request("POST", `/v1/tasks/${task.taskToken}/result`, department("health"), {
    outcome: "needs_supplement",
    reason: "证明照片不清晰",
    requested: [{ ...SCAN, accept: ["image/jpeg", "application/pdf"] }],
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(202);
  await t.drainOrchestrator();
  return { caseId, citizen, task };
}

/** Asks for an upload, PUTs the bytes to the presigned URL, and has the upload checked. */
async function upload(
  caseId: string,
  citizen: object,
  bytes: Uint8Array,
  contentType = "image/jpeg",
  size = bytes.length,
) {
  const ticket = await request("POST", `/v1/cases/${caseId}/documents`, citizen, {
    itemId: "death-certificate-hospital",
    field: SCAN.field,
    contentType,
    size,
    fileName: "证明.jpg",
  });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const put = await fetch(ticket.body.upload.url, {
    method: "PUT",
    headers: ticket.body.upload.headers,
    body: bytes,
  });
  expect(put.status).toBe(200);
  const documentId: string = ticket.body.documentId;
  return { documentId, check: () => request("POST", `/v1/documents/${documentId}/check`, citizen) };
}

const first = await caseAskingForAScan("k-docs-1");
const second = await caseAskingForAScan("k-docs-2");
const stranger = t.citizenFor("110101199003070011");
/** The checked scan of the first case's supplement (set by the first describe). */
let firstScan = "";
const scanOfFirstCase = () => firstScan;

describe("a supplement answered with an uploaded document, on fauxqs S3", () => {
  it("refuses an upload for what was not asked as a document, or of a type the request does not take", async () => {
    const base = {
      itemId: "death-certificate-hospital",
      field: SCAN.field,
      contentType: "image/jpeg",
      size: 10,
    };
    const path = `/v1/cases/${first.caseId}/documents`;
    const png = await request("POST", path, first.citizen, { ...base, contentType: "image/png" });
    expect(png.status).toBe(400);
    expect(png.body.issues[0]).toMatchObject({ path: "contentType", code: "type_not_accepted" });
    const other = await request("POST", path, first.citizen, { ...base, field: "hospitalName" });
    expect(other.body.issues[0]).toMatchObject({ path: "field", code: "not_a_document_request" });
    const big = await request("POST", path, first.citizen, { ...base, size: 11 * 1024 * 1024 });
    expect(big.status).toBe(400);
    expect((await request("POST", path, stranger, base)).status).toBe(403);
  });

  it("checks the upload: nothing uploaded yet, another's upload, a file that is not what it says", async () => {
    const ticket = await request("POST", `/v1/cases/${first.caseId}/documents`, first.citizen, {
      itemId: "death-certificate-hospital",
      field: SCAN.field,
      contentType: "image/jpeg",
      size: JPEG.length,
    });
    const early = await request("POST", `/v1/documents/${ticket.body.documentId}/check`, first.citizen);
    expect(early).toMatchObject({ status: 409, body: { error: "document_not_uploaded" } });
    const disguised = await upload(first.caseId, first.citizen, PNG, "application/pdf");
    expect((await request("POST", `/v1/documents/${disguised.documentId}/check`, stranger)).status).toBe(404);
    const refused = await disguised.check();
    expect(refused).toMatchObject({ status: 400, body: { error: "document_type_mismatch" } });
    // A refused file is gone: it can never count.
    expect((await disguised.check()).body.error).toBe("unknown_document");
    const short = await upload(first.caseId, first.citizen, JPEG.slice(0, 8), "image/jpeg", JPEG.length);
    expect((await short.check()).body.error).toBe("document_size_mismatch");
  });

  let scan = "";
  let attempt2: TaskDispatchedMessage | undefined;
  let otherAttempt2: TaskDispatchedMessage | undefined;

  it("answers the request only with a checked document uploaded for it", async () => {
    const supply = (answer: unknown, caseId = first.caseId, who = first.citizen) =>
      request("POST", `/v1/cases/${caseId}/supplements`, who, {
        itemId: "death-certificate-hospital",
        answers: { [SCAN.field]: answer },
      });
    expect((await supply("upload://scan.jpg")).body.issues[0].code).toBe("document_required");
    expect((await supply({ documentId: "doc_AAAAAAAAAAAAAAAAAAAAAAAA" })).body.issues[0].code).toBe(
      "document_not_found",
    );
    const other = await upload(second.caseId, second.citizen, JPEG);
    expect((await other.check()).status).toBe(200);
    expect((await supply({ documentId: other.documentId })).body.issues[0].code).toBe(
      "document_not_for_this",
    );
    const mine = await upload(first.caseId, first.citizen, JPEG);
    const checked = await mine.check();
    expect(checked).toMatchObject({
      status: 200,
      body: { status: "ready", contentType: "image/jpeg", size: 16 },
    });
    expect((await supply({ documentId: mine.documentId })).status).toBe(202);
    expect((await supply({ documentId: other.documentId }, second.caseId, second.citizen)).status).toBe(202);
    scan = mine.documentId;
    firstScan = scan;
    await t.drainOrchestrator();
    const tasks = await t.takeTasks("health");
    attempt2 = tasks.find((task) => task.caseId === first.caseId);
    otherAttempt2 = tasks.find((task) => task.caseId === second.caseId);
    expect(attempt2?.supplement).toEqual({ [SCAN.field]: { documentId: scan } });
  });

  it("gives the department a short-lived GET of exactly the documents its task declares", async () => {
    const token = attempt2?.taskToken ?? "";
    const link = await request("GET", `/v1/tasks/${token}/documents/${scan}`, department("health"));
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expect(link.body).toMatchObject({ documentId: scan, contentType: "image/jpeg", size: JPEG.length });
    expect(new Uint8Array(await (await fetch(link.body.url)).arrayBuffer())).toEqual(JPEG);
    // Another department with the token; the same department for another case's document.
    const wrong = await request("GET", `/v1/tasks/${token}/documents/${scan}`, department("public-security"));
    expect(wrong.status).toBe(403);
    const otherCase = await request(
      "GET",
      `/v1/tasks/${otherAttempt2?.taskToken}/documents/${scan}`,
      department("health"),
    );
    expect(otherCase).toMatchObject({ status: 403, body: { error: "document_not_in_task" } });
  });

  it("lets the applicant download the case's own documents, and nobody else", async () => {
    const path = `/v1/cases/${first.caseId}/documents/${scan}`;
    const mine = await request("GET", path, first.citizen);
    expect(mine.status).toBe(200);
    expect(new Uint8Array(await (await fetch(mine.body.url)).arrayBuffer())).toEqual(JPEG);
    expect((await request("GET", path, stranger)).status).toBe(403);
    const elsewhere = await request("GET", `/v1/cases/${second.caseId}/documents/${scan}`, second.citizen);
    expect(elsewhere).toMatchObject({ status: 404, body: { error: "unknown_document" } });
  });

  it("refuses a department's output upload for an output that is not a document", async () => {
    const item = catalogue.bundle("after-death").items.find((i) => i.id === "death-certificate-hospital");
    const body = { output: "certificateNumber", contentType: "application/pdf", size: 100 };
    const r = await request("POST", `/v1/tasks/${attempt2?.taskToken}/documents`, department("health"), body);
    expect(r.body.issues?.[0]).toMatchObject({ path: "output", code: "not_a_document_output" });
    const done = await request("POST", `/v1/tasks/${attempt2?.taskToken}/result`, department("health"), {
      outcome: "completed",
      outputs: item ? autoOutputs(item) : {},
    });
    expect(done.status).toBe(202);
  });
});

describe("a department's document output and an electronic certificate (elderly-care-opening v2)", () => {
  const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");

  it("uploads the licence PDF for its task, answers with it, and the applicant downloads it", async () => {
    const submitted = await t.submitSample("eco-company-new-build", "k-docs-eco");
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const caseId: string = submitted.body.caseId;
    const market = department("market-regulation");
    const [task] = (await t.takeTasks("market-regulation", caseId)).filter(
      (x) => x.itemId === "business-licence",
    );
    if (!task) throw new Error("no business-licence task");
    const ticket = await request("POST", `/v1/tasks/${task.taskToken}/documents`, market, {
      output: "licencePdf",
      contentType: "application/pdf",
      size: PDF.length,
      fileName: "营业执照.pdf",
    });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    await fetch(ticket.body.upload.url, { method: "PUT", headers: ticket.body.upload.headers, body: PDF });
    const documentId: string = ticket.body.documentId;
    // Only the department that asked for the upload has it checked.
    expect((await request("POST", `/v1/documents/${documentId}/check`, submitted.claims)).status).toBe(404);
    expect((await request("POST", `/v1/documents/${documentId}/check`, market)).status).toBe(200);

    const item = catalogue.bundle("elderly-care-opening").items.find((i) => i.id === "business-licence");
    if (!item) throw new Error("no business-licence item");
    const answerWith = (licencePdf: unknown) =>
      request("POST", `/v1/tasks/${task.taskToken}/result`, market, {
        outcome: "completed",
        outputs: autoOutputs(item, { licencePdf }),
      });
    const foreign = await answerWith({ documentId: scanOfFirstCase() });
    expect(foreign.body.issues?.[0]).toMatchObject({
      path: "outputs.licencePdf",
      code: "document_not_for_this",
    });
    expect((await answerWith({ documentId })).status).toBe(202);
    await t.drainOrchestrator();

    const view = await request("GET", `/v1/cases/${caseId}`, submitted.claims);
    const licence = view.body.items.find((i: { itemId: string }) => i.itemId === "business-licence");
    expect(licence.outputs.licencePdf).toEqual({ documentId });
    expect(licence.outputs.licence).toMatchObject({ number: "business-licence-000001" });
    const link = await request("GET", `/v1/cases/${caseId}/documents/${documentId}`, submitted.claims);
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expect(new Uint8Array(await (await fetch(link.body.url)).arrayBuffer())).toEqual(PDF);
    // The food licence reads the registration's electronic certificate, not a number the applicant typed.
    const [food] = (await t.takeTasks("market-regulation", caseId)).filter(
      (x) => x.itemId === "food-business-licence",
    );
    expect(food?.inputs.outputs["business-licence.licence"]).toEqual(licence.outputs.licence);
  });
});

import type { Claims } from "@onething/auth";
import type { Item } from "@onething/domain";
import type { PostAs } from "./simulated-io.ts";

/** A small, valid one-page PDF naming what it stands for (a simulated certificate or scan). */
export function simulatedPdf(title: string): Uint8Array {
  const text = title.replace(/[^\x20-\x7e]/g, "?").replace(/[()\\]/g, "");
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) body += `${String(at).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/**
 * Uploads a file as a client of the public API does: asks `ticketPath` for a presigned PUT, PUTs the bytes, has the
 * upload checked; returns the document id (or throws with the step that failed).
 */
export async function uploadSimulated(
  post: PostAs,
  claims: Claims,
  ticketPath: string,
  declaration: Record<string, unknown>,
  bytes: Uint8Array,
): Promise<string> {
  const ticketResponse = await post(ticketPath, claims, {
    ...declaration,
    contentType: "application/pdf",
    size: bytes.length,
  });
  if (ticketResponse.status !== 201) throw new Error(`upload ticket refused: ${ticketResponse.status}`);
  const ticket = (await ticketResponse.json()) as {
    documentId: string;
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(ticket.upload.url, { method: "PUT", headers: ticket.upload.headers, body: bytes });
  await put.arrayBuffer();
  if (!put.ok) throw new Error(`upload refused by the storage: ${put.status}`);
  const checked = await post(`/v1/documents/${ticket.documentId}/check`, claims, undefined);
  await checked.arrayBuffer();
  if (checked.status !== 200) throw new Error(`upload check refused: ${checked.status}`);
  return ticket.documentId;
}

/**
 * A simulated department's completed answer with its document outputs (the certificate PDFs the item declares)
 * uploaded first and named by reference. A re-sent task uploads anew, so its answer differs and is refused as
 * already answered (409): the first answer stands, as for any department.
 */
export async function withDocumentOutputs<B extends { outcome: string; outputs?: Record<string, unknown> }>(
  post: PostAs,
  claims: Claims,
  task: { caseId: string; itemId: string; taskToken: string },
  item: Item | undefined,
  body: B,
): Promise<B> {
  if (body.outcome !== "completed" || !item) return body;
  const documents = item.outputs.filter((o) => o.type === "document");
  if (documents.length === 0) return body;
  const outputs = { ...(body.outputs ?? {}) };
  for (const o of documents) {
    const pdf = simulatedPdf(`${item.id} ${o.name} for case ${task.caseId} (simulated)`);
    const path = `/v1/tasks/${encodeURIComponent(task.taskToken)}/documents`;
    const documentId = await uploadSimulated(
      post,
      claims,
      path,
      { output: o.name, fileName: `${o.name}.pdf` },
      pdf,
    );
    outputs[o.name] = { documentId };
  }
  return { ...body, outputs };
}

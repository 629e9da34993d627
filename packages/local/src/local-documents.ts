import type { IncomingMessage, ServerResponse } from "node:http";
import { type DocumentStore, localDocuments } from "@onething/documents";
import { MAX_DOCUMENT_BYTES } from "@onething/domain";

/** Where the local gateway forwards a browser's presigned S3 requests to fauxqs (which answers no CORS preflight). */
export const LOCAL_S3_PATH = "/local-s3";
/** The local runtime's documents bucket on fauxqs. */
export const LOCAL_DOCUMENTS_BUCKET = "onething-documents";

export interface LocalDocuments {
  readonly port: DocumentStore;
  /** Forwards `/local-s3/…` to fauxqs (true when it took the request). */
  readonly proxy: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Presigned URLs name the local gateway from now on (same origin as the pages). */
  publishAt(url: string): void;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_DOCUMENT_BYTES + 1024) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function forward(endpoint: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const body = method === "PUT" ? await bodyOf(req) : undefined;
  if (method === "PUT" && body === undefined) {
    res.writeHead(413, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "payload_too_large", message: "the file is over the documents' limit" }));
    return;
  }
  const contentType = req.headers["content-type"];
  const answer = await fetch(`${endpoint}${(req.url ?? "/").slice(LOCAL_S3_PATH.length)}`, {
    method,
    headers: contentType ? { "content-type": contentType } : {},
    ...(body ? { body: new Uint8Array(body) } : {}),
  });
  const bytes = Buffer.from(await answer.arrayBuffer());
  const headers: Record<string, string> = { "content-length": String(bytes.length) };
  for (const name of ["content-type", "etag", "content-disposition", "last-modified"]) {
    const value = answer.headers.get(name);
    if (value) headers[name] = value;
  }
  res.writeHead(answer.status, headers);
  res.end(method === "HEAD" ? undefined : bytes);
}

/**
 * The documents port of `npm start`: fauxqs's S3 (it runs beside SQS), the bucket created when missing, and presigned
 * URLs through the local gateway's `/local-s3` so the pages PUT and GET on their own origin. On AWS the bucket's CORS
 * lets the pages reach S3 itself.
 */
export async function startLocalDocuments(endpoint: string): Promise<LocalDocuments> {
  let publicEndpoint: string | undefined;
  const port = await localDocuments({
    endpoint,
    bucket: LOCAL_DOCUMENTS_BUCKET,
    publicEndpoint: () => publicEndpoint,
  });
  return {
    port,
    publishAt(url) {
      publicEndpoint = `${url}${LOCAL_S3_PATH}`;
    },
    proxy(req, res) {
      if (!(req.url ?? "").startsWith(`${LOCAL_S3_PATH}/`)) return false;
      forward(endpoint, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "bad_gateway", message: "the S3 emulator did not answer" }));
      });
      return true;
    },
  };
}

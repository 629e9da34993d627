import type { IncomingMessage } from "node:http";

/**
 * What the server reads at most from one request body. The API refuses bodies over 256 KB itself (413); this cap
 * only keeps a client from making the server buffer without bound.
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** The request body passed `MAX_REQUEST_BYTES` (the server stops reading it). */
export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/** The whole body of a request, refusing (BodyTooLargeError) as soon as it passes `MAX_REQUEST_BYTES`. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_REQUEST_BYTES) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * A sample receiver of OneThing's webhooks (issue 17): verifies each delivery's signature and timestamp, refuses a
 * forged or stale one with 401, acknowledges a duplicate (same `eventId`) without handling it twice, and hands
 * each new task to `onTask`. Node built-ins only, so it can be copied as it is into a department's system.
 *
 * The scheme: `OneThing-Signature: t=<unix seconds>,v1=<hex>` where `<hex>` is HMAC-SHA256, keyed with the office's
 * secret (`whsec_…`, shown once at registration), over `<t>.<the raw request body>`. Compare in constant time, over
 * the raw bytes (never re-serialised JSON), and refuse a `t` more than 5 minutes from now.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export const TOLERANCE_SECONDS = 300;
const MAX_BODY_BYTES = 1024 * 1024;

/** Why a delivery was refused (`undefined`: its signature holds). */
export function signatureProblem(
  secret: string,
  rawBody: string,
  header: string | undefined,
  now: Date,
  toleranceSeconds = TOLERANCE_SECONDS,
): string | undefined {
  if (!header) return "signature_missing";
  let timestamp = Number.NaN;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t") timestamp = Number(value);
    if (key === "v1" && value) signatures.push(value);
  }
  if (!Number.isSafeInteger(timestamp) || signatures.length === 0) return "signature_malformed";
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return "signature_stale";
  const expected = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest();
  const ok = signatures.some((hex) => {
    const given = Buffer.from(hex, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return ok ? undefined : "signature_mismatch";
}

export interface ReceiverOptions {
  /** The office's secret, or where to read it (it may be set after the server starts). */
  readonly secret: string | (() => string | undefined);
  /** Handles a new task; throwing answers 500, and the platform retries later. */
  readonly onTask: (
    message: Record<string, unknown>,
    delivery: { eventId: string; attempt: number },
  ) => unknown;
  readonly now?: () => Date;
  readonly log?: (line: Record<string, unknown>) => void;
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) resolve(undefined);
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

const answer = (response: ServerResponse, status: number, body: Record<string, unknown>) => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
};

/** The request handler (`http.createServer(createReceiverHandler(…))`). */
export function createReceiverHandler(options: ReceiverOptions) {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)));
  // The platform delivers at least once: a task whose 200 was lost comes again with the same eventId.
  const seen = new Set<string>();
  return async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== "POST") return answer(response, 405, { error: "method_not_allowed" });
    const body = await readBody(request);
    if (body === undefined) return answer(response, 413, { error: "payload_too_large" });
    const secret = typeof options.secret === "function" ? options.secret() : options.secret;
    const header = request.headers["onething-signature"];
    const problem = secret
      ? signatureProblem(secret, body, Array.isArray(header) ? header[0] : header, now())
      : "no_secret_configured";
    if (problem) {
      log({ level: "warn", message: "delivery refused", problem });
      return answer(response, 401, { error: problem });
    }
    const message = JSON.parse(body) as Record<string, unknown>;
    const eventId = String(message.eventId ?? request.headers["onething-event-id"] ?? "");
    if (seen.has(eventId)) return answer(response, 200, { received: true, duplicate: true });
    const attempt = Number(request.headers["onething-delivery-attempt"] ?? 1);
    try {
      await options.onTask(message, { eventId, attempt });
    } catch (error) {
      log({ level: "error", message: "task not handled", eventId, error: (error as Error).message });
      return answer(response, 500, { error: "not_handled" });
    }
    seen.add(eventId);
    if (seen.size > 10_000) seen.delete(seen.values().next().value ?? "");
    log({ level: "info", message: "task received", type: message.type, eventId, attempt });
    return answer(response, 200, { received: true });
  };
}

import { RefusalError } from "@onething/domain";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** API Gateway's payload limit is 10 MB; ours is lower: no application needs more than 256 KB. */
export const MAX_BODY_BYTES = 256 * 1024;

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2["requestContext"] & {
    authorizer?: { jwt?: { claims?: Record<string, unknown> } };
  };
};

export type HttpResult = APIGatewayProxyStructuredResultV2;

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(body),
});

/** The raw body as text (API Gateway may base64 it), refusing oversized bodies before parsing. */
export function rawBody(event: HttpEvent): string {
  const raw = event.body ?? "";
  const text = event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
  if (Buffer.byteLength(text, "utf8") > MAX_BODY_BYTES)
    throw new RefusalError("too_large", "payload_too_large", `the body is over ${MAX_BODY_BYTES / 1024} KB`);
  return text;
}

/** A request body as JSON: none is `body_required`, unparsable `malformed_json` (both 400). */
export function parseJson(text: string): unknown {
  if (text.trim() === "") throw new RefusalError("invalid", "body_required", "a JSON body is required");
  try {
    return JSON.parse(text);
  } catch {
    throw new RefusalError("invalid", "malformed_json", "the body is not valid JSON");
  }
}

export const header = (event: HttpEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
};

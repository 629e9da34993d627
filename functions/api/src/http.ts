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

export const errorResult = (
  statusCode: number,
  error: string,
  message: string,
  issues?: readonly { path: string; message: string }[],
  headers: Record<string, string> = {},
) => json(statusCode, { error, message, ...(issues ? { issues } : {}) }, headers);

/** Thrown by body parsing; mapped to 400/413 with a machine-readable code. */
export class BadRequestBodyError extends Error {
  readonly status: 400 | 413;
  readonly code: string;
  constructor(status: 400 | 413, code: string, message: string) {
    super(message);
    this.name = "BadRequestBodyError";
    this.status = status;
    this.code = code;
  }
}

/** A path parameter that is not validly percent-encoded (`/v1/cases/%E0%A4%A`); mapped to 400 `bad_path`. */
export class BadPathError extends Error {
  readonly status = 400;
  readonly code = "bad_path";
  constructor(message: string) {
    super(message);
    this.name = "BadPathError";
  }
}

/** The raw body as text (API Gateway may base64 it), refusing oversized bodies before parsing. */
export function rawBody(event: HttpEvent): string {
  const raw = event.body ?? "";
  const text = event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
  if (Buffer.byteLength(text, "utf8") > MAX_BODY_BYTES) {
    throw new BadRequestBodyError(413, "payload_too_large", `the body is over ${MAX_BODY_BYTES / 1024} KB`);
  }
  return text;
}

export function jsonBody(event: HttpEvent): unknown {
  const text = rawBody(event);
  if (text.trim() === "") throw new BadRequestBodyError(400, "body_required", "a JSON body is required");
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestBodyError(400, "malformed_json", "the body is not valid JSON");
  }
}

export const header = (event: HttpEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
};

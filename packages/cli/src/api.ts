import {
  CaseViewSchema,
  ErrorResponseSchema,
  OpsCaseListSchema,
  OpsSummarySchema,
  SubmitApplicationResponseSchema,
} from "@onething/contracts";
import type { z } from "zod";
import type { Context } from "./context.ts";
import { resolveApiUrl, unreachableHint } from "./data-dir.ts";
import { ApiError, CliError } from "./errors.ts";

const REQUEST_TIMEOUT_MS = 30_000;

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
}

/** The HTTP API as the CLI calls it: JSON in and out, refusals as ApiError, unreachable as one clear line. */
export interface ApiClient {
  readonly baseUrl: string;
  request(method: string, path: string, options?: RequestOptions): Promise<unknown>;
}

export async function createApiClient(ctx: Context): Promise<ApiClient> {
  const baseUrl = await resolveApiUrl(ctx);
  return {
    baseUrl,
    async request(method, path, options = {}) {
      const url = new URL(`${baseUrl}${path}`);
      for (const [k, v] of Object.entries(options.query ?? {})) {
        if (v !== undefined) url.searchParams.set(k, String(v));
      }
      const headers: Record<string, string> = { accept: "application/json", ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers["content-type"] = "application/json";
      let response: Response;
      try {
        response = await ctx.fetch(url, {
          method,
          headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        throw await connectionError(ctx, baseUrl, error);
      }
      const text = await response.text();
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (!response.ok) {
        const refusal = ErrorResponseSchema.safeParse(body);
        if (refusal.success) {
          const { error, message, issues } = refusal.data;
          throw new ApiError(response.status, error, message, issues);
        }
        throw new ApiError(
          response.status,
          "http_error",
          `${method} ${path} answered ${response.statusText || "an error"}`,
        );
      }
      return body;
    },
  };
}

async function connectionError(ctx: Context, baseUrl: string, error: unknown): Promise<CliError> {
  const e = error as Error & { cause?: { code?: string } };
  // fetch gives up on AbortSignal.timeout with a DOMException named TimeoutError (there is no class of its own).
  if (e instanceof DOMException && e.name === "TimeoutError") {
    return new CliError(`the platform at ${baseUrl} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`, {
      code: "timeout",
    });
  }
  const reason = e.cause?.code ?? e.message;
  return new CliError(`cannot reach the platform at ${baseUrl} (${reason}): ${await unreachableHint(ctx)}`, {
    code: "unreachable",
  });
}

/** Parses a response with its contract schema: a mismatch is a clear error, never a crash later on. */
export function parseResponse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? ` (${first.path.join(".") || "body"}: ${first.message})` : "";
    throw new CliError(`unexpected ${what} from the platform${where}`, { code: "bad_response" });
  }
  return parsed.data;
}

export const getCase = async (api: ApiClient, caseId: string, token: string) =>
  parseResponse(
    CaseViewSchema,
    await api.request("GET", `/v1/cases/${encodeURIComponent(caseId)}`, { token }),
    "case view",
  );

export const submitApplication = async (
  api: ApiClient,
  body: unknown,
  token: string,
  idempotencyKey: string,
) =>
  parseResponse(
    SubmitApplicationResponseSchema,
    await api.request("POST", "/v1/applications", {
      token,
      body,
      headers: { "idempotency-key": idempotencyKey },
    }),
    "submission response",
  );

export const getOpsSummary = async (api: ApiClient, token: string) =>
  parseResponse(OpsSummarySchema, await api.request("GET", "/v1/ops/summary", { token }), "ops summary");

export const listOpsCases = async (
  api: ApiClient,
  token: string,
  query: Record<string, string | number | undefined>,
) =>
  parseResponse(OpsCaseListSchema, await api.request("GET", "/v1/ops/cases", { token, query }), "case list");

import { clearSession, loadSession } from "./session.ts";
import type {
  BundleDetail,
  BundleList,
  CaseView,
  DepartmentList,
  FieldIssue,
  MyCaseList,
  OpsCaseList,
  OpsSummary,
  RedriveResponse,
  RevealResponse,
  SubmitApplicationRequest,
  SubmitApplicationResponse,
} from "./types.ts";

/** A refusal from the API: its machine-readable code, its sentence, and per-field issues when it names fields. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: FieldIssue[];
  constructor(status: number, code: string, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** Called when the API says the token is missing, expired or forged: the app goes back to sign-in. */
let onUnauthorized = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: HeadersInit = {},
): Promise<T> {
  const session = loadSession();
  const response = await fetch(path, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(session ? { authorization: `Bearer ${session.token}` } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (response.ok) return parsed as T;
  if (response.status === 401) {
    clearSession();
    onUnauthorized();
  }
  const error = (parsed ?? {}) as { error?: string; message?: string; issues?: FieldIssue[] };
  throw new ApiError(
    response.status,
    error.error ?? `http_${response.status}`,
    error.message ?? response.statusText,
    error.issues ?? [],
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: "not_json", message: text.slice(0, 200) };
  }
}

const enc = encodeURIComponent;

export type DevTokenRequest =
  | { role: "citizen"; idNumber: string; name?: string; uscc?: string }
  | { role: "operator"; reveal?: boolean };

export const api = {
  devToken: (body: DevTokenRequest) =>
    request<{ token: string; expiresAt: string }>("POST", "/dev/token", body),
  bundles: () => request<BundleList>("GET", "/v1/bundles"),
  bundle: (bundleId: string) => request<BundleDetail>("GET", `/v1/bundles/${enc(bundleId)}`),
  departments: () => request<DepartmentList>("GET", "/v1/departments"),
  submit: (body: SubmitApplicationRequest, idempotencyKey: string) =>
    request<SubmitApplicationResponse>("POST", "/v1/applications", body, {
      "idempotency-key": idempotencyKey,
    }),
  myCases: (cursor?: string) =>
    request<MyCaseList>("GET", `/v1/cases${cursor ? `?cursor=${enc(cursor)}` : ""}`),
  caseView: (caseId: string) => request<CaseView>("GET", `/v1/cases/${enc(caseId)}`),
  supplement: (caseId: string, itemId: string, answers: Record<string, string | number | boolean | null>) =>
    request<unknown>("POST", `/v1/cases/${enc(caseId)}/supplements`, { itemId, answers }),
  withdraw: (caseId: string, reason: string) =>
    request<unknown>("POST", `/v1/cases/${enc(caseId)}/withdraw`, { reason }),
  summary: () => request<OpsSummary>("GET", "/v1/ops/summary"),
  opsCases: (query: URLSearchParams) => request<OpsCaseList>("GET", `/v1/ops/cases?${query.toString()}`),
  reveal: (caseId: string, reason: string) =>
    request<RevealResponse>("POST", `/v1/ops/cases/${enc(caseId)}/reveal`, { reason }),
  redrive: (queue: string) => request<RedriveResponse>("POST", `/v1/ops/dead-letters/${enc(queue)}/redrive`),
};

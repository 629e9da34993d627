import { ApiError, HTTP_ERROR, NETWORK_ERROR, NOT_JSON } from "./errors.ts";
import { clearSession, loadSession } from "./session.ts";
import type {
  AcceptOfferResponse,
  BundleDetail,
  BundleList,
  CalendarList,
  CaseView,
  DeadLetterList,
  DeclineOfferResponse,
  DepartmentList,
  FieldIssue,
  JurisdictionList,
  MyCaseList,
  NoticeList,
  OfferDetail,
  OfferList,
  OpsCaseList,
  OpsSummary,
  RedriveResponse,
  RevealResponse,
  SubmitApplicationRequest,
  SubmitApplicationResponse,
} from "./types.ts";

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
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(session ? { authorization: `Bearer ${session.token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    // Offline, refused, reset: no answer at all.
    throw new ApiError(0, NETWORK_ERROR, error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  const parsed = text ? parseJson(text) : { ok: true as const, value: undefined };
  if (response.status === 401) {
    clearSession();
    onUnauthorized();
  }
  // A proxy's HTML page, a truncated body: nothing the pages can read, whatever the status.
  if (!parsed.ok) throw new ApiError(response.status, NOT_JSON, text.slice(0, 200));
  if (response.ok) return parsed.value as T;
  const error = (parsed.value ?? {}) as {
    error?: unknown;
    message?: unknown;
    issues?: unknown;
    caseId?: unknown;
  };
  // The API's body names its code; a body without one (an AWS edge's `{"message": …}`) is known by its status.
  throw new ApiError(
    response.status,
    typeof error.error === "string" && error.error ? error.error : HTTP_ERROR,
    typeof error.message === "string" ? error.message : response.statusText,
    Array.isArray(error.issues) ? (error.issues as FieldIssue[]) : [],
    typeof error.caseId === "string" ? error.caseId : undefined,
  );
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const enc = encodeURIComponent;

/** A supplement answer: a value, or an uploaded document's reference. */
export type SupplementAnswer = string | number | boolean | null | { documentId: string };

/** The presigned PUT `POST /v1/cases/{caseId}/documents` gives (`UploadTicket`). */
export interface UploadTicket {
  documentId: string;
  upload: { method: "PUT"; url: string; headers: Record<string, string> };
  expiresAt: string;
}

export type DevTokenRequest =
  | { role: "citizen"; idNumber: string; name?: string; uscc?: string }
  | { role: "operator"; reveal?: boolean; office?: string };

export const api = {
  devToken: (body: DevTokenRequest) =>
    request<{ token: string; expiresAt: string }>("POST", "/dev/token", body),
  bundles: () => request<BundleList>("GET", "/v1/bundles"),
  bundle: (bundleId: string) => request<BundleDetail>("GET", `/v1/bundles/${enc(bundleId)}`),
  departments: () => request<DepartmentList>("GET", "/v1/departments"),
  jurisdictions: () => request<JurisdictionList>("GET", "/v1/jurisdictions"),
  submit: (body: SubmitApplicationRequest, idempotencyKey: string) =>
    request<SubmitApplicationResponse>("POST", "/v1/applications", body, {
      "idempotency-key": idempotencyKey,
    }),
  myCases: (cursor?: string) =>
    request<MyCaseList>("GET", `/v1/cases${cursor ? `?cursor=${enc(cursor)}` : ""}`),
  caseView: (caseId: string) => request<CaseView>("GET", `/v1/cases/${enc(caseId)}`),
  supplement: (caseId: string, itemId: string, answers: Record<string, SupplementAnswer>) =>
    request<unknown>("POST", `/v1/cases/${enc(caseId)}/supplements`, { itemId, answers }),
  documentUpload: (
    caseId: string,
    body: { itemId: string; field: string; contentType: string; size: number; fileName: string },
  ) => request<UploadTicket>("POST", `/v1/cases/${enc(caseId)}/documents`, body),
  checkDocument: (documentId: string) =>
    request<{ documentId: string; status: "ready" }>("POST", `/v1/documents/${enc(documentId)}/check`),
  caseDocument: (caseId: string, documentId: string) =>
    request<{ url: string; fileName?: string }>(
      "GET",
      `/v1/cases/${enc(caseId)}/documents/${enc(documentId)}`,
    ),
  withdraw: (caseId: string, reason: string) =>
    request<unknown>("POST", `/v1/cases/${enc(caseId)}/withdraw`, { reason }),
  offers: (cursor?: string) =>
    request<OfferList>("GET", `/v1/offers${cursor ? `?cursor=${enc(cursor)}` : ""}`),
  offer: (offerId: string) => request<OfferDetail>("GET", `/v1/offers/${enc(offerId)}`),
  acceptOffer: (offerId: string, answers: Record<string, unknown>) =>
    request<AcceptOfferResponse>("POST", `/v1/offers/${enc(offerId)}/accept`, { answers }),
  declineOffer: (offerId: string, reason?: string) =>
    request<DeclineOfferResponse>(
      "POST",
      `/v1/offers/${enc(offerId)}/decline`,
      reason?.trim() ? { reason: reason.trim() } : {},
    ),
  notices: (cursor?: string) =>
    request<NoticeList>("GET", `/v1/notices${cursor ? `?cursor=${enc(cursor)}` : ""}`),
  readNotice: (noticeId: string) =>
    request<{ noticeId: string; readAt: string }>("POST", `/v1/notices/${enc(noticeId)}/read`),
  summary: (place?: string) =>
    request<OpsSummary>("GET", `/v1/ops/summary${place ? `?place=${enc(place)}` : ""}`),
  calendar: () => request<CalendarList>("GET", "/v1/ops/calendar"),
  opsCases: (query: URLSearchParams) => request<OpsCaseList>("GET", `/v1/ops/cases?${query.toString()}`),
  reveal: (caseId: string, reason: string) =>
    request<RevealResponse>("POST", `/v1/ops/cases/${enc(caseId)}/reveal`, { reason }),
  redrive: (queue: string) => request<RedriveResponse>("POST", `/v1/ops/dead-letters/${enc(queue)}/redrive`),
  deadLetters: (queue: string) =>
    request<DeadLetterList>("GET", `/v1/ops/dead-letters/${enc(queue)}/messages`),
};

/** The document routes: uploads for supplements and outputs, the check, and the downloads. */
import {
  CheckedDocumentSchema,
  DocumentIdSchema,
  DownloadLinkSchema,
  OutputUploadBodySchema,
  SupplementUploadBodySchema,
  UploadTicketSchema,
} from "./documents.ts";
import { caseIdParam, error, invalid, type PathParam, type RouteSpec, segment } from "./route-spec.ts";

const documentIdParam: PathParam = {
  schema: DocumentIdSchema,
  description: "a document id (doc_…)",
  unknown: "unknown_document",
};
const unknownDocument = error("No such document for the caller (`unknown_document`)");
const unavailable = error(
  "Busy (`busy`, `case_busy`), or documents are not configured in this deployment (`documents_unavailable`)",
);

export const DOCUMENT_ROUTES = {
  createSupplementUpload: {
    id: "createSupplementUpload",
    method: "POST",
    path: "/v1/cases/{caseId}/documents",
    summary:
      "A presigned PUT for a document the item's supplement request asks for (pdf, jpeg, png; declared size); then check it",
    tag: "citizen",
    callers: ["citizen", "clerk"],
    pathParams: { caseId: caseIdParam },
    body: SupplementUploadBodySchema,
    responses: {
      201: { description: "Upload here (PUT, with the headers given)", schema: UploadTicketSchema },
      400: invalid(
        "Not a document asked for (`field`: `not_a_document_request`), a type the request does not take (`contentType`: `type_not_accepted`), an unknown item (`itemId`: `unknown_item`)",
      ),
      403: error("Not the applicant or a clerk of the receiving office (`forbidden`)"),
      404: error("No such case (`unknown_case`)"),
      409: error("Nothing is asked of the item (`nothing_requested`), or the case is closed (`case_closed`)"),
      503: unavailable,
    },
  },
  createOutputUpload: {
    id: "createOutputUpload",
    method: "POST",
    path: "/v1/tasks/{taskToken}/documents",
    summary:
      "A presigned PUT for a document output (a certificate PDF) the task's item declares; then check it",
    tag: "department",
    callers: ["department"],
    pathParams: { taskToken: segment("the task token of the TaskDispatched message") },
    body: OutputUploadBodySchema,
    responses: {
      201: { description: "Upload here (PUT, with the headers given)", schema: UploadTicketSchema },
      400: invalid("Not a document output of the item (`output`: `not_a_document_output`)"),
      401: error(
        "No token, a bad one, or a forged, expired or unknown-key task token (`unauthenticated`, `task_token_invalid`, `task_token_expired`, `task_token_unknown_key`)",
      ),
      403: error("Another department's task (`forbidden`), or another office's (`wrong_office`)"),
      404: error("No such case (`unknown_case`)"),
      409: error("The task's attempt is no longer open (`task_not_open`)"),
      503: unavailable,
    },
  },
  checkDocument: {
    id: "checkDocument",
    method: "POST",
    path: "/v1/documents/{documentId}/check",
    summary:
      "Check an uploaded file against its declaration (size, content type, magic bytes); only a checked document counts",
    tag: "citizen",
    callers: ["citizen", "clerk", "department"],
    pathParams: { documentId: documentIdParam },
    responses: {
      200: { description: "Checked: the document counts", schema: CheckedDocumentSchema },
      400: invalid(
        "The file is refused and deleted: `document_empty`, `document_too_large`, `document_size_mismatch`, `document_content_type_mismatch`, `document_type_mismatch`",
      ),
      404: unknownDocument,
      409: error("Nothing was uploaded yet (`document_not_uploaded`)"),
      503: unavailable,
    },
  },
  getTaskDocument: {
    id: "getTaskDocument",
    method: "GET",
    path: "/v1/tasks/{taskToken}/documents/{documentId}",
    summary:
      "A short-lived presigned GET of a document the task declares (its inputs and its supplement answers), nothing else",
    tag: "department",
    callers: ["department"],
    pathParams: {
      taskToken: segment("the task token of the TaskDispatched message"),
      documentId: documentIdParam,
    },
    responses: {
      200: { description: "Download here, before `expiresAt`", schema: DownloadLinkSchema },
      401: error(
        "No token, a bad one, or a forged, expired or unknown-key task token (`unauthenticated`, `task_token_invalid`, `task_token_expired`, `task_token_unknown_key`)",
      ),
      403: error(
        "A document the task does not declare (`document_not_in_task`), another department's task (`forbidden`), another office's (`wrong_office`)",
      ),
      404: unknownDocument,
      503: unavailable,
    },
  },
  getCaseDocument: {
    id: "getCaseDocument",
    method: "GET",
    path: "/v1/cases/{caseId}/documents/{documentId}",
    summary:
      "A short-lived presigned GET of one of the case's documents (an output such as a certificate PDF, or a supplement)",
    tag: "citizen",
    callers: ["citizen", "clerk"],
    pathParams: { caseId: caseIdParam, documentId: documentIdParam },
    responses: {
      200: { description: "Download here, before `expiresAt`", schema: DownloadLinkSchema },
      403: error("Not the applicant or a clerk of the receiving office (`forbidden`)"),
      404: error("No such case (`unknown_case`), or no such document of it (`unknown_document`)"),
      503: unavailable,
    },
  },
} as const satisfies Record<string, RouteSpec>;

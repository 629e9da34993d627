import { OutOfScopeError, type Principal, type TaskClaim } from "@onething/auth";
import {
  type CaseState,
  DOCUMENT_CONTENT_TYPES,
  type DocumentContentType,
  declaredInputs,
  documentIdsIn,
  type FieldIssue,
  type Item,
  isClosed,
  isDocumentRef,
  itemDefinition,
  RefusalError,
} from "@onething/domain";
import type { ApplyDeps } from "./apply-event.ts";
import type { DocumentRecord, DocumentsPort, DownloadLink, UploadTicket } from "./documents-port.ts";
import { RequestRefusedError, validationFailed } from "./errors.ts";
import { caseActedOnBy, loadCase, openCaseActedOnBy } from "./load-case.ts";
import { placeWithin, type Scope } from "./scope.ts";

export interface DocumentDeps extends ApplyDeps {
  documents?: DocumentsPort;
}

/** What an upload declares: its type and size, and the file's name to download it under. */
export interface UploadBody {
  contentType: DocumentContentType;
  size: number;
  fileName?: string | undefined;
}

/** The department that calls, and the office scope it signed in with (none: the department everywhere). */
export interface DepartmentCaller {
  department: string;
  scope?: Scope;
}

const unknownDocument = (id: string) =>
  new RefusalError("not_found", "unknown_document", `no document ${id}`);

function portOf(deps: DocumentDeps): DocumentsPort {
  if (!deps.documents)
    throw new RefusalError("retry_later", "documents_unavailable", "documents are not configured here");
  return deps.documents;
}

/** POST /v1/cases/{caseId}/documents: a presigned PUT for a document the item's supplement request asks for. */
export async function requestSupplementUpload(
  deps: DocumentDeps,
  caseId: string,
  body: UploadBody & { itemId: string; field: string },
  principal: Principal,
  now: Date,
): Promise<UploadTicket> {
  const state = await openCaseActedOnBy(deps, caseId, principal);
  const item = state.items[body.itemId];
  if (!item)
    throw validationFailed([{ path: "itemId", message: `no item ${body.itemId}`, code: "unknown_item" }]);
  if (item.status !== "awaiting_supplement")
    throw new RequestRefusedError("superseded", "nothing_requested", `item ${item.itemId} asks for nothing`);
  const request = item.requested?.find((r) => r.field === body.field);
  if (request?.kind !== "document")
    throw validationFailed([
      { path: "field", message: `${body.field} is not a document asked for`, code: "not_a_document_request" },
    ]);
  refuseType(body.contentType, request.accept ?? DOCUMENT_CONTENT_TYPES);
  return portOf(deps).createUpload(
    {
      caseId,
      purpose: "supplement",
      itemId: item.itemId,
      name: body.field,
      attempt: item.attempt,
      contentType: body.contentType,
      size: body.size,
      ...(body.fileName ? { fileName: body.fileName } : {}),
      uploadedBy: principal.subject,
    },
    now,
  );
}

function refuseType(type: DocumentContentType, accept: readonly DocumentContentType[]) {
  if (!accept.includes(type))
    throw validationFailed([
      {
        path: "contentType",
        message: `must be one of ${accept.join(", ")}`,
        code: "type_not_accepted",
        params: { accept: accept.join(", ") },
      },
    ]);
}

/** The task a token names, for the department (and office) that calls: the case, the item and its definition. */
async function taskOf(deps: DocumentDeps, taskToken: string, caller: DepartmentCaller) {
  const claim: TaskClaim = await deps.tokens.verifyFresh(taskToken);
  if (caller.department !== claim.department)
    throw new RefusalError("forbidden", "forbidden", `this task belongs to ${claim.department}`);
  if (caller.scope && !placeWithin(claim.office, caller.scope))
    throw new OutOfScopeError("wrong_office", `this task belongs to another ${claim.department} office`);
  const state = await loadCase(deps, claim.caseId);
  const itemState = state.items[claim.itemId];
  const bundle = deps.catalogue.bundle(state.bundleId, state.bundleVersion);
  const item = itemState ? itemDefinition(bundle, itemState.forEachOf ?? itemState.itemId) : undefined;
  if (!itemState || !item)
    throw new RefusalError("forbidden", "forbidden", "the token does not match this case");
  return { claim, state, itemState, item };
}

/** POST /v1/tasks/{taskToken}/documents: a presigned PUT for a document output the task's item declares. */
export async function requestOutputUpload(
  deps: DocumentDeps,
  taskToken: string,
  body: UploadBody & { output: string },
  caller: DepartmentCaller,
  principal: Principal,
  now: Date,
): Promise<UploadTicket> {
  const { claim, state, itemState, item } = await taskOf(deps, taskToken, caller);
  if (isClosed(state) || itemState.status !== "dispatched" || itemState.attempt !== claim.attempt)
    throw new RequestRefusedError(
      "superseded",
      "task_not_open",
      `this attempt of ${claim.itemId} is not open`,
    );
  const decl = item.outputs.find((o) => o.name === body.output);
  if (decl?.type !== "document")
    throw validationFailed([
      {
        path: "output",
        message: `${body.output} is not a document output of ${item.id}`,
        code: "not_a_document_output",
      },
    ]);
  refuseType(body.contentType, DOCUMENT_CONTENT_TYPES);
  return portOf(deps).createUpload(
    {
      caseId: claim.caseId,
      purpose: "output",
      itemId: claim.itemId,
      name: body.output,
      attempt: claim.attempt,
      contentType: body.contentType,
      size: body.size,
      ...(body.fileName ? { fileName: body.fileName } : {}),
      uploadedBy: principal.subject,
    },
    now,
  );
}

/** POST /v1/documents/{documentId}/check: the uploader has its upload checked; only then does it count. */
export async function checkDocument(
  deps: DocumentDeps,
  documentId: string,
  principal: Principal,
  now: Date,
): Promise<DocumentRecord> {
  const port = portOf(deps);
  const declared = (await port.describe(documentId)) ?? (await port.pending(documentId));
  // Anyone else's upload answers as a missing one: an id says nothing about what exists.
  if (!declared || declared.uploadedBy !== principal.subject) throw unknownDocument(documentId);
  return port.check(documentId, now);
}

/** Every document the task declares: its inputs (fields and earlier outputs) and its own supplement answers. */
export function taskDocumentIds(item: Item, state: CaseState, itemId: string): string[] {
  const itemState = state.items[itemId];
  if (!itemState) return [];
  const inputs = declaredInputs(item, state, itemState);
  return [
    ...new Set([
      ...documentIdsIn(inputs.fields),
      ...documentIdsIn(inputs.outputs),
      ...documentIdsIn(itemState.supplement),
    ]),
  ];
}

/** GET /v1/tasks/{taskToken}/documents/{documentId}: a short-lived presigned GET, only for the task's documents. */
export async function taskDocumentLink(
  deps: DocumentDeps,
  taskToken: string,
  documentId: string,
  caller: DepartmentCaller,
  now: Date,
): Promise<DownloadLink> {
  const { state, itemState, item } = await taskOf(deps, taskToken, caller);
  if (!taskDocumentIds(item, state, itemState.itemId).includes(documentId))
    throw new RefusalError("forbidden", "document_not_in_task", "this task does not declare that document");
  const port = portOf(deps);
  const record = await port.describe(documentId);
  if (!record || record.caseId !== state.caseId) throw unknownDocument(documentId);
  return port.downloadLink(record, now);
}

/** Every document a case holds: its items' supplement answers and outputs. */
export function caseDocumentIds(state: CaseState): string[] {
  const ids = new Set<string>();
  for (const item of Object.values(state.items)) {
    for (const id of documentIdsIn(item.supplement)) ids.add(id);
    for (const id of documentIdsIn(item.outputs)) ids.add(id);
  }
  return [...ids];
}

/** GET /v1/cases/{caseId}/documents/{documentId}: the applicant (or filing clerk) downloads the case's own. */
export async function caseDocumentLink(
  deps: DocumentDeps,
  caseId: string,
  documentId: string,
  principal: Principal,
  now: Date,
): Promise<DownloadLink> {
  const state = await caseActedOnBy(deps, caseId, principal);
  if (!caseDocumentIds(state).includes(documentId)) throw unknownDocument(documentId);
  const port = portOf(deps);
  const record = await port.describe(documentId);
  if (!record || record.caseId !== caseId) throw unknownDocument(documentId);
  return port.downloadLink(record, now);
}

/** The expected origin of a referenced document: what it was uploaded for. */
interface Expected {
  caseId: string;
  purpose: "supplement" | "output";
  itemId: string;
  name: string;
  attempt?: number;
}

/**
 * Every document reference among `values` is a checked document uploaded for exactly this purpose (this case, item,
 * field or output): otherwise an issue at `<prefix>.<name>` (`document_not_found`, `document_not_for_this`).
 */
export async function documentIssues(
  deps: DocumentDeps,
  values: Record<string, unknown>,
  expected: (name: string) => Expected,
  prefix: string,
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (!isDocumentRef(value)) continue;
    const record = await deps.documents?.describe(value.documentId);
    const path = `${prefix}.${name}`;
    if (!record) {
      issues.push({ path, message: "no checked document with this id", code: "document_not_found" });
      continue;
    }
    const want = expected(name);
    const matches =
      record.caseId === want.caseId &&
      record.purpose === want.purpose &&
      record.itemId === want.itemId &&
      record.name === want.name &&
      (want.attempt === undefined || record.attempt === want.attempt);
    if (!matches)
      issues.push({
        path,
        message: "the document was uploaded for something else",
        code: "document_not_for_this",
      });
  }
  return issues;
}

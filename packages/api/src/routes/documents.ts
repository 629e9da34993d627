import type { Principal } from "@onething/auth";
import {
  caseDocumentLink,
  checkDocument,
  type DepartmentCaller,
  isPlatformScope,
  requestOutputUpload,
  requestSupplementUpload,
  scopeOf,
  taskDocumentLink,
} from "@onething/cases";
import { CheckedDocumentSchema, DownloadLinkSchema, UploadTicketSchema } from "@onething/contracts";
import type { ApiDeps } from "../deps.ts";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

/** The department that calls, with the office scope its token names (none: the department everywhere). */
function departmentCaller(principal: Principal, deps: ApiDeps): DepartmentCaller {
  const department = principal.role === "department" ? principal.department : "";
  const scope = scopeOf(principal, deps.catalogue.places);
  return { department, ...(scope && !isPlatformScope(scope) ? { scope } : {}) };
}

/** Documents: presigned uploads, the check after upload, and presigned downloads for exactly what a caller may read. */
export const documentRoutes: Pick<
  RouteHandlers,
  "createSupplementUpload" | "createOutputUpload" | "checkDocument" | "getTaskDocument" | "getCaseDocument"
> = {
  createSupplementUpload: async ({ principal, params, body }, deps) =>
    json(
      201,
      UploadTicketSchema.parse(
        await requestSupplementUpload(deps, params.caseId, body, principal, deps.clock()),
      ),
    ),

  createOutputUpload: async ({ principal, params, body }, deps) =>
    json(
      201,
      UploadTicketSchema.parse(
        await requestOutputUpload(
          deps,
          params.taskToken,
          body,
          departmentCaller(principal, deps),
          principal,
          deps.clock(),
        ),
      ),
    ),

  checkDocument: async ({ principal, params }, deps) => {
    const record = await checkDocument(deps, params.documentId, principal, deps.clock());
    return json(
      200,
      CheckedDocumentSchema.parse({
        documentId: record.documentId,
        status: "ready",
        contentType: record.contentType,
        size: record.size,
        sha256: record.sha256,
        ...(record.fileName ? { fileName: record.fileName } : {}),
      }),
    );
  },

  getTaskDocument: async ({ principal, params }, deps) =>
    json(
      200,
      DownloadLinkSchema.parse(
        await taskDocumentLink(
          deps,
          params.taskToken,
          params.documentId,
          departmentCaller(principal, deps),
          deps.clock(),
        ),
      ),
    ),

  getCaseDocument: async ({ principal, params }, deps) =>
    json(
      200,
      DownloadLinkSchema.parse(
        await caseDocumentLink(deps, params.caseId, params.documentId, principal, deps.clock()),
      ),
    ),
};

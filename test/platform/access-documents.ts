/**
 * The access matrix's rows for the document routes (`access.int.test.ts`; the full rules: documents.int.test.ts),
 * and after them the pull routes' (`access-department-pull.ts`).
 */
import { departmentPullRows } from "./access-department-pull.ts";
import { webhookRows } from "./access-webhooks.ts";

type Who = object | undefined;
type Row = [string, string, unknown, [Who, number][]];

/** A document id of the right shape that names nothing. */
const NO_DOCUMENT = "doc_AAAAAAAAAAAAAAAAAAAAAAAA";

/** Uploads for the applicant's open request or a department's open task, the uploader's check, the downloads. */
export function documentRows(caseId: string, who: Record<string, Who>): Row[] {
  const { stranger, health, operator, otherClerk, applicant } = who;
  return [
    [
      "POST",
      `/v1/cases/${caseId}/documents`,
      { itemId: "household-cancellation", field: "scan", contentType: "image/jpeg", size: 10 },
      [
        [undefined, 401],
        [stranger, 403],
        [health, 403],
        [operator, 403],
        [otherClerk, 404],
        [applicant, 409],
      ],
    ],
    [
      "POST",
      "/v1/tasks/abc.def/documents",
      { output: "x", contentType: "application/pdf", size: 10 },
      [
        [undefined, 401],
        [applicant, 403],
        [operator, 403],
        [health, 401],
      ],
    ],
    [
      "POST",
      `/v1/documents/${NO_DOCUMENT}/check`,
      undefined,
      [
        [undefined, 401],
        [operator, 403],
        [applicant, 404],
        [health, 404],
      ],
    ],
    [
      "GET",
      `/v1/tasks/abc.def/documents/${NO_DOCUMENT}`,
      undefined,
      [
        [undefined, 401],
        [applicant, 403],
        [operator, 403],
        [health, 401],
      ],
    ],
    [
      "GET",
      `/v1/cases/${caseId}/documents/${NO_DOCUMENT}`,
      undefined,
      [
        [undefined, 401],
        [stranger, 403],
        [health, 403],
        [operator, 403],
        [otherClerk, 404],
        [applicant, 404],
      ],
    ],
    ...departmentPullRows(who),
    // And push (issue 17), kept in a file of its own.
    ...webhookRows(who),
  ];
}

import { z } from "zod";
import { BundleDetailSchema, BundleListSchema } from "./bundles.ts";
import { CalendarImportResponseSchema, CalendarListSchema, CalendarNoticeSchema } from "./calendar.ts";
import { ErrorResponseSchema } from "./common.ts";
import {
  DepartmentListSchema,
  MyCaseListSchema,
  OpsCaseListSchema,
  OpsSummarySchema,
  RedriveResponseSchema,
  RevealRequestSchema,
  RevealResponseSchema,
} from "./dashboard.ts";
import {
  CaseViewSchema,
  SubmitApplicationRequestSchema,
  SubmitApplicationResponseSchema,
  SupplementBodySchema,
  TaskResultBodySchema,
  ValidationFailedSchema,
  WithdrawBodySchema,
} from "./http.ts";
import { DepartmentMessageSchema, TaskResultMessageSchema } from "./messages.ts";

const schemas = {
  BundleList: BundleListSchema,
  BundleDetail: BundleDetailSchema,
  SubmitApplicationRequest: SubmitApplicationRequestSchema,
  SubmitApplicationResponse: SubmitApplicationResponseSchema,
  CaseView: CaseViewSchema,
  SupplementBody: SupplementBodySchema,
  WithdrawBody: WithdrawBodySchema,
  TaskResultBody: TaskResultBodySchema,
  OpsSummary: OpsSummarySchema,
  OpsCaseList: OpsCaseListSchema,
  DepartmentList: DepartmentListSchema,
  MyCaseList: MyCaseListSchema,
  RevealRequest: RevealRequestSchema,
  RevealResponse: RevealResponseSchema,
  RedriveResponse: RedriveResponseSchema,
  CalendarList: CalendarListSchema,
  CalendarNotice: CalendarNoticeSchema,
  CalendarImportResponse: CalendarImportResponseSchema,
  Error: ErrorResponseSchema,
  ValidationFailed: ValidationFailedSchema,
  DepartmentMessage: DepartmentMessageSchema,
  TaskResultMessage: TaskResultMessageSchema,
} as const;

type SchemaName = keyof typeof schemas;
const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: SchemaName) => ({ content: { "application/json": { schema: ref(name) } } });
const error = (description: string) => ({ description, ...json("Error") });
const bearer = [{ bearerAuth: [] }];
const pathParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
const queryParam = (name: string, schema: Record<string, unknown>, description?: string) => ({
  name,
  in: "query",
  required: false,
  schema,
  ...(description ? { description } : {}),
});
const paging = [
  queryParam("limit", { type: "integer", minimum: 1, maximum: 100, default: 25 }),
  queryParam("cursor", { type: "string", maxLength: 2000 }, "the `cursor` of the previous page (opaque)"),
];
const badQuery = {
  description: "Invalid query; every bad parameter named (`query.<name>`)",
  ...json("ValidationFailed"),
};

/** The OpenAPI 3.1 document of the public API, generated from the same zod schemas the handlers validate with. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const components = Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [
      name,
      z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }),
    ]),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "OneThing (一件事联办) API",
      version: "1",
      description:
        "One application for a life event, carried to every department involved. Department queues carry DepartmentMessage; departments answer with TaskResultBody over HTTP or TaskResultMessage on the results queue.",
    },
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: components,
    },
    paths: {
      "/v1/bundles": {
        get: {
          summary: "List bundles",
          responses: { "200": { description: "Bundles", ...json("BundleList") } },
        },
      },
      "/v1/bundles/{bundleId}": {
        get: {
          summary:
            "One bundle: its form (fields and as JSON Schema) and its items with their declared outputs",
          parameters: [pathParam("bundleId")],
          responses: {
            "200": { description: "The bundle", ...json("BundleDetail") },
            "404": error("Unknown bundle"),
          },
        },
      },
      "/v1/departments": {
        get: {
          summary: "The department registry (ids, names, kinds)",
          responses: { "200": { description: "Departments", ...json("DepartmentList") } },
        },
      },
      "/v1/cases": {
        get: {
          summary: "The signed-in citizen's cases (or a clerk's filed cases), newest submission first",
          security: bearer,
          parameters: paging,
          responses: {
            "200": { description: "A page of cases", ...json("MyCaseList") },
            "400": badQuery,
            "401": error("No or bad token"),
            "403": error("Not a citizen or clerk"),
          },
        },
      },
      "/v1/applications": {
        post: {
          summary: "Submit one application",
          security: bearer,
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: true,
              schema: { type: "string", maxLength: 200 },
            },
          ],
          requestBody: { required: true, ...json("SubmitApplicationRequest") },
          responses: {
            "202": { description: "Accepted", ...json("SubmitApplicationResponse") },
            "400": { description: "Invalid body; every bad field named", ...json("ValidationFailed") },
            "401": error("No or bad token"),
            "403": error("Not allowed to apply for this applicant"),
            "404": error("Unknown bundle"),
            "409": error("Idempotency key reused with a different body"),
            "413": error("Body over 256 KB"),
          },
        },
      },
      "/v1/cases/{caseId}": {
        get: {
          summary:
            "A case with every item and its timeline; the application whole for its applicant and filing clerk, masked for operators, absent for departments",
          security: bearer,
          parameters: [pathParam("caseId")],
          responses: {
            "200": { description: "The case", ...json("CaseView") },
            "403": error("Not yours"),
            "404": error("Unknown case"),
          },
        },
      },
      "/v1/cases/{caseId}/supplements": {
        post: {
          summary: "Answer a supplement request (补正)",
          security: bearer,
          parameters: [pathParam("caseId")],
          requestBody: { required: true, ...json("SupplementBody") },
          responses: {
            "202": { description: "Accepted" },
            "400": error("Invalid"),
            "409": error("Nothing requested for this item"),
          },
        },
      },
      "/v1/cases/{caseId}/withdraw": {
        post: {
          summary: "Withdraw the case",
          security: bearer,
          parameters: [pathParam("caseId")],
          requestBody: { required: true, ...json("WithdrawBody") },
          responses: { "202": { description: "Accepted" }, "409": error("The case is final") },
        },
      },
      "/v1/tasks/{taskToken}/result": {
        post: {
          summary: "A department answers its task",
          security: bearer,
          parameters: [pathParam("taskToken")],
          requestBody: { required: true, ...json("TaskResultBody") },
          responses: {
            "202": { description: "Accepted" },
            "400": error("Invalid result or outputs"),
            "401": error("Forged token"),
            "403": error("Another department's task"),
            "409": error("Stale attempt or finished task"),
          },
        },
      },
      "/v1/ops/summary": {
        get: {
          summary: "Operator overview",
          security: bearer,
          responses: {
            "200": { description: "Summary", ...json("OpsSummary") },
            "401": error("No or bad token"),
            "403": error("Not an operator"),
          },
        },
      },
      "/v1/ops/cases": {
        get: {
          summary:
            "Cases by any combination of filters (paginated; a page may be short while a cursor remains). No filter: the open cases",
          security: bearer,
          parameters: [
            queryParam("caseId", { type: "string" }, "one case (the other filters must match too)"),
            queryParam("status", { type: "string" }),
            queryParam("bundle", { type: "string" }),
            queryParam("department", { type: "string" }, "cases with an item open at this department"),
            queryParam("from", { type: "string", format: "date" }, "submitted on or after (Beijing day)"),
            queryParam("to", { type: "string", format: "date" }, "submitted on or before (Beijing day)"),
            queryParam("overdue", { type: "string", enum: ["true", "false"] }),
            ...paging,
          ],
          responses: {
            "200": { description: "A page of cases", ...json("OpsCaseList") },
            "400": badQuery,
            "403": error("Not an operator"),
          },
        },
      },
      "/v1/ops/cases/{caseId}/timeline": {
        get: {
          summary: "A case's full timeline",
          security: bearer,
          parameters: [pathParam("caseId")],
          responses: { "200": { description: "Timeline" } },
        },
      },
      "/v1/ops/cases/{caseId}/reveal": {
        post: {
          summary: "The unmasked application; recorded in the case's timeline (operator permission 'reveal')",
          security: bearer,
          parameters: [pathParam("caseId")],
          requestBody: { required: true, ...json("RevealRequest") },
          responses: {
            "200": { description: "The application as submitted", ...json("RevealResponse") },
            "400": { description: "Invalid body; the bad field named", ...json("ValidationFailed") },
            "403": error("Not an operator, or no 'reveal' permission"),
            "404": error("Unknown case"),
          },
        },
      },
      "/v1/ops/dead-letters/{queue}/redrive": {
        post: {
          summary: "Redrive a dead-letter queue",
          security: bearer,
          parameters: [pathParam("queue")],
          responses: {
            "200": { description: "Moved", ...json("RedriveResponse") },
            "404": error("Unknown queue"),
          },
        },
      },
      "/v1/ops/calendar": {
        get: {
          summary:
            "The working-day calendar: every official year (seed or loaded notice) and the coming years, provisional where no notice is loaded",
          security: bearer,
          responses: {
            "200": { description: "Years", ...json("CalendarList") },
            "401": error("No or bad token"),
            "403": error("Not an operator"),
          },
        },
      },
      "/v1/ops/calendar/{year}": {
        put: {
          summary:
            "Load a year's State Council holiday notice at run time (operator permission 'calendar'); replaces an earlier one, revises open deadlines",
          security: bearer,
          parameters: [pathParam("year")],
          requestBody: { required: true, ...json("CalendarNotice") },
          responses: {
            "200": { description: "Stored; open deadlines are revised", ...json("CalendarImportResponse") },
            "400": { description: "Invalid notice; every bad field named", ...json("ValidationFailed") },
            "401": error("No or bad token"),
            "403": error("Not an operator, or no 'calendar' permission"),
          },
        },
      },
      "/v1/openapi.json": {
        get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1" } } },
      },
    },
  };
}

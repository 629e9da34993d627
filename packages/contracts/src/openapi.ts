import { PredicateSchema } from "@onething/domain";
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
import { DEPARTMENT_PULL_REQUEST_SCHEMAS, DEPARTMENT_PULL_RESPONSE_SCHEMAS } from "./department-routes.ts";
import {
  CheckedDocumentSchema,
  DownloadLinkSchema,
  OutputUploadBodySchema,
  SupplementUploadBodySchema,
  UploadTicketSchema,
} from "./documents.ts";
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
import { NoticeListSchema, NoticeReadResponseSchema, NoticeReceiptMessageSchema } from "./notices.ts";
import {
  AcceptOfferBodySchema,
  AcceptOfferResponseSchema,
  DeclineOfferBodySchema,
  DeclineOfferResponseSchema,
  OfferListSchema,
  OfferViewSchema,
} from "./offers.ts";
import { JurisdictionListSchema } from "./places.ts";
import {
  DataEventAcceptedSchema,
  DataEventBodySchema,
  DataEventQueueMessageSchema,
  DataEventStatusSchema,
  EntitlementListSchema,
} from "./registry.ts";
import {
  BadRequestSchema,
  CaseActionResponseSchema,
  CaseTimelineSchema,
  pathParamNames,
  ROUTE_LIST,
  type RouteSpec,
  responsesOf,
  TaskResultAcceptedSchema,
} from "./routes.ts";
import {
  DeadLetterListSchema,
  WebhookRegisteredSchema,
  WebhookRegistrationBodySchema,
  WebhookRegistrationSchema,
  WebhookRemovedSchema,
} from "./webhooks.ts";

/** Request bodies, named as components (their input side: defaults optional). */
const REQUEST_SCHEMAS = {
  SubmitApplicationRequest: SubmitApplicationRequestSchema,
  SupplementBody: SupplementBodySchema,
  WithdrawBody: WithdrawBodySchema,
  TaskResultBody: TaskResultBodySchema,
  RevealRequest: RevealRequestSchema,
  CalendarNotice: CalendarNoticeSchema,
  AcceptOfferBody: AcceptOfferBodySchema,
  DeclineOfferBody: DeclineOfferBodySchema,
  SupplementUploadBody: SupplementUploadBodySchema,
  OutputUploadBody: OutputUploadBodySchema,
  /** Queue messages a department system sends (results queue). */
  TaskResultMessage: TaskResultMessageSchema,
  /** A source system's data event (POST /v1/events), and as it travels on the events queue. */
  DataEvent: DataEventBodySchema,
  DataEventQueueMessage: DataEventQueueMessageSchema,
  /** A channel gateway's delivery receipt of a notice, on the events queue (issue 16). */
  NoticeReceiptMessage: NoticeReceiptMessageSchema,
  /** An office's webhook (issue 17). */
  WebhookRegistrationBody: WebhookRegistrationBodySchema,
  ...DEPARTMENT_PULL_REQUEST_SCHEMAS,
} as const;

/** Response bodies and the messages the platform sends, named as components (their output side). */
const RESPONSE_SCHEMAS = {
  BundleList: BundleListSchema,
  BundleDetail: BundleDetailSchema,
  DepartmentList: DepartmentListSchema,
  JurisdictionList: JurisdictionListSchema,
  MyCaseList: MyCaseListSchema,
  SubmitApplicationResponse: SubmitApplicationResponseSchema,
  CaseView: CaseViewSchema,
  CaseActionResponse: CaseActionResponseSchema,
  TaskResultAccepted: TaskResultAcceptedSchema,
  DataEventAccepted: DataEventAcceptedSchema,
  DataEventStatus: DataEventStatusSchema,
  EntitlementList: EntitlementListSchema,
  OpsSummary: OpsSummarySchema,
  OpsCaseList: OpsCaseListSchema,
  CaseTimeline: CaseTimelineSchema,
  RevealResponse: RevealResponseSchema,
  RedriveResponse: RedriveResponseSchema,
  OfferList: OfferListSchema,
  OfferView: OfferViewSchema,
  AcceptOfferResponse: AcceptOfferResponseSchema,
  DeclineOfferResponse: DeclineOfferResponseSchema,
  NoticeList: NoticeListSchema,
  NoticeReadResponse: NoticeReadResponseSchema,
  CalendarList: CalendarListSchema,
  CalendarImportResponse: CalendarImportResponseSchema,
  UploadTicket: UploadTicketSchema,
  CheckedDocument: CheckedDocumentSchema,
  DownloadLink: DownloadLinkSchema,
  Error: ErrorResponseSchema,
  ValidationFailed: ValidationFailedSchema,
  BadRequest: BadRequestSchema,
  /** What a department's queue carries (TaskDispatched, TaskDeadlineChanged, TaskCancelled, TaskEscalated). */
  DepartmentMessage: DepartmentMessageSchema,
  /** Push (issue 17): an office's webhook, and a look into a dead-letter queue. */
  WebhookRegistered: WebhookRegisteredSchema,
  WebhookRegistration: WebhookRegistrationSchema,
  WebhookRemoved: WebhookRemovedSchema,
  DeadLetterList: DeadLetterListSchema,
  ...DEPARTMENT_PULL_RESPONSE_SCHEMAS,
} as const;

/** Shared by several components (and recursive): a component of its own, so every `$ref` resolves at the root. */
const SHARED_SCHEMAS = { Predicate: PredicateSchema } as const;

type JsonObject = Record<string, unknown>;
const componentRef = (id: string) => `#/components/schemas/${id}`;

/** One side's components: a registry, so nested named schemas become `$ref`s into `#/components/schemas`. */
function componentsOf(named: Record<string, z.ZodType>, io: "input" | "output"): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries({ ...named, ...SHARED_SCHEMAS })) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    uri: componentRef,
  });
  if ("__shared" in schemas)
    throw new Error("a schema is shared by components without a name of its own: add it to SHARED_SCHEMAS");
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _s, id: _id, ...rest }]) => [id, rest as JsonObject]),
  );
}

/** The component name of a schema; a route that uses an unnamed one is a bug in this file. */
function nameOf(schema: z.ZodType, names: Record<string, z.ZodType>): string {
  const found = Object.entries(names).find(([, s]) => s === schema)?.[0];
  if (!found)
    throw new Error(`a route uses a schema without a component name (${schema.description ?? "?"})`);
  return found;
}

const jsonContent = (ref: string) => ({
  content: { "application/json": { schema: { $ref: componentRef(ref) } } },
});

/** The JSON Schema of one property of a query object (input side: what the caller sends as text). */
function queryParameters(query: z.ZodType | undefined): JsonObject[] {
  if (!query) return [];
  const schema = z.toJSONSchema(query, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, JsonObject>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: { type: "string", ...stripTypes(property) },
    ...(property.description ? { description: property.description } : {}),
  }));
}

/** Query parameters arrive as text: numbers and booleans are written as strings (`limit=25`, `overdue=true`). */
function stripTypes(property: JsonObject): JsonObject {
  const { type, $schema: _s, ...rest } = property;
  if (type === "integer" || type === "number")
    return { ...rest, pattern: "^[0-9]+$", ...("default" in rest ? { default: String(rest.default) } : {}) };
  return { ...rest, ...(type === "boolean" ? { enum: ["true", "false"] } : {}) };
}

function operationOf(route: RouteSpec): JsonObject {
  const parameters = [
    ...pathParamNames(route.path).map((name) => ({
      name,
      in: "path",
      required: true,
      schema: { type: "string", minLength: 1 },
      ...(route.pathParams?.[name] ? { description: route.pathParams[name].description } : {}),
    })),
    ...Object.entries(route.headers ?? {}).map(([name, h]) => ({
      name,
      in: "header",
      required: true,
      description: h.description,
      schema: z.toJSONSchema(h.schema, { target: "draft-2020-12" }),
    })),
    ...queryParameters(route.query),
  ].map(({ schema, ...p }) => {
    const { $schema: _s, ...rest } = schema as JsonObject;
    return { ...p, schema: rest };
  });
  const responses = Object.fromEntries(
    Object.entries(responsesOf(route)).map(([status, r]) => [
      status,
      {
        description: r.description,
        ...(r.schema
          ? jsonContent(nameOf(r.schema, RESPONSE_SCHEMAS))
          : { content: { "application/json": {} } }),
      },
    ]),
  );
  return {
    operationId: route.id,
    summary: route.summary,
    tags: [route.tag],
    security: route.callers === "public" ? [] : [{ bearerAuth: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: true, ...jsonContent(nameOf(route.body, REQUEST_SCHEMAS)) } }
      : {}),
    responses: {
      ...responses,
      429: {
        description: "Throttled by API Gateway (its body, not ours: `{ message }`); retry later",
        content: {
          "application/json": {
            schema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] },
          },
        },
      },
    },
  };
}

let cached: JsonObject | undefined;

/**
 * The OpenAPI 3.1 document of the public API, generated from the route list (`ROUTES`) and the same zod schemas the
 * router validates with; every `$ref` resolves inside the document (checked by swagger-parser and Redocly in
 * `test/openapi.unit.test.ts`).
 */
export function buildOpenApiDocument(): JsonObject {
  if (cached) return cached;
  const paths: Record<string, JsonObject> = {};
  for (const route of ROUTE_LIST) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operationOf(route) };
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "OneThing (一件事联办) API",
      version: "1",
      license: { name: "Proprietary", identifier: "LicenseRef-OneThing-Proprietary" },
      description:
        "One application for a life event, carried to every department involved. Department queues carry DepartmentMessage; departments answer with TaskResultBody over HTTP or TaskResultMessage on the results queue. Every refusal is `{ error, message, issues? }`: `error` is a stable code; each issue names its field (`path`) with a stable `code` and `params`.",
    },
    servers: [
      { url: "/", description: "The deployment serving this document (API Gateway, or `npm start` locally)" },
    ],
    tags: [
      { name: "catalogue", description: "Public: bundles, departments and this document" },
      {
        name: "citizen",
        description: "Citizens (and counter clerks for them): apply, follow, answer, withdraw",
      },
      { name: "department", description: "Department systems: answer tasks" },
      { name: "operator", description: "Operators: overview, cases, dead letters, the working-day calendar" },
      {
        name: "source",
        description:
          "Source systems (卫健's death and birth registries, 公安's household register, departments' rosters): data events",
      },
    ],
    security: [{ bearerAuth: [] }],
    webhooks: {
      departmentMessage: {
        post: {
          operationId: "departmentMessage",
          summary:
            "What the platform sends a department: on its SQS queue (`onething-<stage>-dept-<id>`) today. TaskDispatched carries only the item's declared inputs, the due time and the task token",
          tags: ["department"],
          requestBody: { required: true, ...jsonContent("DepartmentMessage") },
          responses: { 200: { description: "Taken (on SQS: the message deleted)" } },
        },
      },
      taskResultMessage: {
        post: {
          operationId: "taskResultMessage",
          summary:
            "What a department may send instead of POST /v1/tasks/{taskToken}/result: on the results queue (`ResultsQueueUrl`), no token needed beyond its IAM role",
          tags: ["department"],
          requestBody: { required: true, ...jsonContent("TaskResultMessage") },
          responses: { 200: { description: "Queued" } },
        },
      },
      dataEventMessage: {
        post: {
          operationId: "dataEventMessage",
          summary:
            "What a source system with an IAM role may send instead of POST /v1/events: on the events queue (`EventsQueueUrl`), the same event with its source's id; a bad one goes to the events DLQ with the reason",
          tags: ["source"],
          requestBody: { required: true, ...jsonContent("DataEventQueueMessage") },
          responses: { 200: { description: "Queued" } },
        },
      },
      noticeReceiptMessage: {
        post: {
          operationId: "noticeReceiptMessage",
          summary:
            "What a notice channel's gateway (the SMS platform, the app's push service) reports of each message it took from its SNS topic: on the events queue, with the SNS message id of the envelope (a receipt without the publish's id is ignored), delivered or failed (with a reason code; `retryable` for another attempt after a backoff)",
          tags: ["source"],
          requestBody: { required: true, ...jsonContent("NoticeReceiptMessage") },
          responses: { 200: { description: "Queued" } },
        },
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { ...componentsOf(REQUEST_SCHEMAS, "input"), ...componentsOf(RESPONSE_SCHEMAS, "output") },
    },
    paths,
  };
  return cached;
}

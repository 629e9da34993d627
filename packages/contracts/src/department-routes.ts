/**
 * Pull over HTTPS (issue 17): a department office leases its next messages from its department's queue, extends or
 * releases a lease, and acknowledges a message once it is done with it (after answering the task on
 * `POST /v1/tasks/{taskToken}/result`, or on reading an informational message such as `TaskCancelled`).
 */
import { z } from "zod";
import { DepartmentMessageSchema } from "./messages.ts";
import { error, invalid, type RouteSpec } from "./route-spec.ts";

/** SQS bounds a visibility timeout at 12 hours; a lease shorter than 30 s would expire in transit. */
export const MIN_LEASE_SECONDS = 30;
export const MAX_LEASE_SECONDS = 43_200;
export const DEFAULT_LEASE_SECONDS = 300;
/** SQS receives at most 10 messages at once. */
export const MAX_LEASE_COUNT = 10;

const leaseSeconds = z
  .number()
  .int()
  .min(MIN_LEASE_SECONDS)
  .max(MAX_LEASE_SECONDS)
  .describe("How long the lease holds, in seconds (30 to 43,200)");
const LeaseIdSchema = z
  .string()
  .min(1)
  .max(4000)
  .describe("The opaque lease id a lease returned (bound to the office that took it)");

export const LeaseTasksBodySchema = z.strictObject({
  count: z
    .number()
    .int()
    .min(1)
    .max(MAX_LEASE_COUNT)
    .default(1)
    .describe("At most this many messages (1 to 10)"),
  leaseSeconds: leaseSeconds.default(DEFAULT_LEASE_SECONDS),
  waitSeconds: z
    .number()
    .int()
    .min(0)
    .max(20)
    .default(0)
    .describe("Long polling: wait up to this many seconds for a first message (0 to 20)"),
});
export type LeaseTasksBody = z.infer<typeof LeaseTasksBodySchema>;

export const LeaseSchema = z.strictObject({
  leaseId: z.string().min(1),
  /** When the lease ends: after it the message is offered again (to this office or another puller of it). */
  leaseUntil: z.iso.datetime({ offset: true }),
  /** How often the message was leased before (1: the first time). */
  deliveries: z.number().int().positive(),
  /** The message exactly as on the department's queue (`TaskDispatched`, `TaskCancelled` …). */
  message: DepartmentMessageSchema,
});
export const LeaseTasksResponseSchema = z.strictObject({ leases: z.array(LeaseSchema) });
export type LeaseTasksResponse = z.infer<typeof LeaseTasksResponseSchema>;

export const ExtendLeaseBodySchema = z.strictObject({ leaseId: LeaseIdSchema, leaseSeconds });
export const ExtendLeaseResponseSchema = z.strictObject({
  /** Use this lease id from now on (the old one ends at its own `leaseUntil`). */
  leaseId: z.string().min(1),
  leaseUntil: z.iso.datetime({ offset: true }),
});
export const LeaseIdBodySchema = z.strictObject({ leaseId: LeaseIdSchema });
export const ReleaseLeaseResponseSchema = z.strictObject({ released: z.literal(true) });
export const AckLeaseResponseSchema = z.strictObject({ acknowledged: z.literal(true) });

const notYours = error("Another department's or office's lease (`lease_not_yours`)");
const unknownLease = error("A lease id this platform did not issue (`unknown_lease`)");
const gone = error(
  "The lease ended (`lease_expired`): the message is offered again; or SQS no longer holds it for this lease (`lease_lost`)",
);

export const DEPARTMENT_ROUTES = {
  leaseDepartmentTasks: {
    id: "leaseDepartmentTasks",
    method: "POST",
    path: "/v1/department/tasks:lease",
    summary:
      "Lease the office's next messages from its department's queue (none while another puller holds them); each until `leaseUntil`",
    tag: "department",
    callers: ["department"],
    body: LeaseTasksBodySchema,
    responses: {
      200: { description: "The leased messages (maybe none)", schema: LeaseTasksResponseSchema },
      400: invalid("`count` outside 1..10, `leaseSeconds` outside 30..43,200, `waitSeconds` outside 0..20"),
      403: error("Not a department (`forbidden`), or an office not in the tree (`unknown_office`)"),
    },
  },
  extendDepartmentLease: {
    id: "extendDepartmentLease",
    method: "POST",
    path: "/v1/department/tasks:extend",
    summary: "Extend a lease: it now ends `leaseSeconds` from now (a new lease id)",
    tag: "department",
    callers: ["department"],
    body: ExtendLeaseBodySchema,
    responses: {
      200: { description: "Extended", schema: ExtendLeaseResponseSchema },
      403: notYours,
      404: unknownLease,
      409: gone,
    },
  },
  releaseDepartmentLease: {
    id: "releaseDepartmentLease",
    method: "POST",
    path: "/v1/department/tasks:release",
    summary: "Release a lease: the message is offered again at once",
    tag: "department",
    callers: ["department"],
    body: LeaseIdBodySchema,
    responses: {
      200: { description: "Released", schema: ReleaseLeaseResponseSchema },
      403: notYours,
      404: unknownLease,
      409: gone,
    },
  },
  ackDepartmentLease: {
    id: "ackDepartmentLease",
    method: "POST",
    path: "/v1/department/tasks:ack",
    summary:
      "Acknowledge a leased message: it is deleted from the queue (after answering its task, or reading a cancellation)",
    tag: "department",
    callers: ["department"],
    body: LeaseIdBodySchema,
    responses: {
      200: { description: "Deleted", schema: AckLeaseResponseSchema },
      403: notYours,
      404: unknownLease,
      409: gone,
    },
  },
} as const satisfies Record<string, RouteSpec>;

/** The pull's request bodies, as OpenAPI components (spread into `openapi.ts`'s request schemas). */
export const DEPARTMENT_PULL_REQUEST_SCHEMAS = {
  LeaseTasksBody: LeaseTasksBodySchema,
  ExtendLeaseBody: ExtendLeaseBodySchema,
  LeaseIdBody: LeaseIdBodySchema,
} as const;

/** The pull's responses, as OpenAPI components (spread into `openapi.ts`'s response schemas). */
export const DEPARTMENT_PULL_RESPONSE_SCHEMAS = {
  LeaseTasksResponse: LeaseTasksResponseSchema,
  ExtendLeaseResponse: ExtendLeaseResponseSchema,
  ReleaseLeaseResponse: ReleaseLeaseResponseSchema,
  AckLeaseResponse: AckLeaseResponseSchema,
} as const;

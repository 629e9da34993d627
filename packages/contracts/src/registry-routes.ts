/** The person-level routes: source systems' data events, and a department's own entitlement roster. */
import { z } from "zod";
import {
  DataEventAcceptedSchema,
  DataEventBodySchema,
  DataEventStatusSchema,
  EntitlementListQuerySchema,
  EntitlementListSchema,
} from "./registry.ts";
import { error, type RouteSpec } from "./route-spec.ts";

export const REGISTRY_ROUTES = {
  listEntitlements: {
    id: "listEntitlements",
    method: "GET",
    path: "/v1/entitlements",
    summary:
      "The calling department's own entitlement roster (benefits and enrolments it pays or keeps), by status and benefit; a department office's: those granted by cases placed within its scope",
    tag: "department",
    callers: ["department"],
    query: EntitlementListQuerySchema,
    responses: { 200: { description: "A page of the roster", schema: EntitlementListSchema } },
  },
  submitDataEvent: {
    id: "submitDataEvent",
    method: "POST",
    path: "/v1/events",
    summary:
      "A source system's data event (PersonDied, ChildBorn, HouseholdRegistrationCancelled, EntitlementGranted, EntitlementEnded): checked, then queued; idempotent by sourceEventId",
    tag: "source",
    callers: ["source"],
    body: DataEventBodySchema,
    responses: {
      202: {
        description: "Queued (or already accepted with the same body)",
        schema: DataEventAcceptedSchema,
      },
      403: error(
        "Not a source, or a type or benefit this source may not send (`event_type_not_allowed`, `benefit_not_allowed`, `unknown_source`)",
      ),
      409: error("This sourceEventId was sent before with a different body (`event_id_reused`)"),
    },
  },
  getDataEvent: {
    id: "getDataEvent",
    method: "GET",
    path: "/v1/events/{sourceEventId}",
    summary: "Where one of the caller's events is: received or done, and what it did",
    tag: "source",
    callers: ["source"],
    pathParams: {
      sourceEventId: {
        schema: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$/),
        description: "the event's sourceEventId",
        unknown: "unknown_event",
      },
    },
    responses: {
      200: { description: "The event's status", schema: DataEventStatusSchema },
      404: error("No such event of this source (`unknown_event`)"),
    },
  },
} as const satisfies Record<string, RouteSpec>;

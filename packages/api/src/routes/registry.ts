import { ForbiddenError, type Principal } from "@onething/auth";
import { acceptDataEvent, assertPlatformScope, type EntitlementRecord } from "@onething/cases";
import {
  DataEventAcceptedSchema,
  DataEventStatusSchema,
  EntitlementListSchema,
  type EntitlementView,
} from "@onething/contracts";
import { type Catalogue, RefusalError } from "@onething/domain";
import { InvalidCursorError } from "@onething/store";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

const sourceOf = (principal: Principal): string => {
  if (principal.role !== "source") throw new ForbiddenError("this route is for source systems");
  return principal.source;
};

/** A roster row as its department reads it: the benefit named, the holder's death flagged. */
export function entitlementView(catalogue: Catalogue, record: EntitlementRecord): EntitlementView {
  const benefit = catalogue.benefits.get(record.benefit);
  return {
    benefit: record.benefit,
    benefitName: benefit?.name ?? { zh: record.benefit, en: record.benefit },
    department: record.department,
    status: record.status,
    holder: record.holder,
    ...(record.since ? { since: record.since } : {}),
    ...(record.stopCaseId ? { stopCaseId: record.stopCaseId } : {}),
    ...(record.endedAt ? { endedAt: record.endedAt } : {}),
    ...(record.endedBy ? { endedBy: record.endedBy } : {}),
    source: record.source,
    holderDead: record.holderDead === true,
    updatedAt: record.updatedAt,
  };
}

/** The person-level routes: source systems' data events, and a department's own entitlement roster. */
export const registryRoutes: Pick<RouteHandlers, "listEntitlements" | "submitDataEvent" | "getDataEvent"> = {
  listEntitlements: async ({ principal, query }, deps) => {
    if (principal.role !== "department") throw new ForbiddenError("this route is for departments");
    // The roster is the department's province-wide system's: its rows name no place yet, so an office below the
    // platform's scope cannot be given only its own.
    assertPlatformScope(principal, deps.catalogue.places, "a department's whole roster");
    // Its own roster only: the department comes from the token, never from the request.
    const page = await deps.registry
      .departmentEntitlements(principal.department, {
        limit: query.limit,
        ...(query.status ? { status: query.status } : {}),
        ...(query.benefit ? { benefit: query.benefit } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      })
      .catch((error: unknown) => {
        if (error instanceof InvalidCursorError)
          throw new RefusalError("invalid", "validation_failed", "invalid query", [
            { path: "query.cursor", message: error.message, code: "invalid_cursor" },
          ]);
        throw error;
      });
    return json(
      200,
      EntitlementListSchema.parse({
        department: principal.department,
        entitlements: page.entitlements.map((e) => entitlementView(deps.catalogue, e)),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      }),
    );
  },

  submitDataEvent: async ({ principal, body }, deps) =>
    json(
      202,
      DataEventAcceptedSchema.parse(await acceptDataEvent(deps, sourceOf(principal), body, deps.clock())),
    ),

  getDataEvent: async ({ principal, params }, deps) => {
    const source = sourceOf(principal);
    const record = await deps.registry.findDataEvent(source, params.sourceEventId);
    if (!record)
      throw new RefusalError("not_found", "unknown_event", `no event ${params.sourceEventId} from ${source}`);
    const { hash: _hash, ...status } = record;
    return json(200, DataEventStatusSchema.parse(status));
  },
};

import { ForbiddenError } from "@onething/auth";
import {
  caseAccess,
  caseView,
  provideSupplement,
  scopeOf,
  submitApplication,
  toOwnListEntry,
  withdrawCase,
} from "@onething/cases";
import { CaseViewSchema, MyCaseListSchema } from "@onething/contracts";
import { RefusalError } from "@onething/domain";
import { type CaseOwner, InvalidCursorError } from "@onething/store";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

/** The routes of citizens (and of the counter clerk who files for them). */
export const citizenRoutes: Pick<
  RouteHandlers,
  "listOwnCases" | "submitApplication" | "getCase" | "provideSupplement" | "withdrawCase"
> = {
  listOwnCases: async ({ principal, query }, deps) => {
    const owner: CaseOwner =
      principal.role === "citizen"
        ? { kind: "applicant", identities: [principal.idNumber, ...(principal.uscc ? [principal.uscc] : [])] }
        : principal.role === "clerk"
          ? // Clerks of one office share the list of what it received (and below it).
            { kind: "office", jurisdiction: scopeOf(principal, deps.catalogue.places)?.jurisdiction ?? "" }
          : (() => {
              throw new ForbiddenError("this route is for citizen or clerk");
            })();
    try {
      const page = await deps.listOwnCases({
        owner,
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return json(
        200,
        MyCaseListSchema.parse({
          cases: page.items.map(toOwnListEntry),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new RefusalError("invalid", "validation_failed", "invalid query", [
          { path: "query.cursor", message: error.message, code: "invalid_cursor" },
        ]);
      throw error;
    }
  },

  submitApplication: async ({ principal, body, rawBody, headers }, deps) =>
    json(
      202,
      await submitApplication(
        deps,
        {
          body,
          idempotencyKey: headers["idempotency-key"],
          bodyHash: deps.hash(rawBody),
          principal,
          newCaseId: deps.newCaseId(),
        },
        deps.clock(),
      ),
    ),

  getCase: async ({ principal, params }, deps) => {
    const stored = await deps.cases.getCase(params.caseId);
    if (!stored) throw new RefusalError("not_found", "unknown_case", `no case ${params.caseId}`);
    const bundle = deps.catalogue.bundle(stored.state.bundleId, stored.state.bundleVersion);
    const access = caseAccess(principal, stored.state, bundle, deps.catalogue.places);
    return json(
      200,
      CaseViewSchema.parse(caseView(stored.state, bundle, await deps.timeline(params.caseId), access)),
    );
  },

  provideSupplement: async ({ principal, params, body }, deps) =>
    json(202, await provideSupplement(deps, params.caseId, body, principal, deps.clock())),

  withdrawCase: async ({ principal, params, body }, deps) =>
    json(202, await withdrawCase(deps, params.caseId, body, principal, deps.clock())),
};

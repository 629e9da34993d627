import type { Principal } from "@onething/auth";
import {
  assertPlatformScope,
  caseAccess,
  importCalendarNotice,
  isPlatformScope,
  listCalendarYears,
  narrowScope,
  type Scope,
  scopeOf,
} from "@onething/cases";
import {
  CalendarImportResponseSchema,
  CalendarListSchema,
  CaseTimelineSchema,
  RedriveResponseSchema,
} from "@onething/contracts";
import { RefusalError } from "@onething/domain";
import type { ApiDeps } from "../deps.ts";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

/** The operator's scope (an office not in the tree is refused), narrowed to `place` when asked. */
function operatorScope(principal: Principal, deps: ApiDeps, place?: string): Scope {
  const places = deps.catalogue.places;
  const scope = scopeOf(principal, places);
  if (!scope) throw new RefusalError("forbidden", "forbidden", "this route is for operators");
  return narrowScope(scope, place, places);
}

/** The case, if the operator may see it: outside the scope, the 404 of a missing case. */
async function caseInScope(principal: Principal, deps: ApiDeps, caseId: string) {
  const stored = await deps.cases.getCase(caseId);
  if (!stored) throw new RefusalError("not_found", "unknown_case", `no case ${caseId}`);
  const { state } = stored;
  caseAccess(
    principal,
    state,
    deps.catalogue.bundle(state.bundleId, state.bundleVersion),
    deps.catalogue.places,
  );
  return stored;
}

/** The operators' routes: overview, case search, timeline, reveal, dead letters, the working-day calendar. */
export const operatorRoutes: Pick<
  RouteHandlers,
  | "getOpsSummary"
  | "listOpsCases"
  | "getCaseTimeline"
  | "revealApplication"
  | "redriveDeadLetters"
  | "listCalendarYears"
  | "loadCalendarNotice"
> = {
  getOpsSummary: async ({ principal, query }, deps) => {
    // The summary narrows to `place` itself (it also refuses places too fine for its counters).
    const scope = operatorScope(principal, deps);
    return json(200, await deps.ops.summary({ scope, ...(query.place ? { place: query.place } : {}) }));
  },

  listOpsCases: async ({ principal, query }, deps) => {
    const { caseId, status, bundle, department, from, to, overdue, limit, cursor, place } = query;
    const scope = operatorScope(principal, deps, place);
    return json(
      200,
      await deps.ops.listCases({
        limit,
        ...(isPlatformScope(scope) ? {} : { scope }),
        ...(caseId ? { caseId } : {}),
        ...(status ? { status } : {}),
        ...(bundle ? { bundleId: bundle } : {}),
        ...(department ? { department } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(overdue !== undefined ? { overdue } : {}),
        ...(cursor ? { cursor } : {}),
      }),
    );
  },

  getCaseTimeline: async ({ principal, params }, deps) => {
    await caseInScope(principal, deps, params.caseId);
    return json(
      200,
      CaseTimelineSchema.parse({ caseId: params.caseId, timeline: await deps.timeline(params.caseId) }),
    );
  },

  revealApplication: async ({ principal, params, body }, deps) => {
    await caseInScope(principal, deps, params.caseId);
    return json(
      200,
      await deps.ops.reveal(params.caseId, body.reason, { subject: principal.subject, canReveal: true }),
    );
  },

  redriveDeadLetters: async ({ principal, params }, deps) => {
    // A dead-letter queue holds every office's messages: only the platform's own operators move them.
    assertPlatformScope(principal, deps.catalogue.places, "redriving a dead-letter queue");
    const { moved, failed } = await deps.ops.redrive(params.queue);
    return json(200, RedriveResponseSchema.parse({ queue: params.queue, moved, failed }));
  },

  listCalendarYears: async (_request, deps) =>
    json(200, CalendarListSchema.parse({ years: await listCalendarYears(deps.calendars, deps.clock()) })),

  loadCalendarNotice: async ({ principal, params, body }, deps) => {
    assertPlatformScope(principal, deps.catalogue.places, "loading a holiday notice");
    const result = await importCalendarNotice(
      { calendarNotices: deps.calendarNotices, calendars: deps.calendars, departments: deps.departments },
      /^\d{4}$/.test(params.year) ? Number(params.year) : Number.NaN,
      body,
      principal,
      deps.clock(),
    );
    return json(200, CalendarImportResponseSchema.parse(result));
  },
};

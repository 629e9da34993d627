import { importCalendarNotice, listCalendarYears } from "@onething/cases";
import {
  CalendarImportResponseSchema,
  CalendarListSchema,
  CaseTimelineSchema,
  RedriveResponseSchema,
} from "@onething/contracts";
import { RefusalError } from "@onething/domain";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

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
  getOpsSummary: async ({ query }, deps) =>
    json(200, await deps.ops.summary(query.place ? { place: query.place } : {})),

  listOpsCases: async ({ query }, deps) => {
    const { caseId, status, bundle, department, from, to, overdue, limit, cursor } = query;
    return json(
      200,
      await deps.ops.listCases({
        limit,
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

  getCaseTimeline: async ({ params }, deps) => {
    if (!(await deps.cases.getCase(params.caseId)))
      throw new RefusalError("not_found", "unknown_case", `no case ${params.caseId}`);
    return json(
      200,
      CaseTimelineSchema.parse({ caseId: params.caseId, timeline: await deps.timeline(params.caseId) }),
    );
  },

  revealApplication: async ({ principal, params, body }, deps) =>
    json(
      200,
      await deps.ops.reveal(params.caseId, body.reason, { subject: principal.subject, canReveal: true }),
    ),

  redriveDeadLetters: async ({ params }, deps) => {
    const { moved, failed } = await deps.ops.redrive(params.queue);
    return json(200, RedriveResponseSchema.parse({ queue: params.queue, moved, failed }));
  },

  listCalendarYears: async (_request, deps) =>
    json(200, CalendarListSchema.parse({ years: await listCalendarYears(deps.calendars, deps.clock()) })),

  loadCalendarNotice: async ({ principal, params, body }, deps) => {
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

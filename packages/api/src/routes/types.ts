import type { ROUTES, RouteId } from "@onething/contracts";
import type { ApiDeps } from "../deps.ts";
import type { HttpResult } from "../http.ts";
import type { ApiRequest } from "../router.ts";

/** One handler per declared route, typed by its declaration: a missing or an extra one does not compile. */
export type RouteHandlers = {
  readonly [K in RouteId]: (request: ApiRequest<(typeof ROUTES)[K]>, deps: ApiDeps) => Promise<HttpResult>;
};

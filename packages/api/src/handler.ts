import { createMatcher, ROUTE_LIST, type RouteSpec } from "@onething/contracts";
import type { ApiDeps } from "./deps.ts";
import type { HttpEvent, HttpResult } from "./http.ts";
import { errorResult, refusalResult } from "./refusals.ts";
import { readRequest } from "./router.ts";
import { catalogueRoutes } from "./routes/catalogue.ts";
import { citizenRoutes } from "./routes/citizen.ts";
import { departmentRoutes } from "./routes/department.ts";
import { departmentPullRoutes } from "./routes/department-pull.ts";
import { documentRoutes } from "./routes/documents.ts";
import { noticeRoutes } from "./routes/notices.ts";
import { offerRoutes } from "./routes/offers.ts";
import { operatorRoutes } from "./routes/operator.ts";
import { registryRoutes } from "./routes/registry.ts";
import type { RouteHandlers } from "./routes/types.ts";
import { webhookRoutes } from "./routes/webhooks.ts";

/** Every route's handler, by the route's id. */
export const ROUTE_HANDLERS: RouteHandlers = {
  ...catalogueRoutes,
  ...citizenRoutes,
  ...departmentRoutes,
  ...registryRoutes,
  ...offerRoutes,
  ...noticeRoutes,
  ...operatorRoutes,
  ...documentRoutes,
  ...webhookRoutes,
  ...departmentPullRoutes,
};

const match = createMatcher(ROUTE_LIST);
const handlerOf = (route: RouteSpec) =>
  ROUTE_HANDLERS[route.id as keyof RouteHandlers] as (
    request: ReturnType<typeof readRequest>,
    deps: ApiDeps,
  ) => Promise<HttpResult>;

/**
 * The HTTP API: match the route of the route list, check the request against its declaration, run its handler, and
 * answer every refusal with its kind's status and a machine-readable body. Only a bug is a 500, and its body says
 * nothing about internals.
 * @example export const handler = createApiHandler(deps);
 */
export function createApiHandler(deps: ApiDeps) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath;
    const found = match(method, path);
    if (found.kind === "not_found") return errorResult(404, "not_found", `no route ${path}`);
    if (found.kind === "method_not_allowed")
      return errorResult(405, "method_not_allowed", `${method} is not allowed on ${path}`);
    const { route } = found;
    try {
      return await handlerOf(route)(
        readRequest(route, found.rawParams, event, deps.claimMap, deps.departmentClients),
        deps,
      );
    } catch (error) {
      const answer = refusalResult(error);
      // Not a bug, but operators should see the table throttling or a case kept busy.
      if (answer?.statusCode === 503)
        deps.log.warn("request deferred", {
          method,
          route: route.id,
          errorName: error instanceof Error ? error.name : typeof error,
        });
      if (answer) return answer;
      deps.log.error("request failed", {
        method,
        route: route.id,
        error: (error as Error).message,
        errorName: (error as Error).name,
      });
      return errorResult(
        500,
        "internal_error",
        "something went wrong on our side; the request can be retried",
      );
    }
  };
}

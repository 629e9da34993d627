import { pathParamNames, ROUTE_LIST, type RouteSpec } from "./routes.ts";

export type Match =
  | { kind: "route"; route: RouteSpec; rawParams: Record<string, string> }
  | { kind: "method_not_allowed" }
  | { kind: "not_found" };

/**
 * Matches requests against routes: a template's `{name}` is one path segment, as on API Gateway. The API's router,
 * the local gateway's authorizer and the contract check all match with it.
 * @example createMatcher(ROUTE_LIST)("GET", "/v1/bundles/after-death") // { kind: "route", route: getBundle, … }
 */
export function createMatcher(routes: readonly RouteSpec[]): (method: string, path: string) => Match {
  const compiled = routes.map((route) => ({
    route,
    names: pathParamNames(route.path),
    pattern: new RegExp(`^${route.path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "([^/]+)")}$`),
  }));
  return (method, path) => {
    const byPath = compiled.flatMap((c) => {
      const m = c.pattern.exec(path);
      return m ? [{ c, m }] : [];
    });
    const hit = byPath.find(({ c }) => c.route.method === method);
    if (!hit) return { kind: byPath.length > 0 ? "method_not_allowed" : "not_found" };
    const rawParams = Object.fromEntries(hit.c.names.map((name, i) => [name, hit.m[i + 1] ?? ""]));
    return { kind: "route", route: hit.c.route, rawParams };
  };
}

const matchRoute = createMatcher(ROUTE_LIST);

/**
 * Whether a request is for a public route (served without the JWT authorizer). HEAD counts as GET.
 * @example isPublicRoute("GET", "/v1/bundles/after-death") // true
 */
export function isPublicRoute(method: string, path: string): boolean {
  const m = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  const found = matchRoute(m, path);
  return found.kind === "route" && found.route.callers === "public";
}

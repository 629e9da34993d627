/**
 * The HTTP routes served without the JWT authorizer: the catalogue, the department registry and the OpenAPI
 * document. The CDK app declares them on API Gateway and the local gateway matches requests against them, so the
 * two cannot drift.
 */
export const PUBLIC_ROUTES = [
  "GET /v1/bundles",
  "GET /v1/bundles/{bundleId}",
  "GET /v1/departments",
  "GET /v1/openapi.json",
] as const;

const routePattern = (template: string) =>
  new RegExp(`^${template.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`);

const PUBLIC_MATCHERS = PUBLIC_ROUTES.map((route) => {
  const [method, template] = route.split(" ") as [string, string];
  return { method, pattern: routePattern(template) };
});

/**
 * Whether a request is for a public route (a path parameter matches one path segment, as on API Gateway). HEAD
 * counts as GET.
 * @example isPublicRoute("GET", "/v1/bundles/after-death") // true
 */
export function isPublicRoute(method: string, path: string): boolean {
  const m = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  return PUBLIC_MATCHERS.some((r) => r.method === m && r.pattern.test(path));
}

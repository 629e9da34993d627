import { createMatcher, isPublicRoute, PUBLIC_ROUTES, ROUTE_LIST, routeKey } from "@onething/contracts";
import { describe, expect, it } from "vitest";
import { ROUTE_HANDLERS } from "../src/index.ts";

describe("one route list", () => {
  it("has a handler for every declared route and declares every handler", () => {
    expect(Object.keys(ROUTE_HANDLERS).sort()).toEqual(ROUTE_LIST.map((r) => r.id).sort());
  });

  it("declares each method and path once, and ids are unique", () => {
    const keys = ROUTE_LIST.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(ROUTE_LIST.map((r) => r.id)).size).toBe(ROUTE_LIST.length);
  });

  it("matches a parameter to one path segment, as API Gateway does", () => {
    const match = createMatcher(ROUTE_LIST);
    expect(match("GET", "/v1/bundles/after-death")).toMatchObject({
      kind: "route",
      route: { id: "getBundle" },
      rawParams: { bundleId: "after-death" },
    });
    expect(match("GET", "/v1/bundles/a/b")).toEqual({ kind: "not_found" });
    expect(match("DELETE", "/v1/bundles")).toEqual({ kind: "method_not_allowed" });
    expect(match("PUT", "/v1/ops/calendar/2027")).toMatchObject({ route: { id: "loadCalendarNotice" } });
  });

  it("matches public routes with a parameter as one segment, and HEAD as GET", () => {
    expect(isPublicRoute("GET", "/v1/bundles")).toBe(true);
    expect(isPublicRoute("HEAD", "/v1/bundles/after-death")).toBe(true);
    expect(isPublicRoute("GET", "/v1/bundles/after-death/items")).toBe(false);
    expect(isPublicRoute("GET", "/v1/openapi.json")).toBe(true);
    expect(isPublicRoute("GET", "/v1/openapiXjson")).toBe(false);
    expect(isPublicRoute("POST", "/v1/departments")).toBe(false);
    expect(isPublicRoute("GET", "/v1/cases")).toBe(false);
  });

  it("names the public routes: the catalogue, the registry, the jurisdiction tree and the document, nothing else", () => {
    expect([...PUBLIC_ROUTES].sort()).toEqual([
      "GET /v1/bundles",
      "GET /v1/bundles/{bundleId}",
      "GET /v1/departments",
      "GET /v1/jurisdictions",
      "GET /v1/openapi.json",
    ]);
  });
});

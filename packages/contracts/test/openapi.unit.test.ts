import SwaggerParser from "@apidevtools/swagger-parser";
import { buildOpenApiDocument, ROUTE_LIST, routeKey } from "@onething/contracts";
import { createConfig, lintFromString, stringifyYaml } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";

const document = () => structuredClone(buildOpenApiDocument());

describe("the OpenAPI document, judged by outside validators", () => {
  it("is valid OpenAPI 3.1 for swagger-parser, every $ref resolved", async () => {
    const api = (await SwaggerParser.validate(document() as never)) as { openapi?: string };
    expect(api.openapi).toBe("3.1.0");
    const text = JSON.stringify(document());
    for (const [, ref] of text.matchAll(/"\$ref":"([^"]+)"/g))
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
  });

  it("has no error and no warning under Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({
      source: stringifyYaml(document()),
      absoluteRef: "openapi.yaml",
      config,
    });
    expect(
      problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`),
    ).toEqual([]);
  });

  it("declares every route of the route list, once, with its operationId", () => {
    const paths = document().paths as Record<string, Record<string, { operationId: string }>>;
    const declared = Object.entries(paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.operationId]),
    );
    expect(declared.sort()).toEqual(ROUTE_LIST.map((r) => [routeKey(r), r.id]).sort());
  });
});

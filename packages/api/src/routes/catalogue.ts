import {
  BundleDetailSchema,
  BundleListSchema,
  buildOpenApiDocument,
  DepartmentListSchema,
  JurisdictionListSchema,
} from "@onething/contracts";
import { applicationSchema, RefusalError } from "@onething/domain";
import { z } from "zod";
import { json } from "../http.ts";
import type { RouteHandlers } from "./types.ts";

/** The public routes: the catalogue, the department registry and the OpenAPI document. */
export const catalogueRoutes: Pick<
  RouteHandlers,
  "listBundles" | "getBundle" | "listDepartments" | "listJurisdictions" | "getOpenApiDocument"
> = {
  listBundles: async (_request, deps) =>
    json(
      200,
      BundleListSchema.parse({
        bundles: deps.catalogue.bundles.map((b) => ({
          id: b.id,
          version: b.version,
          name: b.name,
          ...(b.description ? { description: b.description } : {}),
          applicantKind: b.applicantKind,
          startedBy: b.startedBy,
          items: b.items.length,
        })),
      }),
    ),

  getBundle: async ({ params }, deps) => {
    if (!deps.catalogue.has(params.bundleId))
      throw new RefusalError("not_found", "unknown_bundle", `no bundle ${params.bundleId}`);
    const b = deps.catalogue.bundle(params.bundleId);
    return json(
      200,
      BundleDetailSchema.parse({
        id: b.id,
        version: b.version,
        name: b.name,
        ...(b.description ? { description: b.description } : {}),
        applicantKind: b.applicantKind,
        form: b.form.fields,
        formSchema: z.toJSONSchema(applicationSchema(b), {
          target: "draft-2020-12",
          io: "input",
          unrepresentable: "any",
        }),
        items: b.items.map((i) => ({
          id: i.id,
          name: i.name,
          kind: i.kind,
          department: i.department,
          timeLimitWorkingDays: i.timeLimitWorkingDays,
          outputs: i.outputs,
          waitsFor: [...i.dependsOn, ...i.after],
          ...(i.awaits ? { awaits: i.awaits.event } : {}),
        })),
      }),
    );
  },

  listDepartments: async (_request, deps) =>
    json(
      200,
      DepartmentListSchema.parse({
        departments: [...deps.catalogue.departments.values()].map((d) => ({
          id: d.id,
          name: d.name,
          kind: d.kind,
        })),
      }),
    ),

  listJurisdictions: async (_request, deps) => {
    const { places, delegations } = deps.catalogue;
    return json(
      200,
      JurisdictionListSchema.parse({
        version: places.version,
        root: places.root,
        defaultPlace: places.defaultPlace,
        // The path is the tree's own index: a client rebuilds it from the parents.
        nodes: places.all().map(({ path: _path, ...node }) => node),
        delegations: delegations.grants.map((g) => ({
          town: g.town,
          bundle: g.bundle,
          item: g.item,
          from: g.from,
          ...(g.until ? { until: g.until } : {}),
        })),
      }),
    );
  },

  getOpenApiDocument: async () => json(200, buildOpenApiDocument()),
};

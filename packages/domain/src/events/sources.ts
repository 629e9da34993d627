import { z } from "zod";
import {
  BasisSchema,
  type Benefit,
  BenefitIdSchema,
  LocalizedTextSchema,
  PLATFORM_DEPARTMENT,
  SlugSchema,
} from "../bundle/schema.ts";
import type { CatalogueIssue } from "../errors.ts";
import { DataEventTypeSchema } from "./types.ts";

/**
 * A source system trusted to send data events: which types it may send, and (a department's roster) which
 * benefits its `EntitlementGranted` / `EntitlementEnded` may name.
 */
export const SourceSchema = z.strictObject({
  id: SlugSchema,
  name: LocalizedTextSchema,
  department: SlugSchema,
  events: z.array(DataEventTypeSchema).min(1),
  benefits: z.array(BenefitIdSchema).optional(),
  basis: BasisSchema.optional(),
});
export type Source = z.infer<typeof SourceSchema>;

export const SourceRegistrySchema = z.strictObject({ sources: z.array(SourceSchema).min(1) });

/** The platform itself, as the source of the events completed items emit. */
export const PLATFORM_SOURCE = "platform-cases";

/** Cross-checks the sources: unique ids, real departments, and a roster's benefits held at its own department. */
export function validateSources(
  sources: readonly Source[],
  departments: ReadonlySet<string>,
  benefits: ReadonlyMap<string, Benefit>,
): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    const at = (field: string) => `sources.${source.id}.${field}`;
    if (seen.has(source.id)) issues.push({ field: at("id"), message: `duplicate source ${source.id}` });
    seen.add(source.id);
    if (!departments.has(source.department) && source.department !== PLATFORM_DEPARTMENT) {
      issues.push({ field: at("department"), message: `unknown department ${source.department}` });
    }
    if (new Set(source.events).size !== source.events.length) {
      issues.push({ field: at("events"), message: "lists an event type twice" });
    }
    for (const id of source.benefits ?? []) {
      const benefit = benefits.get(id);
      if (!benefit) issues.push({ field: at("benefits"), message: `unknown benefit ${id}` });
      else if (benefit.department !== source.department) {
        const message = `benefit ${id} is held at ${benefit.department}, not at the source's ${source.department}`;
        issues.push({ field: at("benefits"), message });
      }
    }
    const roster = source.events.some((e) => e === "EntitlementGranted" || e === "EntitlementEnded");
    if (roster && !source.benefits?.length) {
      issues.push({ field: at("benefits"), message: "a roster source names the benefits it may report" });
    }
    if (!roster && source.benefits) {
      issues.push({
        field: at("benefits"),
        message: "only a roster source (Entitlement* events) names benefits",
      });
    }
  }
  return issues;
}

/** Cross-checks the benefits: unique ids, each at a known department. */
export function validateBenefits(
  benefits: readonly Benefit[],
  departments: ReadonlySet<string>,
): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const seen = new Set<string>();
  for (const b of benefits) {
    if (seen.has(b.id)) issues.push({ field: `benefits.${b.id}`, message: `duplicate benefit ${b.id}` });
    seen.add(b.id);
    if (!departments.has(b.department)) {
      issues.push({ field: `benefits.${b.id}.department`, message: `unknown department ${b.department}` });
    }
  }
  return issues;
}

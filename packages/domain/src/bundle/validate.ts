import type { z } from "zod";
import type { CatalogueIssue } from "../errors.ts";
import { predicateReferences } from "./predicate.ts";
import { type Benefit, type Bundle, BundleSchema, type Item, PLATFORM_DEPARTMENT } from "./schema.ts";
import { checkEmits, checkEntitlements } from "./validate-entitlements.ts";
import { checkForEach, checkListField } from "./validate-for-each.ts";
import { checkOfferSources, checkWait } from "./validate-waits-offers.ts";

/** Turns zod issues into catalogue issues that name the bundle, item and field. */
export function zodIssuesFor(
  bundleId: string | undefined,
  raw: unknown,
  error: z.ZodError,
): CatalogueIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    let itemId: string | undefined;
    if (path[0] === "items" && path[1] !== undefined) {
      const items = (raw as { items?: { id?: unknown }[] } | undefined)?.items;
      const id = items?.[Number(path[1])]?.id;
      itemId = typeof id === "string" ? id : `#${path[1]}`;
    }
    return { bundleId, itemId, field: path.join(".") || undefined, message: issue.message };
  });
}

/** Parses one bundle's data; returns the bundle or the issues that name what is wrong. */
export function parseBundle(
  raw: unknown,
): { bundle: Bundle; issues: [] } | { bundle?: undefined; issues: CatalogueIssue[] } {
  const parsed = BundleSchema.safeParse(raw);
  if (parsed.success) return { bundle: parsed.data, issues: [] };
  const id = (raw as { id?: unknown } | undefined)?.id;
  return { issues: zodIssuesFor(typeof id === "string" ? id : undefined, raw, parsed.error) };
}

/**
 * Cross-reference checks zod cannot do: departments exist, dependencies exist and form no cycle,
 * inputs and conditions name real fields, outputs are read only after they can exist, entitlements name
 * registered benefits of the item's department, and emitted events are filled completely.
 */
export function validateBundle(
  bundle: Bundle,
  departments: ReadonlySet<string>,
  benefits: ReadonlyMap<string, Benefit> = new Map(),
): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const add = (itemId: string | undefined, field: string | undefined, message: string) =>
    issues.push({ bundleId: bundle.id, itemId, field, message });

  const fieldRefs = new Set<string>();
  for (const f of bundle.form.fields) {
    const ref = `${f.section}.${f.name}`;
    if (fieldRefs.has(ref)) add(undefined, `form.${ref}`, "duplicate form field");
    fieldRefs.add(ref);
    if (f.type === "enum" && !f.options) add(undefined, `form.${ref}`, "an enum field needs options");
    if (f.type !== "enum" && f.options) add(undefined, `form.${ref}`, "only enum fields take options");
    checkListField(f, add);
  }
  for (const f of bundle.form.fields) {
    if (!f.requiredWhen) continue;
    const refs = predicateReferences(f.requiredWhen);
    for (const o of refs.outputs) {
      add(
        undefined,
        `form.${f.section}.${f.name}.requiredWhen`,
        `reads output ${o}; a form rule may read only form fields`,
      );
    }
    for (const r of refs.fields) {
      if (!fieldRefs.has(r))
        add(undefined, `form.${f.section}.${f.name}.requiredWhen`, `names unknown form field ${r}`);
    }
  }
  const identity = bundle.applicantKind === "person" ? "applicant.idNumber" : "applicant.uscc";
  const identityType = bundle.applicantKind === "person" ? "idNumber" : "uscc";
  const idField = bundle.form.fields.find((f) => `${f.section}.${f.name}` === identity);
  if (!idField || idField.type !== identityType || !idField.required) {
    add(
      undefined,
      `form.${identity}`,
      `a ${bundle.applicantKind} applicant needs a required ${identityType} field ${identity}`,
    );
  }

  const subjectProblem = caseSubjectProblem(bundle);
  if (subjectProblem) add(undefined, "caseSubject.field", subjectProblem);
  const placeFields = new Set(
    bundle.form.fields.filter((f) => f.type === "place").map((f) => `${f.section}.${f.name}`),
  );
  if (bundle.casePlace !== undefined && !placeFields.has(bundle.casePlace))
    add(undefined, "casePlace", `${bundle.casePlace} is not a place field of the form`);

  const items = new Map<string, Item>();
  for (const item of bundle.items) {
    if (items.has(item.id)) add(item.id, "id", "duplicate item id");
    items.set(item.id, item);
  }

  for (const item of bundle.items) {
    if (item.competentPlace !== undefined && !placeFields.has(item.competentPlace))
      add(item.id, "competentPlace", `${item.competentPlace} is not a place field of the form`);
    if (item.approval !== undefined && item.kind !== "gate")
      add(item.id, "approval", "only a gate's approval may be delegable");
    if (item.approval !== undefined && item.forEach !== undefined)
      add(item.id, "approval", "a for-each item's approval cannot be delegated");
    if (item.kind === "report") {
      if (item.department !== PLATFORM_DEPARTMENT) {
        add(
          item.id,
          "department",
          `a report item is assembled by the platform: department must be "${PLATFORM_DEPARTMENT}"`,
        );
      }
    } else if (!departments.has(item.department)) {
      add(item.id, "department", `unknown department ${item.department}`);
    }
    for (const [field, refs] of [
      ["dependsOn", item.dependsOn],
      ["after", item.after],
    ] as const) {
      for (const dep of refs) {
        if (dep === item.id) add(item.id, field, "an item cannot depend on itself");
        else if (!items.has(dep)) add(item.id, field, `depends on missing item ${dep}`);
      }
    }
    const outputNames = new Set<string>();
    for (const o of item.outputs) {
      if (outputNames.has(o.name)) add(item.id, `outputs.${o.name}`, "duplicate output");
      outputNames.add(o.name);
      if (o.type === "enum" && !o.options) add(item.id, `outputs.${o.name}`, "an enum output needs options");
    }
    checkForEach(bundle, item, departments, add);
    checkEntitlements(bundle, item, benefits, add);
    checkWait(bundle, item, add);
  }

  const cycle = findCycle(bundle.items);
  if (cycle) add(cycle[0], "dependsOn", `dependency cycle: ${cycle.join(" → ")}`);

  for (const item of bundle.items) {
    const upstream = cycle ? new Set<string>() : transitiveDependencies(item.id, items);
    const condition = item.condition ? predicateReferences(item.condition) : { fields: [], outputs: [] };
    const checkField = (where: string, ref: string) => {
      if (!fieldRefs.has(ref)) add(item.id, where, `names unknown form field ${ref}`);
    };
    const checkOutput = (where: string, ref: string) => {
      const [producerId = "", name = ""] = ref.split(".");
      const producer = items.get(producerId);
      if (!producer) return add(item.id, where, `reads output ${ref} of missing item ${producerId}`);
      if (producer.forEach) {
        return add(
          item.id,
          where,
          `reads output ${ref} of the for-each item ${producerId}: its instances' outputs are not addressable`,
        );
      }
      if (!producer.outputs.some((o) => o.name === name)) {
        return add(item.id, where, `reads output ${ref}, which item ${producerId} does not declare`);
      }
      if (!cycle && !upstream.has(producerId)) {
        add(
          item.id,
          where,
          `reads output ${ref} before it can exist: ${producerId} is not among its dependencies`,
        );
      }
    };
    for (const ref of item.inputs.fields) checkField("inputs.fields", ref);
    for (const ref of condition.fields) checkField("condition", ref);
    for (const ref of item.inputs.outputs) checkOutput("inputs.outputs", ref);
    for (const ref of condition.outputs) checkOutput("condition", ref);
    checkEmits(item, fieldRefs, items, upstream, add);
    checkOfferSources(bundle, item, items, upstream, add);
  }
  return issues;
}

/** What is wrong with the bundle's `caseSubject`: it must name a required `idNumber` or `uscc` form field. */
function caseSubjectProblem(bundle: Bundle): string | undefined {
  if (!bundle.caseSubject) return undefined;
  const ref = bundle.caseSubject.field;
  const field = bundle.form.fields.find((f) => `${f.section}.${f.name}` === ref);
  if (!field) return `names unknown form field ${ref}`;
  if (field.type !== "idNumber" && field.type !== "uscc")
    return `${ref} is a ${field.type} field; a case subject is an idNumber or uscc field`;
  if (!field.required) return `${ref} must be required: every case of the bundle needs its subject`;
  return undefined;
}

/** Returns one dependency cycle as a path of item ids (first id repeated at the end), or null. */
export function findCycle(items: readonly Pick<Item, "id" | "dependsOn" | "after">[]): string[] | null {
  const byId = new Map(items.map((i) => [i.id, i]));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    const s = state.get(id);
    if (s === "done") return null;
    if (s === "visiting") return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, "visiting");
    stack.push(id);
    for (const dep of predecessors(byId.get(id))) {
      if (!byId.has(dep)) continue;
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(id, "done");
    return null;
  };
  for (const item of items) {
    const found = visit(item.id);
    if (found) return found;
  }
  return null;
}

/** Every item that must finish before `itemId` can start (dependencies of dependencies included). */
export function transitiveDependencies(
  itemId: string,
  items: ReadonlyMap<string, Pick<Item, "dependsOn" | "after">>,
): Set<string> {
  const seen = new Set<string>();
  const queue = predecessors(items.get(itemId));
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...predecessors(items.get(id)));
  }
  return seen;
}

/** Every item that must finish before this one starts: hard dependencies and `after` items. */
export function predecessors(item: Pick<Item, "dependsOn" | "after"> | undefined): string[] {
  return item ? [...item.dependsOn, ...item.after] : [];
}

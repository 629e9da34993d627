import type { z } from "zod";
import { predicateReferences } from "../bundle/predicate.ts";
import type { Bundle, FormField, Predicate } from "../bundle/schema.ts";
import type { CatalogueIssue } from "../errors.ts";
import { type DataEventPath, dataEventPath } from "../events/data-events.ts";
import type { DataEventType } from "../events/types.ts";
import {
  type CaseSelector,
  type FormSource,
  REGISTRY_ACTIVE_PREFIX,
  type Rule,
  RuleSchema,
} from "./schema.ts";

/** The element fields a list filled from `registry.activeEntitlements` may have. */
export const ENTITLEMENT_ELEMENT_FIELDS = ["benefit", "department", "since"] as const;

const ACTIVE_ENTITLEMENTS = "registry.activeEntitlements";

/** Where a rule's issues are named: `rules.<id>.v<version>`. */
export const ruleWhere = (raw: unknown): string => {
  const r = raw as { id?: unknown; version?: unknown } | undefined;
  const id = typeof r?.id === "string" ? r.id : "?";
  return `rules.${id}.v${typeof r?.version === "number" ? r.version : "?"}`;
};

/** Parses one rule's data; returns the rule or issues naming what is wrong. */
export function parseRule(raw: unknown): { rule?: Rule; issues: CatalogueIssue[] } {
  const parsed = RuleSchema.safeParse(raw);
  if (parsed.success) return { rule: parsed.data, issues: [] };
  return { issues: zodRuleIssues(ruleWhere(raw), parsed.error) };
}

function zodRuleIssues(where: string, error: z.ZodError): CatalogueIssue[] {
  return error.issues.map((i) => ({ field: [where, ...i.path.map(String)].join("."), message: i.message }));
}

/** Which form field types a value of an event path may fill. */
function compatible(path: DataEventPath, field: FormField): boolean {
  switch (path.type) {
    case "idNumber":
      return field.type === "idNumber" || field.type === "text";
    case "text":
      return field.type === "text" || field.type === "longText";
    case "date":
      return field.type === "date";
    case "number":
      return field.type === "number";
    case "place":
      return field.type === "place";
    case "enum": {
      if (field.type === "text") return true;
      const options = new Set((field.options ?? []).map((o) => o.value));
      return field.type === "enum" && (path.options ?? []).every((o) => options.has(o));
    }
    default: {
      const never: never = path.type;
      throw new Error(`unhandled path type ${String(never)}`);
    }
  }
}

/** Whether a literal (`{ const }`) may fill a form field of this type. */
function constFits(value: string | number | boolean, field: FormField): boolean {
  switch (typeof value) {
    case "boolean":
      return field.type === "boolean";
    case "number":
      return field.type === "number" || (field.type === "integer" && Number.isInteger(value));
    default:
      if (field.type === "enum") return (field.options ?? []).some((o) => o.value === value);
      return field.type === "text" || field.type === "longText";
  }
}

/**
 * Cross-checks one rule against the latest bundles and the benefits: every event path known for `on`, every
 * `registry.active.<benefit>` a known benefit, every started bundle's form mapped completely and compatibly (an
 * offer's draft may leave fields open), every selector naming real bundles and an ID number of the event.
 */
export function validateRule(
  rule: Rule,
  bundles: ReadonlyMap<string, Bundle>,
  benefits?: ReadonlyMap<string, unknown>,
): CatalogueIssue[] {
  const where = `rules.${rule.id}.v${rule.version}`;
  const issues: CatalogueIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field: `${where}.${field}`, message });
  const eventPath = (ref: string) => dataEventPath(rule.on, ref.slice("event.".length));
  if (rule.when) {
    for (const ref of predicateReferences(rule.when as Predicate).fields) {
      if (ref.startsWith("event.") && !eventPath(ref)) add("when", `${ref} is not a path of ${rule.on}`);
      if (ref.startsWith(REGISTRY_ACTIVE_PREFIX)) {
        const benefit = ref.slice(REGISTRY_ACTIVE_PREFIX.length);
        if (!benefits?.has(benefit)) add("when", `${ref}: no benefit ${benefit} in the catalogue`);
      }
    }
  }
  for (const [index, action] of rule.actions.entries()) {
    const at = `actions.${index}`;
    const addAt = (f: string, m: string) => add(`${at}.${f}`, m);
    if (action.kind === "addEvent" || action.kind === "notify") {
      checkSelector(rule.on, action.cases, bundles, (f, m) => addAt(`cases.${f}`, m));
      continue;
    }
    const bundle = bundles.get(action.bundle);
    if (!bundle) {
      addAt("bundle", `no bundle ${action.bundle}`);
      continue;
    }
    if (action.kind === "startCase") {
      checkForm(rule.on, bundle, action.form, { unlessEmpty: action.unlessEmpty, complete: true }, addAt);
      continue;
    }
    if (bundle.startedBy !== "applicant")
      addAt("bundle", `${bundle.id} is started by the system: no one can accept an offer of it`);
    checkIdNumberPath(rule.on, action.addressee, (m) => addAt("addressee", m));
    if (action.form["applicant.idNumber"] !== action.addressee)
      addAt("form.applicant.idNumber", `must be ${action.addressee}: only the applicant can accept an offer`);
    checkForm(rule.on, bundle, action.form, { complete: false }, addAt);
    for (const [i, person] of (action.unlessOpen?.persons ?? []).entries())
      checkIdNumberPath(rule.on, person, (m) => addAt(`unlessOpen.persons.${i}`, m));
    for (const id of action.unlessOpen?.bundles ?? [])
      if (!bundles.has(id)) addAt("unlessOpen.bundles", `no bundle ${id}`);
  }
  return issues;
}

function checkIdNumberPath(on: DataEventType, ref: string, add: (message: string) => void): void {
  const path = dataEventPath(on, ref.slice("event.".length));
  if (!path) add(`${ref} is not a path of ${on}`);
  else if (path.type !== "idNumber") add(`${ref} is not an ID number of ${on}`);
}

function checkForm(
  on: DataEventType,
  bundle: Bundle,
  form: Record<string, FormSource>,
  { unlessEmpty, complete }: { unlessEmpty?: string | undefined; complete: boolean },
  add: (field: string, message: string) => void,
): void {
  const fieldOf = (ref: string) => bundle.form.fields.find((f) => `${f.section}.${f.name}` === ref);
  for (const [target, source] of Object.entries(form)) {
    const at = `form.${target}`;
    const field = fieldOf(target);
    if (!field) {
      add(at, `${target} is not a field of ${bundle.id}`);
      continue;
    }
    if (typeof source !== "string") {
      if (field.type === "list" || !constFits(source.const, field))
        add(at, `${JSON.stringify(source.const)} cannot fill the ${field.type} field ${target}`);
      continue;
    }
    if (source === ACTIVE_ENTITLEMENTS) {
      if (field.type !== "list") add(at, `${source} is a list; ${target} is a ${field.type} field`);
      for (const e of field.of ?? []) {
        if (!(ENTITLEMENT_ELEMENT_FIELDS as readonly string[]).includes(e.name)) {
          add(at, `element field ${e.name} is not one of ${ENTITLEMENT_ELEMENT_FIELDS.join(", ")}`);
        }
      }
      continue;
    }
    const path = dataEventPath(on, source.slice("event.".length));
    if (!path) add(at, `${source} is not a path of ${on}`);
    else if (field.type === "list" || !compatible(path, field)) {
      add(at, `${source} (${path.type}) cannot fill the ${field.type} field ${target}`);
    } else if (complete && field.required && !field.requiredWhen && !path.required) {
      add(at, `${source} is optional in ${on}; the required field ${target} needs a required path`);
    }
  }
  for (const f of bundle.form.fields) {
    const ref = `${f.section}.${f.name}`;
    if (complete && f.required && !f.requiredWhen && form[ref] === undefined) {
      add("form", `the required field ${ref} of ${bundle.id} is not mapped`);
    }
  }
  if (unlessEmpty !== undefined && form[unlessEmpty] !== ACTIVE_ENTITLEMENTS) {
    add("unlessEmpty", `${unlessEmpty} is not a list field mapped from ${ACTIVE_ENTITLEMENTS}`);
  }
}

function checkSelector(
  on: DataEventType,
  selector: CaseSelector,
  bundles: ReadonlyMap<string, Bundle>,
  add: (field: string, message: string) => void,
): void {
  const path = dataEventPath(on, selector.person.slice("event.".length));
  if (!path) add("person", `${selector.person} is not a path of ${on}`);
  else if (path.type !== "idNumber") add("person", `${selector.person} is not an ID number of ${on}`);
  for (const id of selector.bundles) {
    const bundle = bundles.get(id);
    if (!bundle) add("bundles", `no bundle ${id}`);
    else if (selector.role === "subject" && !bundle.caseSubject?.field.startsWith("subject.")) {
      add("bundles", `${id} has no case subject in its subject section: no case of it has a subject`);
    }
  }
}

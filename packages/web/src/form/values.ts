import { evaluatePredicate } from "@onething/domain/predicate";
import type { FormField, Predicate, SubmitApplicationRequest } from "../types.ts";

/** What the inputs hold, keyed `<section>.<name>` like the API's issue paths; booleans as "true"/"false". */
export type FormValues = Record<string, string>;

export const fieldKey = (f: Pick<FormField, "section" | "name">) => `${f.section}.${f.name}`;

/**
 * Whether a `requiredWhen` holds for what is typed so far — only to decide which conditional fields to show and
 * mark; the API checks the application against the form itself. The domain's own evaluator (a module without
 * runtime dependencies), fed typed values, so the page and the API never disagree on a condition.
 */
export function holds(p: Predicate, fields: readonly FormField[], values: FormValues): boolean {
  const byKey = new Map(fields.map((f) => [fieldKey(f), f]));
  return evaluatePredicate(p, {
    field(ref) {
      const raw = values[ref] ?? "";
      const f = byKey.get(ref);
      if (raw === "" || !f) return undefined;
      return typed(f, raw);
    },
    // Outputs exist only once departments answer; a form condition never names one.
    output: () => undefined,
  });
}

export function isRequired(f: FormField, fields: readonly FormField[], values: FormValues): boolean {
  return f.required || (f.requiredWhen !== undefined && holds(f.requiredWhen, fields, values));
}

/** Fields that matter now: unconditional ones, and conditional ones whose condition holds. */
export function visibleFields(fields: FormField[], values: FormValues): FormField[] {
  return fields.filter((f) => f.required || !f.requiredWhen || isRequired(f, fields, values));
}

export function typed(f: FormField, raw: string): unknown {
  switch (f.type) {
    case "boolean":
      return raw === "true";
    case "integer":
    case "number":
      return Number(raw);
    default:
      return raw.trim();
  }
}

/**
 * The request body: typed values of the visible, filled-in fields, by section. A form with subject fields always
 * sends the `subject` section, empty when none of them applies (the API requires the section of such a form).
 */
export function toApplication(
  bundleId: string,
  fields: FormField[],
  values: FormValues,
): SubmitApplicationRequest {
  const body: SubmitApplicationRequest = {
    bundleId,
    applicant: {},
    ...(fields.some((f) => f.section === "subject") ? { subject: {} } : {}),
    answers: {},
  };
  for (const f of visibleFields(fields, values)) {
    const raw = values[fieldKey(f)] ?? "";
    if (raw === "") continue;
    if (f.section === "subject") body.subject = { ...body.subject, [f.name]: typed(f, raw) };
    else body[f.section][f.name] = typed(f, raw);
  }
  return body;
}

export function fromApplication(application: {
  applicant: Record<string, unknown>;
  subject?: Record<string, unknown>;
  answers: Record<string, unknown>;
}): FormValues {
  const values: FormValues = {};
  for (const section of ["applicant", "subject", "answers"] as const) {
    for (const [name, value] of Object.entries(application[section] ?? {}))
      values[`${section}.${name}`] = String(value);
  }
  return values;
}

/** Required fields left empty, checked before sending (the API would say the same). */
export function missingRequired(fields: FormField[], values: FormValues): string[] {
  return visibleFields(fields, values)
    .filter((f) => isRequired(f, fields, values) && (values[fieldKey(f)] ?? "").trim() === "")
    .map(fieldKey);
}

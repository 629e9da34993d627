import type { FormField, SubmitApplicationRequest } from "../types.ts";

/** What the inputs hold, keyed `<section>.<name>` like the API's issue paths; booleans as "true"/"false". */
export type FormValues = Record<string, string>;

export const fieldKey = (f: Pick<FormField, "section" | "name">) => `${f.section}.${f.name}`;

type Predicate =
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate }
  | { field?: string; output?: string; equals?: unknown; in?: unknown[]; exists?: boolean };

/**
 * Whether a `requiredWhen` holds for what is typed so far — only to decide which conditional fields to show and
 * mark; the API checks the application against the form itself.
 */
export function holds(p: Predicate, values: FormValues): boolean {
  if ("all" in p) return p.all.every((q) => holds(q, values));
  if ("any" in p) return p.any.some((q) => holds(q, values));
  if ("not" in p) return !holds(p.not, values);
  if (!p.field) return false;
  const raw = values[p.field] ?? "";
  if (p.exists !== undefined) return (raw !== "") === p.exists;
  if (p.equals !== undefined) return raw === String(p.equals);
  if (p.in !== undefined) return p.in.map(String).includes(raw);
  return false;
}

export function isRequired(f: FormField, values: FormValues): boolean {
  return f.required || (f.requiredWhen !== undefined && holds(f.requiredWhen as Predicate, values));
}

/** Fields that matter now: unconditional ones, and conditional ones whose condition holds. */
export function visibleFields(fields: FormField[], values: FormValues): FormField[] {
  return fields.filter((f) => f.required || !f.requiredWhen || isRequired(f, values));
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

/** The request body: typed values of the visible, filled-in fields, by section. */
export function toApplication(
  bundleId: string,
  fields: FormField[],
  values: FormValues,
): SubmitApplicationRequest {
  const body: SubmitApplicationRequest = { bundleId, applicant: {}, answers: {} };
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
    .filter((f) => isRequired(f, values) && (values[fieldKey(f)] ?? "").trim() === "")
    .map(fieldKey);
}

import { type Application, formScope, readField } from "./application.ts";
import { evaluatePredicate } from "./predicate.ts";
import type { Bundle } from "./schema.ts";

/**
 * The fields a pre-filled draft (an offer) leaves for the person to give: every required field, and every field
 * whose `requiredWhen` holds over the draft, that has no value (absent, null, "" or an empty list). In form order,
 * as `section.name`.
 * @example openFieldsOf(catalogue.bundle("social-assistance"), draft) // ["applicant.phone", "subject.address", …]
 */
export function openFieldsOf(bundle: Bundle, draft: Application): string[] {
  const scope = formScope(draft);
  return bundle.form.fields.flatMap((f) => {
    const ref = `${f.section}.${f.name}`;
    const required = f.requiredWhen ? evaluatePredicate(f.requiredWhen, scope) : f.required;
    if (!required) return [];
    const value = readField(draft, ref);
    const empty =
      value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
    return empty ? [ref] : [];
  });
}

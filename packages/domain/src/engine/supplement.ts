import {
  type FieldIssue,
  fieldValueSchemaFor,
  toFieldIssues,
  type Validated,
} from "../bundle/application.ts";
import { isDocumentRef } from "../bundle/documents.ts";
import { isForEachList } from "../bundle/for-each.ts";
import type { Bundle, Item } from "../bundle/schema.ts";
import type { SupplementRequest } from "./types.ts";

/** A document is answered with a document reference, and only a document request takes one. */
function documentProblem(
  r: SupplementRequest,
  value: unknown,
): { message: string; code: string } | undefined {
  if (r.kind === "document" && !isDocumentRef(value))
    return { message: "must be an uploaded document ({ documentId })", code: "document_required" };
  if (r.kind !== "document" && isDocumentRef(value))
    return { message: "asks for a value, not a document", code: "document_not_requested" };
  return undefined;
}

export interface CheckedSupplement {
  /** Answers to requested form fields the item reads (`section.name` → value), to be written back. */
  formCorrections: Record<string, unknown>;
}

/**
 * Every requested piece is answered; answers to form fields are valid for that field;
 * nothing is answered that was not asked.
 */
export function validateSupplement(
  bundle: Bundle,
  item: Item,
  requested: readonly SupplementRequest[],
  answers: Record<string, unknown>,
): Validated<CheckedSupplement> {
  const issues: FieldIssue[] = [];
  const asked = new Set(requested.map((r) => r.field));
  const formCorrections: Record<string, unknown> = {};
  const identity = bundle.applicantKind === "person" ? "applicant.idNumber" : "applicant.uscc";
  for (const r of requested) {
    if (r.field === identity) {
      issues.push({
        path: `answers.${r.field}`,
        message: "the applicant's identity cannot be changed by a supplement",
        code: "identity_locked",
      });
      continue;
    }
    const value = answers[r.field];
    if (value === undefined || value === null || value === "") {
      issues.push({
        path: `answers.${r.field}`,
        message: `is required: ${r.description}`,
        code: "required",
        params: { description: r.description },
      });
      continue;
    }
    const problem = documentProblem(r, value);
    if (problem) {
      issues.push({ path: `answers.${r.field}`, ...problem });
      continue;
    }
    if (r.kind === "document") continue;
    // A for-each list is never corrected: its instances exist already. An answer to it is material only.
    const corrects = item.inputs.fields.includes(r.field) && !isForEachList(bundle, r.field);
    const schema = corrects ? fieldValueSchemaFor(bundle, r.field) : undefined;
    if (!schema) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) formCorrections[r.field] = parsed.data;
    else issues.push(...toFieldIssues(parsed.error).map((i) => ({ ...i, path: `answers.${r.field}` })));
  }
  for (const key of Object.keys(answers)) {
    if (!asked.has(key))
      issues.push({ path: `answers.${key}`, message: "was not requested", code: "not_requested" });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { formCorrections } };
}

import { z } from "zod";
import { isoDateProblem, phoneProblem, residentIdProblem, usccProblem } from "../identifiers.ts";
import { evaluatePredicate } from "./predicate.ts";
import type { Bundle, FormField, FormSection, Item, OutputDecl } from "./schema.ts";

/** One application: who applies, whom it is about (if anyone), and the rest of the bundle's form. */
export interface Application {
  applicant: Record<string, unknown>;
  subject?: Record<string, unknown>;
  answers: Record<string, unknown>;
}

/** A problem with one value, named by its path (e.g. `applicant.idNumber`). */
export interface FieldIssue {
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

const withProblem = (check: (v: string) => string | null) =>
  z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const problem = check(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/** The zod schema for one form field's value. */
export function fieldValueSchema(field: FormField): z.ZodType {
  switch (field.type) {
    case "text":
      return z
        .string()
        .trim()
        .min(1, "must not be empty")
        .max(field.maxLength ?? 200);
    case "longText":
      return z
        .string()
        .trim()
        .min(1, "must not be empty")
        .max(field.maxLength ?? 4000);
    case "idNumber":
      return withProblem(residentIdProblem);
    case "uscc":
      return withProblem(usccProblem);
    case "phone":
      return withProblem(phoneProblem);
    case "date":
      return withProblem(isoDateProblem);
    case "boolean":
      return z.boolean();
    case "integer":
      return bounded(z.number().int(), field);
    case "number":
      return bounded(z.number(), field);
    case "enum":
      return z.enum((field.options ?? []).map((o) => o.value) as [string, ...string[]]);
    default: {
      const never: never = field.type;
      throw new Error(`unhandled field type ${String(never)}`);
    }
  }
}

function bounded(schema: z.ZodNumber, field: FormField): z.ZodNumber {
  let s = schema;
  if (field.min !== undefined) s = s.min(field.min);
  if (field.max !== undefined) s = s.max(field.max);
  return s;
}

function sectionSchema(fields: readonly FormField[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) {
    // Conditionally required fields are checked after the whole application is known.
    shape[f.name] = f.required && !f.requiredWhen ? fieldValueSchema(f) : fieldValueSchema(f).optional();
  }
  return z.strictObject(shape);
}

const schemaCache = new WeakMap<Bundle, z.ZodType<Application>>();

/** The zod schema for a whole application to `bundle`: strict per section, with conditional requirements. */
export function applicationSchema(bundle: Bundle): z.ZodType<Application> {
  const cached = schemaCache.get(bundle);
  if (cached) return cached;
  const bySection = (s: FormSection) => bundle.form.fields.filter((f) => f.section === s);
  const subjectFields = bySection("subject");
  const schema = z
    .strictObject({
      applicant: sectionSchema(bySection("applicant")),
      subject: subjectFields.length > 0 ? sectionSchema(subjectFields) : z.strictObject({}).optional(),
      answers: sectionSchema(bySection("answers")).default({}),
    })
    .superRefine((app, ctx) => {
      const scope = formScope(app as Application);
      for (const f of bundle.form.fields) {
        if (!f.requiredWhen) continue;
        const value = scope.field(`${f.section}.${f.name}`);
        const wanted = f.required || evaluatePredicate(f.requiredWhen, scope);
        if (wanted && (value === undefined || value === "")) {
          ctx.addIssue({
            code: "custom",
            path: [f.section, f.name],
            message: "is required for this application",
          });
        }
      }
    }) as unknown as z.ZodType<Application>;
  schemaCache.set(bundle, schema);
  return schema;
}

/**
 * Validates an application against its bundle's form, naming every bad field.
 * @example validateApplication(bundle, { applicant: { idNumber: "1101…" }, answers: {} })
 */
export function validateApplication(bundle: Bundle, raw: unknown): Validated<Application> {
  const parsed = applicationSchema(bundle).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: toFieldIssues(parsed.error) };
}

export function toFieldIssues(error: z.ZodError, prefix: readonly string[] = []): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: [...prefix, ...issue.path.map(String), key].join("."),
        message: "is not a field of this form",
      }));
    }
    return [{ path: [...prefix, ...issue.path.map(String)].join(".") || "(root)", message: issue.message }];
  });
}

/** Reads `<section>.<field>` from an application. */
export function readField(application: Application, ref: string): unknown {
  const dot = ref.indexOf(".");
  const section = ref.slice(0, dot) as FormSection;
  const record = application[section];
  return record ? record[ref.slice(dot + 1)] : undefined;
}

/** A predicate scope that sees only the form (no outputs). */
export function formScope(application: Application) {
  return { field: (ref: string) => readField(application, ref), output: () => undefined };
}

const recordValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

/**
 * Outputs live in the case row, and DynamoDB caps a row at 400 KB: one answer may add at most this much,
 * so even the largest bundle's outputs together stay far below the limit.
 */
export const MAX_OUTPUTS_BYTES = 16 * 1024;

function outputValueSchema(decl: OutputDecl): z.ZodType {
  switch (decl.type) {
    case "text":
    case "document":
      return z.string().trim().min(1).max(2000);
    case "date":
      return withProblem(isoDateProblem);
    case "boolean":
      return z.boolean();
    case "integer":
      return z.number().int();
    case "number":
      return z.number();
    case "enum":
      return z.enum((decl.options ?? []) as [string, ...string[]]);
    case "records":
      return z.array(z.record(z.string().max(64), recordValue)).max(200);
    default: {
      const never: never = decl.type;
      throw new Error(`unhandled output type ${String(never)}`);
    }
  }
}

/** Validates what a department returns against the item's declared outputs: nothing undeclared, nothing missing. */
export function validateOutputs(item: Item, raw: unknown): Validated<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const o of item.outputs)
    shape[o.name] = o.required ? outputValueSchema(o) : outputValueSchema(o).optional();
  const parsed = z.strictObject(shape).safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, issues: toFieldIssues(parsed.error, ["outputs"]) };
  const bytes = new TextEncoder().encode(JSON.stringify(parsed.data)).length;
  if (bytes > MAX_OUTPUTS_BYTES) {
    return {
      ok: false,
      issues: [
        { path: "outputs", message: `are ${bytes} bytes; at most ${MAX_OUTPUTS_BYTES} are kept per answer` },
      ],
    };
  }
  return { ok: true, value: parsed.data };
}

/** The value schema of the form field `section.name`, or undefined if the form has no such field. */
export function fieldValueSchemaFor(bundle: Bundle, ref: string): z.ZodType | undefined {
  const field = bundle.form.fields.find((f) => `${f.section}.${f.name}` === ref);
  return field ? fieldValueSchema(field) : undefined;
}

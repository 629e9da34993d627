import { z } from "zod";
import { isoDateIssue, phoneIssue, residentIdIssue, usccIssue, type ValueIssue } from "../identifiers.ts";
import { PLACE_CODE_PATTERN } from "../places/schema.ts";
import { CertificateSchema, DocumentRefSchema } from "./documents.ts";
import { ELEMENT_KEY_PATTERN, listElements, listFieldName } from "./for-each.ts";
import { evaluatePredicate } from "./predicate.ts";
import {
  type Bundle,
  DEFAULT_MAX_LIST_ITEMS,
  type ElementField,
  type FormField,
  type FormSection,
  type Item,
  type OutputDecl,
} from "./schema.ts";

/** One application: who applies, whom it is about (if anyone), and the rest of the bundle's form. */
export interface Application {
  applicant: Record<string, unknown>;
  subject?: Record<string, unknown>;
  answers: Record<string, unknown>;
}

/**
 * A problem with one value, named by its path (e.g. `applicant.idNumber`): a stable `code` that the pages
 * translate (with `params` where the sentence names something, e.g. the expected check character) and an English
 * `message` for people reading the API.
 */
export interface FieldIssue {
  path: string;
  message: string;
  code: string;
  params?: Record<string, string | number>;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** A string checked by one of the identifier validators; its code and parameters travel in the zod issue. */
export const checkedString = (check: (v: string) => ValueIssue | null) =>
  z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const issue = check(v);
      if (issue)
        ctx.addIssue({
          code: "custom",
          message: issue.message,
          params: { code: issue.code, ...issue.params },
        });
    });

/** What a value's schema depends on: a form field, or one field of a list's elements. */
type FieldShape = Pick<FormField, "type" | "options" | "min" | "max" | "maxLength" | "of" | "maxItems">;

/** The zod schema for one form field's value (or one element field's). */
export function fieldValueSchema(field: FieldShape): z.ZodType {
  switch (field.type) {
    case "text":
    case "longText":
      return z
        .string()
        .trim()
        .min(1, "must not be empty")
        .max(field.maxLength ?? (field.type === "text" ? 200 : 4000));
    case "idNumber":
      return checkedString(residentIdIssue);
    case "uscc":
      return checkedString(usccIssue);
    case "phone":
      return checkedString(phoneIssue);
    case "date":
      return checkedString(isoDateIssue);
    case "boolean":
      return z.boolean();
    case "integer":
      return bounded(z.number().int(), field);
    case "number":
      return bounded(z.number(), field);
    case "enum":
      return z.enum((field.options ?? []).map((o) => o.value) as [string, ...string[]]);
    case "place":
      return z.string().regex(PLACE_CODE_PATTERN, "must be a 6-, 9- or 12-digit jurisdiction code");
    case "list":
      return z.array(elementSchema(field.of ?? [])).max(field.maxItems ?? DEFAULT_MAX_LIST_ITEMS);
    default: {
      const never: never = field.type;
      throw new Error(`unhandled field type ${String(never)}`);
    }
  }
}

function elementSchema(fields: readonly ElementField[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) shape[f.name] = f.required ? fieldValueSchema(f) : fieldValueSchema(f).optional();
  return z.strictObject(shape);
}

function bounded(schema: z.ZodNumber, field: FieldShape): z.ZodNumber {
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
            params: { code: "required" },
          });
        }
      }
      checkElementKeys(bundle, app as Application, ctx);
    }) as unknown as z.ZodType<Application>;
  schemaCache.set(bundle, schema);
  return schema;
}

/**
 * Every element of a for-each list needs a key that can be part of an item id and that no other element has, so
 * each instance has an id of its own; the issue names the element's key field.
 */
function checkElementKeys(bundle: Bundle, app: Application, ctx: z.RefinementCtx): void {
  for (const { forEach } of bundle.items) {
    if (!forEach) continue;
    const seen = new Set<unknown>();
    listElements(app.answers, forEach).forEach((element, index) => {
      const key = element[forEach.key];
      const path = ["answers", listFieldName(forEach), index, forEach.key];
      if (typeof key !== "string" || !ELEMENT_KEY_PATTERN.test(key)) {
        const message = "must be a lower-case slug of at most 20 characters (a-z, 0-9, -)";
        ctx.addIssue({ code: "custom", path, message, params: { code: "invalid_element_key" } });
      } else if (seen.has(key)) {
        const message = `repeats the key ${key} of an earlier element`;
        ctx.addIssue({ code: "custom", path, message, params: { code: "duplicate_element_key", key } });
      }
      seen.add(key);
    });
  }
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

/**
 * A zod issue's stable code and parameters. Custom checks carry theirs in `params.code`; zod's own codes are
 * refined where a reader needs more (a missing value is `required`, a string's bounds are `too_short`/`too_long`).
 */
function issueCode(issue: z.core.$ZodIssue): { code: string; params?: Record<string, string | number> } {
  switch (issue.code) {
    case "custom": {
      const { code, ...params } = (issue.params ?? {}) as Record<string, string | number>;
      return {
        code: typeof code === "string" ? code : "invalid",
        ...(Object.keys(params).length ? { params } : {}),
      };
    }
    case "invalid_type":
      // zod reports a missing key as an invalid type whose input was undefined.
      return issue.message.endsWith("received undefined")
        ? { code: "required" }
        : { code: "invalid_type", params: { expected: issue.expected } };
    case "too_small":
      // An empty text where one is needed reads as "required" to a person filling a form.
      if (issue.origin === "string" && Number(issue.minimum) <= 1) return { code: "required" };
      return {
        code: issue.origin === "string" ? "too_short" : "too_small",
        params: { minimum: Number(issue.minimum) },
      };
    case "too_big":
      return {
        code: issue.origin === "string" ? "too_long" : "too_big",
        params: { maximum: Number(issue.maximum) },
      };
    case "invalid_value":
      return { code: "invalid_value", params: { allowed: issue.values.map(String).join(", ") } };
    case "invalid_format":
      return { code: "invalid_format", params: { format: issue.format } };
    default:
      return { code: issue.code };
  }
}

export function toFieldIssues(error: z.ZodError, prefix: readonly string[] = []): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: [...prefix, ...issue.path.map(String), key].join("."),
        message: "is not a field of this form",
        code: "not_a_field",
      }));
    }
    return [
      {
        path: [...prefix, ...issue.path.map(String)].join(".") || "(root)",
        message: issue.message,
        ...issueCode(issue),
      },
    ];
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
      return z.string().trim().min(1).max(2000);
    case "document":
      return DocumentRefSchema;
    case "certificate":
      return CertificateSchema;
    case "date":
      return checkedString(isoDateIssue);
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
        {
          path: "outputs",
          message: `are ${bytes} bytes; at most ${MAX_OUTPUTS_BYTES} are kept per answer`,
          code: "too_big",
          params: { maximum: MAX_OUTPUTS_BYTES },
        },
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

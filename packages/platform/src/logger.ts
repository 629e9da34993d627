import { Logger } from "@aws-lambda-powertools/logger";
import type { CaseLogger } from "@onething/cases";
import { maskPii, type PiiKind } from "@onething/domain";

// Callers are told to log ids and reasons only; this is the net under that rule, for the day someone logs an
// error message that quotes an application, or a whole record. Patterns, not validators: a typo'd ID number
// is as personal as a valid one.
const VALUE_PATTERNS: readonly { readonly kind: PiiKind; readonly pattern: RegExp }[] = [
  // 18-character resident ID number (GB 11643): 17 digits and a digit or X.
  { kind: "idNumber", pattern: /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g },
  // Unified social credit code (GB 32100): 18 characters of its alphabet, characters 3–8 digits.
  {
    kind: "idNumber",
    pattern: /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])/g,
  },
  // Mainland mobile number, optionally +86 and written 138-1234-5678 or 138 1234 5678.
  { kind: "phone", pattern: /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)/g },
];

/** Keys ending in "name" that name things, not people. Compared after lower-casing and dropping `_`/`-`. */
const TECHNICAL_NAMES = new Set([
  "attributename",
  "bundlename",
  "classname",
  "commandname",
  "departmentname",
  "errorname",
  "eventname",
  "fieldname",
  "filename",
  "functionname",
  "groupname",
  "hostname",
  "indexname",
  "itemname",
  "loggroupname",
  "logstreamname",
  "operationname",
  "queuename",
  "routename",
  "servicename",
  "tablename",
]);

/** Person-valued form fields of the seed bundles whose keys say nothing about what they hold. */
const PERSON_KEYS: Readonly<Record<string, PiiKind>> = {
  director: "name",
  legalrepresentative: "name",
  students: "name",
  othermembers: "idNumber",
};

/** What a key says its value is, if personal. `applicantId` is the store's name for an ID number or USCC. */
function kindOfKey(key: string): PiiKind | undefined {
  const k = key.toLowerCase().replace(/[_-]/g, "");
  if (k.endsWith("idnumber") || k === "idcard" || k === "applicantid" || k.endsWith("creditcode")) {
    return "idNumber";
  }
  if (k.includes("phone") || k.includes("mobile")) return "phone";
  if (k.endsWith("address")) return "address";
  if (k.endsWith("name") && !TECHNICAL_NAMES.has(k)) return "name";
  return PERSON_KEYS[k];
}

/** Masks every ID number, USCC and mobile number inside a string, leaving the rest readable. */
export function maskPiiInText(text: string): string {
  let masked = text;
  for (const { kind, pattern } of VALUE_PATTERNS) masked = masked.replace(pattern, (m) => maskPii(kind, m));
  return masked;
}

const MAX_DEPTH = 8;

function maskValue(value: unknown, kind: PiiKind | undefined, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || value === undefined || typeof value === "boolean") return value;
  if (typeof value === "string") return kind ? maskPii(kind, value) : maskPiiInText(value);
  if (typeof value === "number" || typeof value === "bigint") {
    const text = String(value);
    if (kind) return maskPii(kind, text);
    const masked = maskPiiInText(text);
    return masked === text ? value : masked;
  }
  if (typeof value !== "object") return typeof value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: maskPiiInText(value.message),
      ...(value.stack ? { stack: maskPiiInText(value.stack) } : {}),
    };
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => maskValue(v, kind, depth + 1, seen));
  return maskFieldsAt(value as Record<string, unknown>, kind, depth + 1, seen);
}

function maskFieldsAt(
  fields: Record<string, unknown>,
  inherited: PiiKind | undefined,
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = maskValue(value, inherited ?? kindOfKey(key), depth, seen);
  }
  return out;
}

/**
 * A copy of log fields with personal data masked (`maskPii`): any value under a key like `name`,
 * `idNumber`, `phone` or `address` (nested too), and anywhere else every substring that looks like a
 * resident ID number, a unified social credit code or a mainland mobile number. Ids, codes and counts
 * pass unchanged.
 *
 * @example maskLogFields({ caseId: "OT-1", phone: "13812345678" }) // { caseId: "OT-1", phone: "138****5678" }
 */
export function maskLogFields(fields: Record<string, unknown>): Record<string, unknown> {
  return maskFieldsAt(fields, undefined, 0, new WeakSet());
}

/**
 * The platform's `CaseLogger`: Powertools Logger JSON lines (level, service, timestamp, X-Ray trace id,
 * and the Lambda context once `logger.addContext` or `injectLambdaContext` ran), with every field set and
 * message passed through the PII mask first. Level from `POWERTOOLS_LOG_LEVEL` (default INFO).
 *
 * @example
 * const log = createLogger({ serviceName: "api" });
 * log.info("case submitted", { caseId, bundleId });
 */
export function createLogger(options: { serviceName: string; logger?: Logger }): CaseLogger & {
  readonly powertools: Logger;
} {
  const powertools = options.logger ?? new Logger({ serviceName: options.serviceName });
  const write =
    (level: "info" | "warn" | "error") =>
    (message: string, fields: Record<string, unknown> = {}) =>
      powertools[level](maskPiiInText(message), maskLogFields(fields));
  return { powertools, info: write("info"), warn: write("warn"), error: write("error") };
}

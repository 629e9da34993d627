import type { Application } from "./bundle/application.ts";
import type { Bundle, PiiKind } from "./bundle/schema.ts";

/**
 * Masks one personal value for logs and operator views.
 * @example maskPii("idNumber", "11010519491231002X") // "110105********002X"
 */
export function maskPii(kind: PiiKind, value: unknown): string {
  const s = String(value ?? "");
  if (s.length === 0) return s;
  switch (kind) {
    case "idNumber":
      return s.length > 10
        ? `${s.slice(0, 6)}${"*".repeat(s.length - 10)}${s.slice(-4)}`
        : "*".repeat(s.length);
    case "phone":
      return s.length >= 7
        ? `${s.slice(0, 3)}${"*".repeat(s.length - 7)}${s.slice(-4)}`
        : "*".repeat(s.length);
    case "name": {
      const chars = [...s];
      return chars.length <= 1 ? "*" : `${chars[0]}${"*".repeat(chars.length - 1)}`;
    }
    case "address": {
      const chars = [...s];
      return `${chars.slice(0, Math.min(6, Math.ceil(chars.length / 3))).join("")}****`;
    }
    default: {
      const never: never = kind;
      throw new Error(`unhandled pii kind ${String(never)}`);
    }
  }
}

/** A copy of an application with every field the bundle tags as personal data masked. */
export function maskApplication(bundle: Bundle, application: Application): Application {
  const masked = structuredClone(application);
  for (const f of bundle.form.fields) {
    const section = masked[f.section];
    if (!section || section[f.name] === undefined) continue;
    if (f.pii) section[f.name] = maskPii(f.pii, section[f.name]);
    const list = section[f.name];
    if (!f.of || !Array.isArray(list)) continue;
    for (const element of list as Record<string, unknown>[]) {
      for (const e of f.of) {
        if (e.pii && element[e.name] !== undefined) element[e.name] = maskPii(e.pii, element[e.name]);
      }
    }
  }
  return masked;
}

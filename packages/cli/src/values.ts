import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { CliError } from "./errors.ts";

/** What the value should become, when the declaration is known (an output or a form field type). */
export type ValueKind = "string" | "number" | "boolean" | "json" | undefined;

const usage = (message: string) => new CliError(message, { exitCode: 2, code: "usage" });

/**
 * A command-line value: as declared when the kind is known, else guessed — `true`/`false`, `null`, numbers
 * written canonically (`42`, `-1.5`; not `007` nor an 18-digit ID number, which would lose digits), and JSON
 * for values starting with `[` or `{`; anything else stays a string.
 */
export function parseValue(raw: string, kind?: ValueKind, what = "value"): unknown {
  switch (kind) {
    case "string":
      return raw;
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) throw usage(`${what} must be a number, not '${raw}'`);
      return n;
    }
    case "boolean":
      if (raw === "true" || raw === "yes") return true;
      if (raw === "false" || raw === "no") return false;
      throw usage(`${what} must be true or false, not '${raw}'`);
    case "json":
      return parseJson(raw, what);
    default:
      break;
  }
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (raw === "null") return null;
  if (raw.startsWith("[") || raw.startsWith("{")) return parseJson(raw, what);
  const n = Number(raw);
  if (raw.trim() !== "" && Number.isFinite(n) && String(n) === raw) return n;
  return raw;
}

function parseJson(raw: string, what: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw usage(`${what} is not valid JSON: ${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}`);
  }
}

/** `key=value` → [key, value]; the key may not be empty; the value may hold further `=`. */
export function parseAssignment(
  text: string,
  option: string,
  kindOf: (key: string) => ValueKind = () => undefined,
) {
  const at = text.indexOf("=");
  if (at <= 0) throw usage(`--${option} takes key=value, not '${text}'`);
  const key = text.slice(0, at).trim();
  return [key, parseValue(text.slice(at + 1), kindOf(key), `--${option} ${key}`)] as const;
}

/**
 * The JSON in a file named on the command line (`-` reads stdin), with one-line errors for a file that cannot be
 * read or does not hold JSON.
 */
export async function readJsonArgument(file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === "-" ? await readStdin() : await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${file === "-" ? "stdin" : file} is not valid JSON`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A JSON object from an option: inline JSON, or `@file` to read it from a file. */
export function parseJsonObject(text: string, option: string): Record<string, unknown> {
  let raw = text;
  if (text.startsWith("@")) {
    try {
      raw = readFileSync(text.slice(1), "utf8");
    } catch (error) {
      throw new CliError(
        `--${option}: cannot read ${text.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
  }
  const value = parseJson(raw, `--${option}`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw usage(`--${option} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Output declaration type → how to read its command-line value. */
export function outputKind(type: string | undefined): ValueKind {
  switch (type) {
    case "text":
    case "document":
    case "date":
    case "enum":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "records":
      return "json";
    default:
      return undefined;
  }
}

/** Form field type → how to read its command-line value (supplement answers to form fields). */
export function fieldKind(type: string | undefined): ValueKind {
  switch (type) {
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case undefined:
      return undefined;
    default:
      return "string";
  }
}

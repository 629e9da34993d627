import { parseArgs } from "node:util";
import type { Context } from "./context.ts";
import { UsageError } from "./errors.ts";
import { displayWidth } from "./format.ts";

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** Repeatable: every occurrence is kept, in order. */
  readonly multiple?: boolean;
  /** Placeholder shown in help, e.g. `<n>`. */
  readonly value?: string;
  readonly description: string;
  /** A boolean that defaults to on and is turned off with `--no-<name>`. */
  readonly negatable?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** One `onething <name>` command: its help, its options, and what it does. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage lines, each after `onething `; a line starting with spaces continues the one before. */
  readonly usage: readonly string[];
  /** Paragraphs of help after the usage. */
  readonly description?: readonly string[];
  readonly options: OptionSpecs;
  readonly positionals: { readonly min: number; readonly max: number };
  readonly examples?: readonly string[];
  /** Returns the exit code (0 when omitted). Refusals are thrown as CliError. */
  run(ctx: Context, args: Args): Promise<number | undefined>;
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: OptionSpecs = {
  url: {
    type: "string",
    value: "<url>",
    description:
      "the platform's API (default: the url in <data-dir>/runtime.json, else http://localhost:3000)",
  },
  "data-dir": {
    type: "string",
    value: "<dir>",
    description: "the local platform's data directory (default: <repo>/.data, or $ONETHING_DATA_DIR)",
  },
  json: { type: "boolean", description: "print machine-readable JSON on stdout" },
  help: { type: "boolean", short: "h", description: "show this help" },
};

type Value = string | boolean | (string | boolean)[] | undefined;

/** Parsed options and positionals, with typed accessors that turn bad values into usage errors. */
export class Args {
  readonly command: string;
  readonly positionals: readonly string[];
  private readonly values: Readonly<Record<string, Value>>;

  constructor(command: string, values: Readonly<Record<string, Value>>, positionals: readonly string[]) {
    this.command = command;
    this.values = values;
    this.positionals = positionals;
  }

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === "string" ? v : undefined;
  }

  flag(name: string, fallback = false): boolean {
    const v = this.values[name];
    return typeof v === "boolean" ? v : fallback;
  }

  list(name: string): string[] {
    const v = this.values[name];
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
    return typeof v === "string" ? [v] : [];
  }

  /** A comma-separated list option (`--manual a,b`), trimmed, empty entries dropped. */
  csv(name: string): string[] | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    return v
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }

  number(name: string, limits: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    const { min = -Infinity, max = Infinity, integer = false } = limits;
    const kind = integer ? "an integer" : "a number";
    if (raw.trim() === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      throw this.usage(`--${name} must be ${kind}, not '${raw}'`);
    }
    if (n < min || n > max) {
      const range =
        max === Infinity ? `at least ${min}` : min === -Infinity ? `at most ${max}` : `${min}–${max}`;
      throw this.usage(`--${name} must be ${range}, not ${raw}`);
    }
    return n;
  }

  /** The positional at `index`, or a usage error naming it. */
  positional(index: number, name: string): string {
    const v = this.positionals[index];
    if (v === undefined) throw this.usage(`missing ${name}`);
    return v;
  }

  usage(message: string): UsageError {
    return new UsageError(message, this.command);
  }
}

/** Parses a command's arguments (global options included); unknown options and bad counts are usage errors. */
export function parseCommandArgs(command: Command, argv: readonly string[]): Args {
  const specs = { ...GLOBAL_OPTIONS, ...command.options };
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error), command.name);
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    const spec = specs[name];
    // parseArgs accepts --no-<any boolean>; only the options documented as negatable take it.
    if (value === false && spec?.type === "boolean" && !spec.negatable) {
      throw new UsageError(`unknown option '--no-${name}'`, command.name);
    }
  }
  const args = new Args(command.name, parsed.values, parsed.positionals);
  if (args.flag("help")) return args;
  const { min, max } = command.positionals;
  if (parsed.positionals.length < min) {
    throw new UsageError(`missing arguments: onething ${command.usage[0] ?? command.name}`, command.name);
  }
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals.slice(max).join(" ");
    throw new UsageError(
      max === 0 ? `unexpected argument: ${extra}` : `unexpected argument after the first ${max}: ${extra}`,
      command.name,
    );
  }
  return args;
}

/** node:util parseArgs errors name the option in a long sentence; keep the part a user needs. */
function describeParseError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = (e.message ?? String(error)).split(". ")[0] ?? "invalid arguments";
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return message.replace(/^Unknown option/, "unknown option");
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return message.replace(/^Option/, "option");
    default:
      return message;
  }
}

const HELP_WIDTH = 100;

/** Wraps each line of `text` at spaces to `width` columns. */
export function wrap(text: string, width = HELP_WIDTH): string {
  return text
    .split("\n")
    .map((line) => {
      const indent = /^\s*/.exec(line)?.[0] ?? "";
      // Paragraphs continue flush; indented lines (lists) continue two columns further in.
      const hanging = indent === "" ? "" : `${indent}  `;
      const out: string[] = [];
      let current = "";
      for (const word of line.trim().split(/\s+/)) {
        if (current === "") current = `${indent}${word}`;
        else if (displayWidth(current) + 1 + displayWidth(word) > width) {
          out.push(current);
          current = `${hanging}${word}`;
        } else current = `${current} ${word}`;
      }
      out.push(current);
      return out.join("\n");
    })
    .join("\n");
}

function optionLabel(name: string, spec: OptionSpec): string {
  const flag = spec.negatable ? `--no-${name}` : `--${name}`;
  const short = spec.short ? `-${spec.short}, ` : "";
  const value = spec.type === "string" ? ` ${spec.value ?? "<value>"}` : "";
  return `${short}${flag}${value}`;
}

function optionLines(specs: OptionSpecs): string[] {
  const entries = Object.entries(specs).map(([name, spec]) => ({
    label: optionLabel(name, spec),
    description: spec.multiple ? `${spec.description} (repeatable)` : spec.description,
  }));
  const width = Math.min(30, Math.max(...entries.map((e) => e.label.length)));
  const pad = " ".repeat(width + 4);
  return entries.map(({ label, description }) => {
    const text = wrap(description, HELP_WIDTH - width - 4)
      .split("\n")
      .map((line, i) => (i === 0 ? line : `${pad}${line.trimStart()}`))
      .join("\n");
    return label.length > width ? `  ${label}\n${pad}${text}` : `  ${label.padEnd(width)}  ${text}`;
  });
}

/** The `onething <command> --help` text. */
export function formatCommandHelp(command: Command): string {
  const lines = [`onething ${command.name} — ${command.summary}`, "", "Usage:"];
  for (const u of command.usage) {
    lines.push(u.startsWith(" ") ? `  ${" ".repeat(9)}${u.trimStart()}` : `  onething ${u}`);
  }
  for (const paragraph of command.description ?? []) lines.push("", wrap(paragraph));
  if (Object.keys(command.options).length > 0) lines.push("", "Options:", ...optionLines(command.options));
  lines.push("", "Global options:", ...optionLines(GLOBAL_OPTIONS));
  if (command.examples && command.examples.length > 0) {
    lines.push("", "Examples:", ...command.examples.map((e) => `  ${e}`));
  }
  return lines.join("\n");
}

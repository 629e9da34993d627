/**
 * Every failure the CLI reports on purpose. `main` prints `onething: <message>` on one line and exits with
 * `exitCode`; anything else that escapes is a bug and is reported the same way, with exit code 1.
 */
export class CliError extends Error {
  readonly exitCode: number;
  /** Machine-readable code for `--json` callers. */
  readonly code: string;
  constructor(message: string, options: { exitCode?: number; code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
    this.code = options.code ?? "cli_error";
  }
}

/** The command line itself is wrong (unknown command or option, missing argument, bad value): exit 2. */
export class UsageError extends CliError {
  constructor(message: string, command?: string) {
    super(`${message} (see: onething ${command ? `${command} ` : ""}--help)`, {
      exitCode: 2,
      code: "usage",
    });
  }
}

export interface ApiIssue {
  path: string;
  message: string;
}

const MAX_ISSUES_SHOWN = 6;

/** The API refused the request: its `error` code, `message` and any per-field issues, on one line. */
export class ApiError extends CliError {
  readonly status: number;
  readonly error: string;
  readonly issues: readonly ApiIssue[];
  constructor(status: number, error: string, message: string, issues: readonly ApiIssue[] = []) {
    const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((i) => `${i.path} ${i.message}`);
    if (issues.length > MAX_ISSUES_SHOWN) shown.push(`and ${issues.length - MAX_ISSUES_SHOWN} more`);
    super(`${status} ${error}: ${message}${shown.length > 0 ? ` — ${shown.join("; ")}` : ""}`, {
      code: error,
    });
    this.status = status;
    this.error = error;
    this.issues = issues;
  }
}

/** One line, whatever the message holds: newlines would break `onething: …` for scripts reading stderr. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

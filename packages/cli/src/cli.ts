import { type Command, formatCommandHelp, GLOBAL_OPTIONS, parseCommandArgs } from "./command.ts";
import { type Context, createContext, type Io, processIo } from "./context.ts";
import { CliError, oneLine, UsageError } from "./errors.ts";

/** Who a command is for: the top-level help lists the commands by these groups, in this order. */
export const COMMAND_GROUPS = {
  platform: "Run the platform",
  citizen: "As a citizen or a counter clerk",
  department: "As a department",
  source: "As a source system",
  operator: "As an operator",
} as const;
export type CommandGroup = keyof typeof COMMAND_GROUPS;

interface CommandEntry {
  readonly group: CommandGroup;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/**
 * Every command, by who uses it (`src/commands/<group>/`), loaded only when run (so `onething token` does not load
 * the SQS client, for example).
 */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  start: {
    group: "platform",
    summary: "start the whole platform on this machine (what `npm start` runs)",
    load: async () => (await import("./commands/platform/start.ts")).startCommand,
  },
  load: {
    group: "platform",
    summary: "submit a realistic mix of applications at a steady rate and measure the platform",
    load: async () => (await import("./commands/platform/load.ts")).loadCommand,
  },
  submit: {
    group: "citizen",
    summary: "submit an application to a bundle (a sample, or a JSON file)",
    load: async () => (await import("./commands/citizen/submit.ts")).submitCommand,
  },
  status: {
    group: "citizen",
    summary: "a case's status, per item and department, with its timeline",
    load: async () => (await import("./commands/citizen/status.ts")).statusCommand,
  },
  supplement: {
    group: "citizen",
    summary: "answer a department's supplement request (补正) as the applicant",
    load: async () => (await import("./commands/citizen/supplement.ts")).supplementCommand,
  },
  withdraw: {
    group: "citizen",
    summary: "withdraw a case as the applicant",
    load: async () => (await import("./commands/citizen/withdraw.ts")).withdrawCommand,
  },
  offers: {
    group: "citizen",
    summary: "a citizen's offers (免申即享): pre-filled applications the platform proposes",
    load: async () => (await import("./commands/citizen/offers.ts")).offersCommand,
  },
  offer: {
    group: "citizen",
    summary: "one offer: show it, accept it (the open fields answered) or decline it",
    load: async () => (await import("./commands/citizen/offers.ts")).offerCommand,
  },
  tasks: {
    group: "department",
    summary: "the tasks waiting on a department's queue, with their task tokens",
    load: async () => (await import("./commands/department/tasks.ts")).tasksCommand,
  },
  answer: {
    group: "department",
    summary:
      "answer a task as its department (completed, rejected, needs-supplement), or report accepted / in-progress, or transfer it",
    load: async () => (await import("./commands/department/answer.ts")).answerCommand,
  },
  event: {
    group: "source",
    summary: "send a data event as a source system (卫健's death registry, a roster …) and see what it did",
    load: async () => (await import("./commands/source/event.ts")).eventCommand,
  },
  cases: {
    group: "operator",
    summary: "list cases by status, bundle, department, date or overdue (as an operator)",
    load: async () => (await import("./commands/operator/cases.ts")).casesCommand,
  },
  dlq: {
    group: "operator",
    summary: "dead-letter queues: depths, and redrive to the source queue",
    load: async () => (await import("./commands/operator/dlq.ts")).dlqCommand,
  },
  calendar: {
    group: "operator",
    summary: "the working-day calendar: official and provisional years; load a holiday notice",
    load: async () => (await import("./commands/operator/calendar.ts")).calendarCommand,
  },
  token: {
    group: "operator",
    summary: "mint a dev token for the local issuer (citizen, clerk, department, source, operator)",
    load: async () => (await import("./commands/operator/token.ts")).tokenCommand,
  },
  "rotate-task-key": {
    group: "operator",
    summary:
      "rotate the local task-token key: new tokens use a new key, the old ones verify until they expire",
    load: async () => (await import("./commands/operator/rotate-task-key.ts")).rotateTaskKeyCommand,
  },
};

export function topLevelHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const entries = Object.entries(COMMANDS);
  const groups = Object.entries(COMMAND_GROUPS).flatMap(([group, title]) => [
    "",
    `${title}:`,
    ...entries
      .filter(([, c]) => c.group === group)
      .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ]);
  return [
    "onething — OneThing (一件事联办) on this machine: run the platform, file cases, act as a department or operator",
    "",
    "Usage: onething <command> [options]      onething <command> --help",
    ...groups,
    "",
    "Global options:",
    ...Object.entries(GLOBAL_OPTIONS).map(
      ([name, o]) =>
        `  ${`${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.value}` : ""}`.padEnd(20)}  ${o.description}`,
    ),
    "",
    "Get going:",
    "  npm start                                  # the platform, with simulated departments",
    "  npx onething submit after-death --sample   # a case from the seeds' samples",
    "  npx onething status <caseId>               # watch it fan out and come back",
    "  npx onething offers --as <idNumber>        # what the platform offers a person (免申即享)",
    "",
    "Errors are one line on stderr (exit 1; 2 for a wrong command line). Use --json for scripts.",
  ].join("\n");
}

const GLOBAL_STRING_OPTIONS = new Set(
  Object.entries(GLOBAL_OPTIONS)
    .filter(([, o]) => o.type === "string")
    .map(([name]) => `--${name}`),
);

/** The command word: the first argument that is neither an option nor a global option's value. */
export function splitCommand(argv: readonly string[]): { name: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") break;
    if (GLOBAL_STRING_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith("-")) continue;
    return { name: arg, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { name: undefined, rest: [...argv] };
}

/** Edit distance counting a swap of neighbours as one edit (`stauts` is one from `status`). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

function suggest(name: string): string {
  const best = Object.keys(COMMANDS)
    .map((c) => [c, editDistance(name, c)] as const)
    .sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 2 ? `; did you mean '${best[0]}'?` : "";
}

export interface RunOptions {
  io?: Io;
  /** Replaces parts of the real context (fetch, clock, signals, the @onething/local loader). */
  context?: Partial<Omit<Context, "json" | "dataDir" | "url">>;
}

/** Runs one command line; returns the exit code. Every failure is printed as one line on stderr. */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const io = options.io ?? processIo();
  const json = argv.includes("--json");
  try {
    const { name, rest } = splitCommand(argv);
    if (name === undefined || name === "help") {
      const topic = name === "help" ? splitCommand(rest).name : undefined;
      if (topic && COMMANDS[topic]) {
        io.out(formatCommandHelp(await (COMMANDS[topic] as CommandEntry).load()));
        return 0;
      }
      if (rest.includes("--version") || rest.includes("-v")) {
        io.out(await version());
        return 0;
      }
      const unknown = rest.find((a) => a.startsWith("-") && !["--help", "-h", "--json"].includes(a));
      if (unknown && name === undefined) throw new UsageError(`unknown option '${unknown}'`);
      io.out(topLevelHelp());
      return 0;
    }
    const entry = COMMANDS[name];
    if (!entry) throw new UsageError(`unknown command '${name}'${suggest(name)}`);
    const command = await entry.load();
    const args = parseCommandArgs(command, rest);
    if (args.flag("help")) {
      io.out(formatCommandHelp(command));
      return 0;
    }
    const ctx = createContext(
      {
        json: args.flag("json"),
        ...(args.string("data-dir") !== undefined ? { dataDir: args.string("data-dir") } : {}),
        ...(args.string("url") !== undefined ? { url: args.string("url") } : {}),
      },
      { ...options.context, io },
    );
    return (await command.run(ctx, args)) ?? 0;
  } catch (error) {
    return report(io, error, json);
  }
}

function report(io: Io, error: unknown, json: boolean): number {
  const known = error instanceof CliError;
  const message = known ? error.message : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
  io.err(`onething: ${oneLine(message)}`);
  if (json) {
    const code = known ? error.code : "internal";
    const extra =
      error instanceof CliError && "status" in error ? { status: (error as { status: number }).status } : {};
    io.out(JSON.stringify({ error: code, message: oneLine(message), ...extra }));
  }
  return known ? error.exitCode : 1;
}

async function version(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

import { FINAL_CASE_STATUSES } from "@onething/domain";
import { type ApiClient, createApiClient, getCase } from "../../api.ts";
import { actorFor } from "../../case-book.ts";
import { catalogue } from "../../catalogue.ts";
import type { Args, Command } from "../../command.ts";
import { type Context, emit, note } from "../../context.ts";
import { CliError } from "../../errors.ts";
import { describeIdentity, mintToken } from "../../identity.ts";
import { type Lang, renderCaseStatus } from "../../status-view.ts";

const AS_FORMS =
  "operator, citizen:<idNumber>, org:<uscc>, clerk:<name>[@<office>] or department:<id>[@<office>]";

export const AS_OPTION = {
  type: "string",
  value: "<who>",
  description: `read as ${AS_FORMS} (default: the applicant the CLI recorded at submission, else an operator)`,
} as const;

/** `--as` for acting on a case: only its applicant or filing clerk may, so there is no operator fallback. */
export const ACT_AS_OPTION = {
  type: "string",
  value: "<who>",
  description:
    "act as citizen:<idNumber>, org:<uscc> or clerk:<name>[@<office>] (default: the applicant the CLI recorded " +
    "when it submitted the case)",
} as const;

export function langOf(args: Args): Lang {
  const lang = args.string("lang") ?? "both";
  if (lang === "zh" || lang === "en" || lang === "both" || lang === "zh+en")
    return lang === "zh+en" ? "both" : lang;
  throw args.usage(`--lang must be zh, en or zh+en, not '${lang}'`);
}

const isFinal = (status: string) => (FINAL_CASE_STATUSES as readonly string[]).includes(status);

/**
 * An authenticated caller on one case, as `--as` or the case book says. Reading falls back to an operator;
 * acting (supplement, withdraw) is for the applicant or the filing clerk only, so it needs to know who that is.
 */
export async function caseReader(
  ctx: Context,
  caseId: string,
  as: string | undefined,
  purpose: "read" | "act" = "read",
) {
  const actor = await actorFor(ctx, caseId, as);
  if (actor.source === "fallback" && purpose === "act") {
    throw new CliError(
      `case ${caseId} was not submitted through this CLI with data dir ${ctx.dataDir}: say who the applicant is ` +
        "with --as citizen:<idNumber> (or org:<uscc>, clerk:<name>); only the applicant or the filing clerk may do this",
      { exitCode: 2, code: "usage" },
    );
  }
  const token = await mintToken(ctx, actor.identity);
  if (actor.source === "fallback" && !ctx.json) {
    note(ctx, `(case ${caseId} was not submitted through this CLI here; reading it as an operator)`);
  }
  const api: ApiClient = await createApiClient(ctx);
  return { actor, api, token, read: () => getCase(api, caseId, token) };
}

export const statusCommand: Command = {
  name: "status",
  summary: "a case's status, per item and department, with its timeline",
  usage: ["status <caseId> [--as <who>] [--lang zh|en|zh+en] [--timeline <n>] [--wait [--timeout <s>]]"],
  description: [
    "Prints the case (status, channel, times), one line per item — name, department, status, attempt, " +
      "due date (Beijing time; time limits end at 24:00 of the last working day) and the outputs, reason or " +
      "what the department asks for — and the tail of the timeline.",
  ],
  options: {
    as: AS_OPTION,
    lang: {
      type: "string",
      value: "<lang>",
      description: "zh, en, or zh+en (default: Chinese names with short English)",
    },
    timeline: {
      type: "string",
      value: "<n>",
      description: "timeline entries to show (default 8; 0 for none)",
    },
    wait: { type: "boolean", description: "poll until the case is final, then print it" },
    timeout: {
      type: "string",
      value: "<seconds>",
      description: "with --wait: give up after this long (default 120)",
    },
  },
  positionals: { min: 1, max: 1 },
  examples: [
    "onething status 01JC8X…",
    "onething status 01JC8X… --lang en --timeline 20",
    "onething status 01JC8X… --wait --json",
  ],
  async run(ctx, args) {
    const caseId = args.positional(0, "the case id");
    const lang = langOf(args);
    const tail = args.number("timeline", { min: 0, max: 10_000, integer: true }) ?? 8;
    const timeoutS = args.number("timeout", { min: 1, max: 86_400 }) ?? 120;
    const reader = await caseReader(ctx, caseId, args.string("as"));
    let view = await reader.read();
    if (args.flag("wait")) {
      const deadline = Date.now() + timeoutS * 1000;
      while (!isFinal(view.status)) {
        if (Date.now() > deadline) {
          throw new CliError(`case ${caseId} is still ${view.status} after ${timeoutS} s`, {
            code: "timeout",
          });
        }
        await ctx.sleep(500);
        view = await reader.read();
      }
    }
    emit(ctx, view, () =>
      [
        renderCaseStatus(view, { lang, catalogue: catalogue(), timelineTail: tail }),
        ...(reader.actor.source === "option" ? [`(as ${describeIdentity(reader.actor.identity)})`] : []),
      ].join("\n"),
    );
    return 0;
  },
};

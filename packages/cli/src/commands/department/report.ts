import type { TaskResultBody } from "@onething/contracts";
import type { Args } from "../../command.ts";

/** The words before a result (docs/task-status.md): not answers, so the task's message stays on the queue. */
export const REPORT_OUTCOMES: Record<string, TaskResultBody["outcome"]> = {
  accepted: "accepted",
  "in-progress": "in_progress",
  in_progress: "in_progress",
  transferred: "transferred",
};

/**
 * The body of `accepted`, `in-progress [--expected-by <date>]` or `transferred --to <office> [--reason <text>]`;
 * refusals the API would make anyway are caught here first.
 */
export function buildReportBody(args: Args, outcome: TaskResultBody["outcome"]): TaskResultBody {
  const expectedBy = args.string("expected-by");
  const to = args.string("to");
  const reason = args.string("reason");
  const answerOnly = ["output", "request", "request-document", "output-file"].some(
    (o) => args.list(o).length > 0,
  );
  if (answerOnly || args.string("outputs-json") !== undefined || args.flag("auto"))
    throw args.usage(
      `${args.positionals[1]} reports on the task; it returns no outputs and requests nothing`,
    );
  if (expectedBy !== undefined && outcome !== "in_progress")
    throw args.usage("--expected-by is for in-progress");
  if (outcome === "transferred") {
    if (!to) throw args.usage("transferred needs --to <jurisdiction code of the office>");
    return { outcome, office: to, ...(reason ? { reason } : {}) };
  }
  if (to !== undefined) throw args.usage("--to is for transferred");
  if (reason !== undefined) throw args.usage("--reason is for rejected, needs-supplement and transferred");
  return { outcome, ...(expectedBy ? { expectedBy } : {}) };
}

import type { TaskClaim } from "@onething/auth";
import type { TaskResultBody } from "@onething/contracts";
import type { Item } from "@onething/domain";
import { plausibleOutputs } from "@onething/local/outputs";
import { createApiClient } from "../../api.ts";
import { findItem } from "../../catalogue.ts";
import type { Args, Command } from "../../command.ts";
import { type Context, emit, note } from "../../context.ts";
import { inspectQueue, openDepartmentQueue } from "../../department-queue.ts";
import { CliError } from "../../errors.ts";
import { describeIdentity, type Identity, mintToken, parseIdentity } from "../../identity.ts";
import { type SweepReport, settleMessages } from "../../settled.ts";
import { decodeTaskToken } from "../../task-token.ts";
import { parseFileAssignment, uploadFile } from "../../upload.ts";
import { outputKind, parseAssignment, parseJsonObject } from "../../values.ts";
import { buildReportBody, REPORT_OUTCOMES } from "./report.ts";

const OUTCOMES: Record<string, TaskResultBody["outcome"]> = {
  completed: "completed",
  rejected: "rejected",
  "needs-supplement": "needs_supplement",
  needs_supplement: "needs_supplement",
  ...REPORT_OUTCOMES,
};

/** The TaskResult body from the command line; refusals the API would make anyway are caught here first. */
export function buildResultBody(
  args: Args,
  outcome: TaskResultBody["outcome"],
  item: { declared?: Readonly<Record<string, string>>; autoOutputs?: () => Record<string, unknown> } = {},
): TaskResultBody {
  if (Object.values(REPORT_OUTCOMES).includes(outcome)) return buildReportBody(args, outcome);
  const reason = args.string("reason");
  // A document request is answered with an upload (`{ documentId }`), a plain one with a value.
  const requests = [...args.list("request"), ...args.list("request-document").map((r) => `\0${r}`)];
  const outputArgs = args.list("output");
  const outputsJson = args.string("outputs-json");
  if (outcome === "completed") {
    if (reason !== undefined) throw args.usage("--reason is for rejected and needs-supplement");
    if (requests.length > 0) throw args.usage("--request is for needs-supplement");
    let outputs: Record<string, unknown> = args.flag("auto") && item.autoOutputs ? item.autoOutputs() : {};
    if (outputsJson !== undefined) outputs = { ...outputs, ...parseJsonObject(outputsJson, "outputs-json") };
    for (const text of outputArgs) {
      const [key, value] = parseAssignment(text, "output", (k) => outputKind(item.declared?.[k]));
      outputs[key] = value;
    }
    return { outcome, outputs };
  }
  if (outputArgs.length > 0 || outputsJson !== undefined || args.flag("auto")) {
    throw args.usage("only a completed task returns outputs");
  }
  if (!reason || reason.trim() === "") throw args.usage(`${args.positionals[1]} needs --reason <text>`);
  if (outcome === "rejected") {
    if (requests.length > 0) throw args.usage("--request is for needs-supplement");
    return { outcome, reason };
  }
  if (requests.length === 0) {
    throw args.usage("needs-supplement needs at least one --request <field>:<what is missing>");
  }
  const requested = requests.map((raw) => {
    const document = raw.startsWith("\0");
    const text = document ? raw.slice(1) : raw;
    const at = text.indexOf(":");
    if (at <= 0 || at === text.length - 1)
      throw args.usage(`--request takes <field>:<description>, not '${text}'`);
    const field = text.slice(0, at).trim();
    return {
      field,
      description: text.slice(at + 1).trim(),
      ...(document ? { kind: "document" as const } : {}),
    };
  });
  return { outcome, reason, requested };
}

/** `--auto`: the local simulation's generator, unseeded (each enum its first option; dates from the task's case). */
function autoOutputs(item: Item, task: TaskClaim): Record<string, unknown> {
  try {
    return plausibleOutputs(item, { task });
  } catch (error) {
    throw new CliError(`--auto: ${(error as Error).message}`);
  }
}

/**
 * Settles the answered task's message on the department's queue (see settled.ts): deleted at once when it stands
 * at the front, as a department's own consumer would after answering; otherwise when the tasks in front of it are
 * settled too. No other message is received. Undefined when the queue cannot be reached.
 */
async function settleTaskMessage(
  ctx: Context,
  department: string,
  taskToken: string,
): Promise<SweepReport | undefined> {
  try {
    const queue = await openDepartmentQueue(ctx, department);
    try {
      const ids = (await inspectQueue(queue)).visible
        .filter((m) => m.message?.type === "TaskDispatched" && m.message.taskToken === taskToken)
        .map((m) => m.messageId);
      return await settleMessages(ctx, queue, ids);
    } finally {
      queue.close();
    }
  } catch (error) {
    // The answer is in; a queue we cannot reach only means the message stays until it is received again.
    if (!ctx.json)
      note(ctx, `(could not remove the task message from the queue: ${(error as Error).message})`);
    return undefined;
  }
}

export const answerCommand: Command = {
  name: "answer",
  summary:
    "answer a task as its department (completed, rejected, needs-supplement), or report accepted / in-progress, or transfer it",
  usage: [
    "answer <taskToken> completed [--output <name>=<value>]… [--outputs-json <json|@file>] [--auto]",
    "answer <taskToken> rejected --reason <text>",
    "answer <taskToken> needs-supplement --reason <text> --request <field>:<what is missing>…",
    "answer <taskToken> accepted | in-progress [--expected-by <YYYY-MM-DD>]",
    "answer <taskToken> transferred --to <office jurisdiction code> [--reason <text>]",
  ],
  description: [
    "Posts POST /v1/tasks/{taskToken}/result with a department token for the department the task token names " +
      "(its payload says which). Output values are read as the item declares them (numbers, booleans, dates, " +
      "records as JSON); --auto fills the required outputs with placeholder values.",
    "After the platform accepts the answer, the task's message is deleted from the department's queue, as a " +
      "department's own consumer would after answering, without receiving any other message: at once when it " +
      "is the oldest waiting (answer in the order `tasks` lists), else once the tasks in front of it are " +
      "answered (until then `tasks` no longer lists it as open). --keep-message leaves it. A second answer to " +
      "the same attempt is refused by the platform (409) either way.",
  ],
  options: {
    output: {
      type: "string",
      multiple: true,
      value: "<name>=<value>",
      description: "an output of a completed task",
    },
    "outputs-json": {
      type: "string",
      value: "<json|@file>",
      description: "outputs as a JSON object (merged under --output)",
    },
    auto: {
      type: "boolean",
      description: "completed: fill the item's required outputs with placeholder values",
    },
    reason: {
      type: "string",
      value: "<text>",
      description: "why it is rejected, or what is wrong (needs-supplement)",
    },
    request: {
      type: "string",
      multiple: true,
      value: "<field>:<text>",
      description: "needs-supplement: a form field (section.name) or a document, and what is missing",
    },
    "output-file": {
      type: "string",
      multiple: true,
      value: "<output>=<path>",
      description:
        "completed: a document output (a certificate PDF), uploaded and checked, answered by reference",
    },
    "request-document": {
      type: "string",
      multiple: true,
      value: "<field>:<text>",
      description:
        "needs-supplement: a document the applicant uploads (pdf, jpeg, png), and what it must show",
    },
    "expected-by": {
      type: "string",
      value: "<YYYY-MM-DD>",
      description: "in-progress: the date the department expects to answer by",
    },
    to: {
      type: "string",
      value: "<code>",
      description: "transferred: the jurisdiction code of the department's office that takes the task over",
    },
    "keep-message": { type: "boolean", description: "leave the task's message on the department's queue" },
    as: {
      type: "string",
      value: "<who>",
      description: "act as someone else (default: department:<the token's department>)",
    },
  },
  positionals: { min: 2, max: 2 },
  examples: [
    "onething answer <token> completed --output certificateNumber=SW-2025-0001",
    'onething answer <token> completed --outputs-json \'{"holdings":[{"bank":"ICBC","amount":1200}]}\'',
    "onething answer <token> completed --auto --output-file licencePdf=./licence.pdf",
    "onething answer <token> rejected --reason '不符合申领条件'",
    "onething answer <token> needs-supplement --reason '缺少火化证明' --request 'cremationProof:火化证明扫描件'",
    "onething answer <token> needs-supplement --reason '照片不清晰' --request-document 'certificateScan:死亡证明原件照片'",
    "onething answer <token> in-progress --expected-by 2026-12-09",
    "onething answer <token> transferred --to 330203 --reason '医院在海曙区'",
  ],
  async run(ctx, args) {
    const taskToken = args.positional(0, "the task token").trim();
    const word = args.positional(1, "the outcome");
    const outcome = OUTCOMES[word];
    if (!outcome)
      throw args.usage(
        `the outcome must be completed, rejected, needs-supplement, accepted, in-progress or transferred, not '${word}'`,
      );
    const claim = decodeTaskToken(taskToken);
    const item = findItem(claim.itemId, claim.department);
    const declared = item ? Object.fromEntries(item.outputs.map((o) => [o.name, o.type])) : undefined;
    if (args.flag("auto") && !item) {
      throw new CliError(`--auto: no item ${claim.itemId} at ${claim.department} in the catalogue`);
    }
    const body = buildResultBody(args, outcome, {
      ...(declared ? { declared } : {}),
      ...(item ? { autoOutputs: () => autoOutputs(item, claim) } : {}),
    });
    const as = args.string("as");
    const identity: Identity = as ? parseIdentity(as) : { role: "department", department: claim.department };
    const token = await mintToken(ctx, identity);
    const api = await createApiClient(ctx);
    const files = args.list("output-file");
    if (files.length > 0 && body.outcome !== "completed")
      throw args.usage("only a completed task returns outputs");
    for (const text of files) {
      const [output, path] = parseFileAssignment(text, "output-file");
      const ticketPath = `/v1/tasks/${encodeURIComponent(taskToken)}/documents`;
      const ref = await uploadFile(ctx, api, token, ticketPath, { output }, path);
      if (body.outcome === "completed") body.outputs = { ...body.outputs, [output]: ref };
    }
    const accepted = await api.request("POST", `/v1/tasks/${encodeURIComponent(taskToken)}/result`, {
      token,
      body,
    });
    // A status report leaves the task open: its message stays (a transfer ends this office's task).
    const report = outcome === "accepted" || outcome === "in_progress";
    const settled =
      args.flag("keep-message") || report
        ? undefined
        : await settleTaskMessage(ctx, claim.department, taskToken);
    const removed = settled?.deleted ?? 0;
    const waiting = settled?.waiting ?? 0;
    emit(ctx, { ...claim, outcome, body, accepted, removedFromQueue: removed, waitingOnQueue: waiting }, () =>
      [
        `Answered ${claim.itemId} of case ${claim.caseId} (attempt ${claim.attempt}) as ${describeIdentity(identity)}: ${word}.`,
        removed ? `Removed the task's message from the ${claim.department} queue.` : "",
        waiting
          ? `The task's message stays on the ${claim.department} queue (not listed as open) until the tasks in ` +
            "front of it are answered: SQS hands messages out oldest first, and the others are not received."
          : "",
        `The orchestrator applies it in a moment: npx onething status ${claim.caseId}`,
      ]
        .filter(Boolean)
        .join("\n"),
    );
    return 0;
  },
};
